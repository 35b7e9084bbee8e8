// conv2d and conv1d: the differentiable convolution ops (PyTorch `F.conv2d` / `F.conv1d`), computed as
// im2col + one GEMM per batch item and group. `conv2dReference` (Convolution+Reference.swift) is the same
// function built from gather and matmul; the tests hold the two equal, forward and every gradient.

/// 2-D convolution (cross-correlation, as in every deep-learning library), PyTorch `torch.nn.functional.conv2d`.
///
///     x: [B, Cin, H, W]   weight: [Cout, Cin / groups, kH, kW]   bias: [Cout]   y: [B, Cout, OH, OW]
///
///     y[b, o, p, q] = bias[o] + sum over c < Cin/groups, i < kH, j < kW of
///                     weight[o, c, i, j] * xpad[b, g * Cin/groups + c, p * sH + i * dH, q * sW + j * dW]
///
/// where g = o / (Cout / groups) is the group of output channel o, and `xpad` is x with `padding` zeros on
/// each side (top/left at index 0). Output size (PyTorch's formula):
///
///     OH = floor((H + padTop + padBottom - dH * (kH - 1) - 1) / sH) + 1      (likewise OW)
///
/// Computed as y[b] = W_g @ cols_g[b] per group, with cols[b] = unfold(x[b]) [Cin * kH * kW, OH * OW]
/// (`ConvKernels.unfold`). Backward:
///
///     dW_g += dy_g[b] @ cols_g[b]^T      dcols_g[b] = W_g^T @ dy_g[b]      dx[b] = fold(dcols[b])
///     dbias[o] = sum over b, p, q of dy[b, o, p, q]
///
/// Stops with a message naming the shapes when they do not fit: a kernel larger than the padded input,
/// channels not divisible by `groups`, a weight whose input channels are not Cin / groups, `same` with a
/// stride above 1.
public func conv2d<S: TensorScalar>(
    _ x: Tensor<S>, weight: Tensor<S>, bias: Tensor<S>? = nil,
    stride: Size2D = 1, padding: ConvPadding = .valid, dilation: Size2D = 1, groups: Int = 1
) -> Tensor<S> {
    let g = convGeometry("conv2d", x.shape, weight.shape, bias?.shape, stride, padding, dilation, groups)
    return convolve("conv2d", x, weight.reshaped([weight.shape[0], weight.count / max(weight.shape[0], 1)]),
                    bias, g, groups).reshaped([g.batch, weight.shape[0], g.outHeight, g.outWidth])
}

/// 1-D convolution, PyTorch `torch.nn.functional.conv1d`: x [B, Cin, L], weight [Cout, Cin / groups, k],
/// bias [Cout] -> y [B, Cout, OL] with
///
///     y[b, o, t] = bias[o] + sum over c, j of weight[o, c, j] * xpad[b, g * Cin/groups + c, t * s + j * d]
///     OL = floor((L + 2 * padding - d * (k - 1) - 1) / s) + 1
///
/// It is `conv2d` with H = 1 and kH = 1 (`padding: .same` pads the extra zero, if any, on the right).
public func conv1d<S: TensorScalar>(
    _ x: Tensor<S>, weight: Tensor<S>, bias: Tensor<S>? = nil,
    stride: Int = 1, padding: ConvPadding = .valid, dilation: Int = 1, groups: Int = 1
) -> Tensor<S> {
    if x.rank != 3 { failure("conv1d: input shape \(x.shape) has \(x.rank) axes, expected [B, Cin, L]") }
    if weight.rank != 3 {
        failure("conv1d: weight shape \(weight.shape) has \(weight.rank) axes, expected [Cout, Cin / groups, k]")
    }
    let padding2: ConvPadding
    switch padding {
    case .same: padding2 = .same
    case .explicit(let p): padding2 = .explicit(Size2D(0, p.width))
    }
    let (b, c, l) = (x.shape[0], x.shape[1], x.shape[2])
    let w = weight.shape
    let g = convGeometry("conv1d", [b, c, 1, l], [w[0], w[1], 1, w[2]], bias?.shape, Size2D(1, stride), padding2,
                         Size2D(1, dilation), groups, weightShown: w, inputShown: x.shape)
    return convolve("conv1d", x.reshaped([b, c, 1, l]), weight.reshaped([w[0], w[1] * w[2]]), bias, g, groups)
        .reshaped([b, w[0], g.outWidth])
}

