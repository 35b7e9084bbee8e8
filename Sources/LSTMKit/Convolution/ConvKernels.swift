// The loops under conv2d and the pooling ops, over raw buffers of one batch item.
//
// Each kernel is written once, generically, and called through a Float and a Double entry so the compiler
// specializes it: generic callers in another module (an application's Conv1D<Float>) would otherwise run an
// unspecialized per-element loop.

enum ConvKernels {
    /// im2col: `cols[k, l]` = the input element row k = (c * kH + i) * kW + j of output position
    /// l = oh * OW + ow reads (zero in the padding). x [C, H, W] -> cols [C * kH * kW, OH * OW].
    static func unfold<S: TensorScalar>(_ x: UnsafePointer<S>, _ cols: UnsafeMutablePointer<S>, _ g: ConvGeometry) {
        if S.self == Float.self {
            unfoldBody(x.cast(Float.self), cols.cast(Float.self), g)
        } else if S.self == Double.self {
            unfoldBody(x.cast(Double.self), cols.cast(Double.self), g)
        } else {
            unfoldBody(x, cols, g)
        }
    }

    /// col2im, the adjoint of `unfold`: `dx[c, h, w] += dcols[k, l]` for every (k, l) that read (c, h, w).
    static func fold<S: TensorScalar>(_ dcols: UnsafePointer<S>, _ dx: UnsafeMutablePointer<S>, _ g: ConvGeometry) {
        if S.self == Float.self {
            foldBody(dcols.cast(Float.self), dx.cast(Float.self), g)
        } else if S.self == Double.self {
            foldBody(dcols.cast(Double.self), dx.cast(Double.self), g)
        } else {
            foldBody(dcols, dx, g)
        }
    }

    @inline(__always)
    static func unfoldBody<S: TensorScalar>(_ x: UnsafePointer<S>, _ cols: UnsafeMutablePointer<S>, _ g: ConvGeometry) {
        let (ow, l) = (g.outWidth, g.outCount)
        for c in 0..<g.channels {
            for i in 0..<g.kernelHeight {
                for j in 0..<g.kernelWidth {
                    let row = cols + ((c * g.kernelHeight + i) * g.kernelWidth + j) * l
                    let w0 = j * g.dilationWidth - g.padLeft
                    for oh in 0..<g.outHeight {
                        let h = oh * g.strideHeight - g.padTop + i * g.dilationHeight
                        let dst = row + oh * ow
                        if h < 0 || h >= g.height {
                            dst.update(repeating: 0, count: ow)
                            continue
                        }
                        let src = x + (c * g.height + h) * g.width
                        for o in 0..<ow {
                            let w = o * g.strideWidth + w0
                            dst[o] = w >= 0 && w < g.width ? src[w] : 0
                        }
                    }
                }
            }
        }
    }

    @inline(__always)
    static func foldBody<S: TensorScalar>(_ dcols: UnsafePointer<S>, _ dx: UnsafeMutablePointer<S>, _ g: ConvGeometry) {
        let (ow, l) = (g.outWidth, g.outCount)
        for c in 0..<g.channels {
            for i in 0..<g.kernelHeight {
                for j in 0..<g.kernelWidth {
                    let row = dcols + ((c * g.kernelHeight + i) * g.kernelWidth + j) * l
                    let w0 = j * g.dilationWidth - g.padLeft
                    for oh in 0..<g.outHeight {
                        let h = oh * g.strideHeight - g.padTop + i * g.dilationHeight
                        if h < 0 || h >= g.height { continue }
                        let src = row + oh * ow
                        let dst = dx + (c * g.height + h) * g.width
                        for o in 0..<ow {
                            let w = o * g.strideWidth + w0
                            if w >= 0 && w < g.width { dst[w] += src[o] }
                        }
                    }
                }
            }
        }
    }
}

extension UnsafePointer {
    /// The same address as a pointer to `T` (only where `Pointee == T`: the Float/Double dispatch above).
    @inline(__always)
    func cast<T>(_: T.Type) -> UnsafePointer<T> { UnsafeRawPointer(self).assumingMemoryBound(to: T.self) }
}

extension UnsafeMutablePointer {
    /// The same address as a pointer to `T` (only where `Pointee == T`).
    @inline(__always)
    func cast<T>(_: T.Type) -> UnsafeMutablePointer<T> { UnsafeMutableRawPointer(self).assumingMemoryBound(to: T.self) }
}
