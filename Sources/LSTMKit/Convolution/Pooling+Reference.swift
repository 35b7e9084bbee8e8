// The readable definitions of max and average pooling from differentiable ops: unfold the padded input with
// `gather` (Convolution+Reference.swift), then `max` or `mean` over the window axis. Their gradients come
// from those ops; the tests hold the pooling fast path equal to them.

/// `maxPool2d` / `avgPool2d` as the equations (same arguments and errors):
///
///     windows = unfold(xpad)                           [B, C, kH * kW, OH * OW]
///     y       = windows.max(axis: 2)   or   windows.mean(axis: 2)     -> [B, C, OH, OW]
///
/// `xpad` holds -infinity (max) or 0 (average, counted in the mean) in the padding. `max(axis:)` sends the
/// gradient to the first maximum along the axis: the first in row-major window order, as the fast path.
public func pool2dReference<S: TensorScalar>(
    _ x: Tensor<S>, kernel: Size2D, stride: Size2D? = nil, padding: Size2D = 0, max: Bool
) -> Tensor<S> {
    let op = max ? "maxPool2d" : "avgPool2d"
    let g = poolGeometry(op, x.shape, kernel, stride, padding)
    let windows = unfoldReference(x, g, padValue: max ? -S.infinity : 0)    // [B, C, kH * kW, OH * OW]
    let y = max ? windows.max(axis: 2) : windows.mean(axis: 2)               // [B, C, OH * OW]
    return y.reshaped([g.batch, g.channels, g.outHeight, g.outWidth])
}