/// Checks x [B, Cin, H, W] against weight [Cout, Cin / groups, kH, kW] and bias [Cout]; the geometry.
func convGeometry(
    _ op: String, _ x: [Int], _ w: [Int], _ bias: [Int]?, _ stride: Size2D, _ padding: ConvPadding,
    _ dilation: Size2D, _ groups: Int, weightShown: [Int]? = nil, inputShown: [Int]? = nil
) -> ConvGeometry {
    let (shownW, shownX) = (weightShown ?? w, inputShown ?? x)
    let axes = weightShown == nil ? "[Cout, Cin / groups, kH, kW]" : "[Cout, Cin / groups, k]"
    if x.count != 4 { failure("\(op): input shape \(shownX) has \(shownX.count) axes, expected [B, Cin, H, W]") }
    if w.count != 4 { failure("\(op): weight shape \(shownW) has \(shownW.count) axes, expected \(axes)") }
    if groups < 1 { failure("\(op): groups \(groups) must be at least 1") }
    if x[1] % groups != 0 || w[0] % groups != 0 {
        failure("\(op): groups \(groups) must divide the input channels (\(x[1]), input shape \(shownX)) and " +
                "the output channels (\(w[0]), weight shape \(shownW))")
    }
    if w[1] * groups != x[1] {
        failure("\(op): weight shape \(shownW) expects \(w[1] * groups) input channels (\(w[1]) per group x " +
                "\(groups) groups), input shape \(shownX) has \(x[1])")
    }
    if let bias, bias != [w[0]] {
        failure("\(op): bias shape \(bias), expected [\(w[0])] for weight shape \(shownW)")
    }
    return ConvGeometry(op, input: x, kernel: Size2D(w[2], w[3]), stride: stride, padding: padding,
                        dilation: dilation, displayAxes: weightShown == nil ? 2 : 1)
}

