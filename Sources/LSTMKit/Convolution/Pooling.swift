// Max and average pooling (PyTorch `F.max_pool1d/2d`, `F.avg_pool1d/2d` with dilation 1, ceil_mode false,
// count_include_pad true), each a loop over the windows with a hand-written backward. The readable
// definitions from differentiable ops are in Pooling+Reference.swift; the tests hold the two equal.

/// 2-D max pooling, PyTorch `F.max_pool2d(x, kernel, stride, padding)`: x [B, C, H, W] -> y [B, C, OH, OW]
///
///     y[b, c, p, q] = max over i < kH, j < kW of xpad[b, c, p * sH + i, q * sW + j]
///
/// where `xpad` is x padded with -infinity (so padding never wins), OH = floor((H + 2 * padH - kH) / sH) + 1
/// (likewise OW), `stride` defaults to `kernel` and `padding` may be at most half the kernel (PyTorch's rule:
/// every window then holds at least one input element).
///
/// Gradient and ties: dy[b, c, p, q] goes to the one input element that is the window's maximum; when several
/// elements tie, to the FIRST of them in row-major window order (i, then j). PyTorch's CPU kernel does the
/// same (`val > maxval`), tested on tied data in conv.json. A NaN wins its window, as in PyTorch.
public func maxPool2d<S: TensorScalar>(
    _ x: Tensor<S>, kernel: Size2D, stride: Size2D? = nil, padding: Size2D = 0
) -> Tensor<S> {
    let g = poolGeometry("maxPool2d", x.shape, kernel, stride, padding)
    return pool(x, g, max: true, "maxPool2d")
}

/// 2-D average pooling, PyTorch `F.avg_pool2d(x, kernel, stride, padding)` (count_include_pad true):
///
///     y[b, c, p, q] = (1 / (kH * kW)) * sum over i < kH, j < kW of xpad[b, c, p * sH + i, q * sW + j]
///
/// with zero padding that counts in the divisor. Sizes as `maxPool2d`.
public func avgPool2d<S: TensorScalar>(
    _ x: Tensor<S>, kernel: Size2D, stride: Size2D? = nil, padding: Size2D = 0
) -> Tensor<S> {
    let g = poolGeometry("avgPool2d", x.shape, kernel, stride, padding)
    return pool(x, g, max: false, "avgPool2d")
}

/// 1-D max pooling over x [B, C, L] (PyTorch `F.max_pool1d`): `maxPool2d` with H = 1, same tie rule.
public func maxPool1d<S: TensorScalar>(_ x: Tensor<S>, kernel: Int, stride: Int? = nil, padding: Int = 0) -> Tensor<S> {
    pool1d(x, kernel, stride, padding, max: true, "maxPool1d")
}

/// 1-D average pooling over x [B, C, L] (PyTorch `F.avg_pool1d`, count_include_pad true).
public func avgPool1d<S: TensorScalar>(_ x: Tensor<S>, kernel: Int, stride: Int? = nil, padding: Int = 0) -> Tensor<S> {
    pool1d(x, kernel, stride, padding, max: false, "avgPool1d")
}

func pool1d<S: TensorScalar>(
    _ x: Tensor<S>, _ kernel: Int, _ stride: Int?, _ padding: Int, max: Bool, _ op: String
) -> Tensor<S> {
    if x.rank != 3 { failure("\(op): input shape \(x.shape) has \(x.rank) axes, expected [B, C, L]") }
    let (b, c, l) = (x.shape[0], x.shape[1], x.shape[2])
    let g = poolGeometry(op, [b, c, 1, l], Size2D(1, kernel), stride.map { Size2D(1, $0) }, Size2D(0, padding),
                         shown: x.shape)
    return pool(x.reshaped([b, c, 1, l]), g, max: max, op).reshaped([b, c, g.outWidth])
}

/// Checks a pooling call; stride defaults to the kernel; padding at most half the kernel.
func poolGeometry(
    _ op: String, _ shape: [Int], _ kernel: Size2D, _ stride: Size2D?, _ padding: Size2D, shown: [Int]? = nil
) -> ConvGeometry {
    let oneD = shown != nil
    if shape.count != 4 { failure("\(op): input shape \(shape) has \(shape.count) axes, expected [B, C, H, W]") }
    if padding.height * 2 > kernel.height || padding.width * 2 > kernel.width {
        let (p, k) = oneD ? ("\(padding.width)", "\(kernel.width)") : ("\(padding)", "\(kernel)")
        failure("\(op): padding \(p) must be at most half the kernel size \(k)")
    }
    return ConvGeometry(op, input: shape, kernel: kernel, stride: stride ?? kernel, padding: .explicit(padding),
                        dilation: 1, displayAxes: oneD ? 1 : 2)
}

