/// Two sizes, one per spatial axis (height, width) of a 2-D convolution or pooling: kernel, stride,
/// dilation. An integer literal means the same size on both axes (`stride: 2`), as PyTorch's `int` or `(h, w)`.
public struct Size2D: Hashable, Sendable, Codable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    public var height: Int
    public var width: Int
    public init(_ height: Int, _ width: Int) { self.height = height; self.width = width }
    public init(integerLiteral value: Int) { self.init(value, value) }
    public var description: String { height == width ? "\(height)" : "(\(height), \(width))" }
}

/// The zero padding of a convolution (PyTorch `padding=`): a number of zeros on each side of each spatial
/// axis, or `same` (PyTorch `padding="same"`, stride 1 only): the output has the input's size; the total
/// padding `dilation * (kernel - 1)` is split with the extra zero, if odd, on the bottom/right, as PyTorch does.
public enum ConvPadding: Hashable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    /// `padding` zeros before and after the input on the (height, width) axes.
    case explicit(Size2D)
    /// The output size equals the input size (stride 1).
    case same

    /// No padding (PyTorch `padding="valid"` or 0).
    public static let valid = ConvPadding.explicit(0)
    public init(integerLiteral value: Int) { self = .explicit(Size2D(value, value)) }
    public var description: String {
        switch self { case .same: return "same"; case .explicit(let p): return "\(p)" }
    }
}

/// The sizes of one 2-D convolution or pooling, checked once: input [B, C, H, W], kernel (kH, kW), stride,
/// dilation, zero padding (top, left, bottom, right) and the output size (OH, OW).
///
///     OH = floor((H + padTop + padBottom - dilation.h * (kH - 1) - 1) / stride.h) + 1
///     OW = floor((W + padLeft + padRight - dilation.w * (kW - 1) - 1) / stride.w) + 1
///
/// (PyTorch's formula.) A 1-D convolution is the 2-D one with H = 1, kH = 1.
struct ConvGeometry: Equatable {
    var batch, channels, height, width: Int
    var kernelHeight, kernelWidth: Int
    var strideHeight, strideWidth: Int
    var dilationHeight, dilationWidth: Int
    var padTop, padLeft, padBottom, padRight: Int
    var outHeight, outWidth: Int

    /// Output positions per channel: OH * OW (L, the columns of the unfolded matrix).
    var outCount: Int { outHeight * outWidth }
    /// Kernel positions per channel: kH * kW.
    var kernelCount: Int { kernelHeight * kernelWidth }
    /// Input positions per channel: H * W.
    var inCount: Int { height * width }

    /// Checks the sizes and computes the output size; `op` and `inputShape` name the call in the message.
    init(_ op: String, input shape: [Int], kernel: Size2D, stride: Size2D, padding: ConvPadding,
         dilation: Size2D, displayAxes: Int = 2) {
        if shape.count != 4 { failure("\(op): input shape \(shape) has \(shape.count) axes, expected [B, C, H, W]") }
        (batch, channels, height, width) = (shape[0], shape[1], shape[2], shape[3])
        (kernelHeight, kernelWidth) = (kernel.height, kernel.width)
        (strideHeight, strideWidth) = (stride.height, stride.width)
        (dilationHeight, dilationWidth) = (dilation.height, dilation.width)
        let show = { (s: Size2D) in displayAxes == 1 ? "\(s.width)" : "\(s)" }
        if kernel.height < 1 || kernel.width < 1 { failure("\(op): kernel size \(show(kernel)) must be at least 1") }
        if stride.height < 1 || stride.width < 1 { failure("\(op): stride \(show(stride)) must be at least 1") }
        if dilation.height < 1 || dilation.width < 1 { failure("\(op): dilation \(show(dilation)) must be at least 1") }
        switch padding {
        case .same:
            if stride != Size2D(1, 1) {
                failure("\(op): padding \"same\" needs stride 1, got stride \(show(stride))")
            }
            let totalH = dilation.height * (kernel.height - 1), totalW = dilation.width * (kernel.width - 1)
            (padTop, padBottom) = (totalH / 2, totalH - totalH / 2)
            (padLeft, padRight) = (totalW / 2, totalW - totalW / 2)
        case .explicit(let p):
            if p.height < 0 || p.width < 0 { failure("\(op): padding \(show(p)) must not be negative") }
            (padTop, padBottom, padLeft, padRight) = (p.height, p.height, p.width, p.width)
        }
        let spanH = dilation.height * (kernel.height - 1) + 1, spanW = dilation.width * (kernel.width - 1) + 1
        let paddedH = height + padTop + padBottom, paddedW = width + padLeft + padRight
        if spanW > paddedW || spanH > paddedH {
            let span = displayAxes == 1 ? "\(spanW)" : "\(spanH) x \(spanW)"
            let padded = displayAxes == 1 ? "\(paddedW)" : "\(paddedH) x \(paddedW)"
            failure("\(op): the kernel spans \(span) (kernel \(show(kernel)), dilation \(show(dilation))), " +
                    "larger than the padded input \(padded) (input shape \(shape), padding \(padding))")
        }
        outHeight = (paddedH - spanH) / stride.height + 1
        outWidth = (paddedW - spanW) / stride.width + 1
    }

    /// The input offset (c * H * W + h * W + w) that row k = (c * kH + i) * kW + j, column l = oh * OW + ow
    /// of the unfolded matrix reads, or -1 where it falls in the padding. Row-major [C * kH * kW, OH * OW].
    func unfoldIndices() -> [Int] {
        var index = [Int](); index.reserveCapacity(channels * kernelCount * outCount)
        for c in 0..<channels {
            for i in 0..<kernelHeight {
                for j in 0..<kernelWidth {
                    for oh in 0..<outHeight {
                        let h = oh * strideHeight - padTop + i * dilationHeight
                        for ow in 0..<outWidth {
                            let w = ow * strideWidth - padLeft + j * dilationWidth
                            let inside = h >= 0 && h < height && w >= 0 && w < width
                            index.append(inside ? (c * height + h) * width + w : -1)
                        }
                    }
                }
            }
        }
        return index
    }
}
