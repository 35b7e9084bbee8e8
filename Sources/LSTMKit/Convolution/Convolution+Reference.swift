// The readable definition of conv2d, built only from differentiable ops (gather, matmul, concat, reshape,
// permute, +), so its gradients come from theirs. The tests hold `conv2d` (im2col + GEMM with a hand-written
// backward) equal to it, forward and every gradient.

/// `conv2d` written as the equation: unfold the padded input into columns with `gather`, then one matmul per
/// group.
///
///     xz       = [x[b] flattened, 0]                    [B, Cin * H * W + 1]  (the 0 is every padding cell)
///     cols     = gather(xz, unfold indices)             [B, Cin * kH * kW, OH * OW]
///     y_g      = cols_g^T @ W_g^T                       [B, OH * OW, Cout / groups]  for each group g
///     y        = concat(y_g)^T + bias                   [B, Cout, OH, OW]
///
/// where row (c * kH + i) * kW + j, column oh * OW + ow of `cols` is xpad[b, c, oh * sH + i * dH, ow * sW + j * dW]
/// (`ConvGeometry.unfoldIndices`). Same arguments, shapes and errors as `conv2d`.
public func conv2dReference<S: TensorScalar>(
    _ x: Tensor<S>, weight: Tensor<S>, bias: Tensor<S>? = nil,
    stride: Size2D = 1, padding: ConvPadding = .valid, dilation: Size2D = 1, groups: Int = 1
) -> Tensor<S> {
    let g = convGeometry("conv2d", x.shape, weight.shape, bias?.shape, stride, padding, dilation, groups)
    let (batch, cout, l) = (g.batch, weight.shape[0], g.outCount)
    let k = g.channels * g.kernelCount
    let (kg, coutG) = (k / groups, cout / groups)
    let cols = unfoldReference(x, g, padValue: 0).reshaped([batch, k, l])            // [B, K, L]
    let w2 = weight.reshaped([cout, kg])                                              // [Cout, K / groups]
    var parts: [Tensor<S>] = []
    for grp in 0..<groups {
        let colsG = cols.slice(axis: 1, grp * kg..<(grp + 1) * kg).transposed(1, 2)  // [B, L, K / groups]
        let wG = w2.slice(axis: 0, grp * coutG..<(grp + 1) * coutG)                   // [Cout / groups, K / groups]
        parts.append(matmul(colsG, wG, transposeB: true))                             // [B, L, Cout / groups]
    }
    var y = Tensor.concat(parts, axis: 2).transposed(1, 2)                            // [B, Cout, L]
    if let bias { y = y + bias.reshaped([1, cout, 1]) }
    return y.reshaped([batch, cout, g.outHeight, g.outWidth])
}

/// The unfolded input from differentiable ops: [B, C, kH * kW, OH * OW], `padValue` in the padding (0 for
/// convolution and average pooling, -infinity for max pooling).
func unfoldReference<S: TensorScalar>(_ x: Tensor<S>, _ g: ConvGeometry, padValue: S) -> Tensor<S> {
    let n = g.channels * g.inCount
    let xz = Tensor.concat([x.reshaped([g.batch, n]), Tensor.full([g.batch, 1], padValue)], axis: 1)  // [B, n + 1]
    let one = g.unfoldIndices().map { $0 < 0 ? n : $0 }
    let indices = Array((0..<g.batch).map { _ in one }.joined())
    return xz.gather(axis: 1, indices: indices, indexShape: [g.batch, one.count])
        .reshaped([g.batch, g.channels, g.kernelCount, g.outCount])
}