/// The pooling fast path over x [B, C, H, W] -> [B, C, OH, OW].
func pool<S: TensorScalar>(_ x: Tensor<S>, _ g: ConvGeometry, max: Bool, _ op: String) -> Tensor<S> {
    let planes = g.batch * g.channels
    let (inPlane, outPlane) = (g.inCount, g.outCount)
    var y = filledScalars(S(0), count: planes * outPlane)
    // Max: the flat input index of each window's maximum, for backward.
    var winners = [Int](repeating: 0, count: max ? planes * outPlane : 0)
    x.scalars.withUnsafeBufferPointer { px in
        y.withUnsafeMutableBufferPointer { py in
            winners.withUnsafeMutableBufferPointer { pw in
                guard let px = px.baseAddress, let py = py.baseAddress else { return }
                for plane in 0..<planes {
                    if max {
                        PoolKernels.maxForward(px + plane * inPlane, py + plane * outPlane,
                                               pw.baseAddress! + plane * outPlane, g)
                        for k in 0..<outPlane { pw[plane * outPlane + k] += plane * inPlane }
                    } else {
                        PoolKernels.avgForward(px + plane * inPlane, py + plane * outPlane, g)
                    }
                }
            }
        }
    }
    let output = Tensor<S>(shape: [g.batch, g.channels, g.outHeight, g.outWidth], scalars: y)
    let xShape = x.shape
    return Tensor.customOp(name: op, inputs: [x], outputs: [output]) { grads in
        let dy = grads[0].scalars
        var dx = filledScalars(S(0), count: planes * inPlane)
        if max {
            for (k, source) in winners.enumerated() { dx[source] += dy[k] }
        } else {
            dy.withUnsafeBufferPointer { pdy in
                dx.withUnsafeMutableBufferPointer { pdx in
                    for plane in 0..<planes {
                        PoolKernels.avgBackward(pdy.baseAddress! + plane * outPlane,
                                                pdx.baseAddress! + plane * inPlane, g)
                    }
                }
            }
        }
        return [Tensor(shape: xShape, scalars: dx)]
    }[0]
}

/// The per-plane loops (one channel of one batch item), specialized for Float and Double.
enum PoolKernels {
    static func maxForward<S: TensorScalar>(
        _ x: UnsafePointer<S>, _ y: UnsafeMutablePointer<S>, _ winner: UnsafeMutablePointer<Int>, _ g: ConvGeometry
    ) {
        if S.self == Float.self { maxBody(x.cast(Float.self), y.cast(Float.self), winner, g) }
        else if S.self == Double.self { maxBody(x.cast(Double.self), y.cast(Double.self), winner, g) }
        else { maxBody(x, y, winner, g) }
    }

    static func avgForward<S: TensorScalar>(_ x: UnsafePointer<S>, _ y: UnsafeMutablePointer<S>, _ g: ConvGeometry) {
        if S.self == Float.self { avgBody(x.cast(Float.self), y.cast(Float.self), g) }
        else if S.self == Double.self { avgBody(x.cast(Double.self), y.cast(Double.self), g) }
        else { avgBody(x, y, g) }
    }

    static func avgBackward<S: TensorScalar>(_ dy: UnsafePointer<S>, _ dx: UnsafeMutablePointer<S>, _ g: ConvGeometry) {
        if S.self == Float.self { avgBackBody(dy.cast(Float.self), dx.cast(Float.self), g) }
        else if S.self == Double.self { avgBackBody(dy.cast(Double.self), dx.cast(Double.self), g) }
        else { avgBackBody(dy, dx, g) }
    }

    /// The window of output (p, q) clipped to the input: rows h0..<h1, columns w0..<w1.
    @inline(__always)
    static func window(_ p: Int, _ q: Int, _ g: ConvGeometry) -> (Int, Int, Int, Int) {
        let h = p * g.strideHeight - g.padTop, w = q * g.strideWidth - g.padLeft
        return (Swift.max(h, 0), Swift.min(h + g.kernelHeight, g.height),
                Swift.max(w, 0), Swift.min(w + g.kernelWidth, g.width))
    }

    @inline(__always)
    static func maxBody<S: TensorScalar>(
        _ x: UnsafePointer<S>, _ y: UnsafeMutablePointer<S>, _ winner: UnsafeMutablePointer<Int>, _ g: ConvGeometry
    ) {
        for p in 0..<g.outHeight {
            for q in 0..<g.outWidth {
                let (h0, h1, w0, w1) = window(p, q, g)
                var best = -S.infinity, at = h0 * g.width + w0
                for h in h0..<h1 {
                    for w in w0..<w1 {
                        let v = x[h * g.width + w]
                        if v > best || v.isNaN { best = v; at = h * g.width + w }
                    }
                }
                y[p * g.outWidth + q] = best
                winner[p * g.outWidth + q] = at
            }
        }
    }

    @inline(__always)
    static func avgBody<S: TensorScalar>(_ x: UnsafePointer<S>, _ y: UnsafeMutablePointer<S>, _ g: ConvGeometry) {
        let scale = 1 / S(g.kernelCount)
        for p in 0..<g.outHeight {
            for q in 0..<g.outWidth {
                let (h0, h1, w0, w1) = window(p, q, g)
                var s: S = 0
                for h in h0..<h1 { for w in w0..<w1 { s += x[h * g.width + w] } }
                y[p * g.outWidth + q] = s * scale
            }
        }
    }

    @inline(__always)
    static func avgBackBody<S: TensorScalar>(_ dy: UnsafePointer<S>, _ dx: UnsafeMutablePointer<S>, _ g: ConvGeometry) {
        let scale = 1 / S(g.kernelCount)
        for p in 0..<g.outHeight {
            for q in 0..<g.outWidth {
                let (h0, h1, w0, w1) = window(p, q, g)
                let d = dy[p * g.outWidth + q] * scale
                for h in h0..<h1 { for w in w0..<w1 { dx[h * g.width + w] += d } }
            }
        }
    }
}