/// The fast path: x [B, Cin, H, W], w2 [Cout, Cin / groups * kH * kW] -> y [B, Cout, OH * OW].
func convolve<S: TensorScalar>(
    _ op: String, _ x: Tensor<S>, _ w2: Tensor<S>, _ bias: Tensor<S>?, _ g: ConvGeometry, _ groups: Int
) -> Tensor<S> {
    let (batch, cout, l) = (g.batch, w2.shape[0], g.outCount)
    let k = g.channels * g.kernelCount                 // rows of cols: Cin * kH * kW
    let (kg, coutG) = (k / groups, cout / groups)      // per group
    let (inSize, outSize) = (g.channels * g.inCount, cout * l)
    // Forward caches cols [B, K, L] for the weight gradient; unfold writes every element.
    var cols = [S](unsafeUninitializedCapacity: batch * k * l) { _, n in n = batch * k * l }
    var y = filledScalars(S(0), count: batch * outSize)
    let ones = filledScalars(S(1), count: l)            // [1, L]: bias [Cout, 1] @ ones is the bias term
    x.scalars.withUnsafeBufferPointer { px in
        w2.scalars.withUnsafeBufferPointer { pw in
            cols.withUnsafeMutableBufferPointer { pc in
                y.withUnsafeMutableBufferPointer { py in
                    guard let px = px.baseAddress, let pw = pw.baseAddress, let pc = pc.baseAddress,
                          let py = py.baseAddress, k > 0, l > 0 else { return }
                    for b in 0..<batch {
                        let colsB = pc + b * k * l
                        ConvKernels.unfold(px + b * inSize, colsB, g)
                        for grp in 0..<groups {
                            S.gemm(transA: false, transB: false, m: coutG, n: l, k: kg, alpha: 1,
                                   a: pw + grp * coutG * kg, lda: kg, b: colsB + grp * kg * l, ldb: l,
                                   beta: 0, c: py + b * outSize + grp * coutG * l, ldc: l)
                        }
                    }
                }
            }
        }
    }
    if let bias, l > 0 {
        bias.scalars.withUnsafeBufferPointer { pb in
            ones.withUnsafeBufferPointer { po in
                y.withUnsafeMutableBufferPointer { py in
                    for b in 0..<batch {
                        S.gemm(transA: false, transB: false, m: cout, n: l, k: 1, alpha: 1, a: pb.baseAddress!,
                               lda: 1, b: po.baseAddress!, ldb: l, beta: 1, c: py.baseAddress! + b * outSize, ldc: l)
                    }
                }
            }
        }
    }
    let output = Tensor<S>(shape: [batch, cout, l], scalars: y)
    let inputs = [x, w2] + (bias.map { [$0] } ?? [])
    let (xShape, wShape, needX, needW) = (x.shape, w2.shape, x.requiresGrad, w2.requiresGrad)
    let wv = w2.scalars
    return Tensor.customOp(name: op, inputs: inputs, outputs: [output]) { grads in
        let dy = grads[0].scalars
        var dx = needX ? filledScalars(S(0), count: batch * inSize) : []
        var dw = needW ? filledScalars(S(0), count: cout * kg) : []
        var dcols = needX ? filledScalars(S(0), count: k * l) : []
        dy.withUnsafeBufferPointer { pdy in
            cols.withUnsafeBufferPointer { pc in
                wv.withUnsafeBufferPointer { pw in
                    guard let pdy = pdy.baseAddress, let pc = pc.baseAddress, let pw = pw.baseAddress,
                          k > 0, l > 0 else { return }
                    for b in 0..<batch {
                        let dyB = pdy + b * outSize, colsB = pc + b * k * l
                        if needW {
                            dw.withUnsafeMutableBufferPointer { pdw in
                                for grp in 0..<groups {
                                    S.gemm(transA: false, transB: true, m: coutG, n: kg, k: l, alpha: 1,
                                           a: dyB + grp * coutG * l, lda: l, b: colsB + grp * kg * l, ldb: l,
                                           beta: 1, c: pdw.baseAddress! + grp * coutG * kg, ldc: kg)
                                }
                            }
                        }
                        if needX {
                            dcols.withUnsafeMutableBufferPointer { pdc in
                                for grp in 0..<groups {
                                    S.gemm(transA: true, transB: false, m: kg, n: l, k: coutG, alpha: 1,
                                           a: pw + grp * coutG * kg, lda: kg, b: dyB + grp * coutG * l, ldb: l,
                                           beta: 0, c: pdc.baseAddress! + grp * kg * l, ldc: l)
                                }
                            }
                            dx.withUnsafeMutableBufferPointer { pdx in
                                dcols.withUnsafeBufferPointer { pdc in
                                    ConvKernels.fold(pdc.baseAddress!, pdx.baseAddress! + b * inSize, g)
                                }
                            }
                        }
                    }
                }
            }
        }
        var result: [Tensor<S>?] = [needX ? Tensor(shape: xShape, scalars: dx) : nil,
                                    needW ? Tensor(shape: wShape, scalars: dw) : nil]
        if let bias, bias.requiresGrad {
            // dbias = sum over b of dy[b] [Cout, L] @ ones [L]
            var db = filledScalars(S(0), count: cout)
            if l > 0 {
                dy.withUnsafeBufferPointer { pdy in
                    ones.withUnsafeBufferPointer { po in
                        db.withUnsafeMutableBufferPointer { pdb in
                            for b in 0..<batch {
                                S.gemm(transA: false, transB: false, m: cout, n: 1, k: l, alpha: 1,
                                       a: pdy.baseAddress! + b * outSize, lda: l, b: po.baseAddress!, ldb: 1,
                                       beta: 1, c: pdb.baseAddress!, ldc: 1)
                            }
                        }
                    }
                }
            }
            result.append(Tensor(shape: [cout], scalars: db))
        } else if bias != nil {
            result.append(nil)
        }
        return result
    }[0]
}
