#if canImport(CDNNL)
import CDNNL
import LSTMKit

/// The gradients of one oneDNN recurrent op in oneDNN's layouts (weights ldgoi in oneDNN's gate order, the
/// bias [4, H] as oneDNN sums it); the cell maps them back to its parameters.
struct OneDNNGradients<S: TensorScalar> {
    var dX: [S]              // [T, B, D]
    var dh0: [S]             // [B, H]
    var dc0: [S]?            // [B, H], LSTM only
    var dWeightsLayer: [S]   // [G * H, D]
    var dWeightsIter: [S]    // [G * H, H]
    var dBias: [S]           // [4 * H]
}

/// Runs oneDNN's LSTM or GRU primitive over x [T, B, D] (time-major) as ONE autodiff op.
///
/// Forward: `forward_inference` when nothing will be differentiated (GradMode off or no input requires a
/// gradient), otherwise `forward_training`, whose workspace the backward closure keeps. Backward runs the
/// backward primitive once over the whole sequence and hands the gradients to `gradients`, which maps them to
/// `inputs` (the op's autodiff inputs, in order).
///
/// - Parameters:
///   - weightsLayer, weightsIter: [G * H, D] and [G * H, H] in oneDNN's gate order (ldgoi).
///   - bias: [4 * H], oneDNN's bias blocks (the sums b_ih + b_hh per gate; a GRU's 4th block is b_hn).
/// - Returns: out [T, B, H], hN [B, H] and cN [B, H] (LSTM), or nil when oneDNN is unavailable, the scalar is
///   not Float or oneDNN refuses the shape (the caller falls back to its fused kernel).
func runOneDNNSequence<S: TensorScalar>(
    _ kind: OneDNNCellKind, name: String, x: Tensor<S>, h0: Tensor<S>, c0: Tensor<S>?,
    weightsLayer: [S], weightsIter: [S], bias: [S], inputs: [Tensor<S>],
    gradients: @escaping (OneDNNGradients<S>) -> [Tensor<S>?]
) -> (out: Tensor<S>, hN: Tensor<S>, cN: Tensor<S>?)? {
    guard S.self == Float.self, let runtime = OneDNNRuntime.shared else { return nil }
    let (steps, batch, d, h) = (x.shape[0], x.shape[1], x.shape[2], h0.shape[1])
    let shape = OneDNNShape(kind: kind, steps: steps, batch: batch, input: d, hidden: h)
    let training = GradMode.isEnabled && inputs.contains(where: \.requiresGrad)
    let hasC = kind.hasCellState

    var out = [S](repeating: 0, count: steps * batch * h)   // [T, B, H]
    var hN = [S](repeating: 0, count: batch * h)            // [B, H]
    var cN = [S](repeating: 0, count: hasC ? batch * h : 1) // [B, H]
    let (xs, h0s, c0s) = (x.scalars, h0.scalars, c0?.scalars ?? [0])
    let forwardRan: (OneDNNRNN, OneDNNBuffer?)? = runtime.locked { rt in
        let rnn = rt.primitives(shape)
        // Training builds the backward primitive now, so that a refusal falls back before anything ran.
        guard let pass = rnn.pass(training ? .training : .inference),
              !training || rnn.pass(.backward) != nil else { return nil }
        let workspace = withBasePointers([xs, h0s, c0s, weightsLayer, weightsIter, bias]) { p in
            out.withUnsafeMutableBytes { outP in
                hN.withUnsafeMutableBytes { hNP in
                    cN.withUnsafeMutableBytes { cNP in
                        rnn.forward(pass, x: .init(mutating: p[0]), h0: .init(mutating: p[1]),
                                    c0: hasC ? .init(mutating: p[2]) : nil,
                                    weightsLayer: .init(mutating: p[3]), weightsIter: .init(mutating: p[4]),
                                    bias: .init(mutating: p[5]), out: outP.baseAddress!, hN: hNP.baseAddress!,
                                    cN: hasC ? cNP.baseAddress! : nil)
                    }
                }
            }
        }
        return (rnn, workspace)
    }
    guard let (rnn, workspace) = forwardRan else { return nil }
    let outputs = [Tensor(shape: [steps, batch, h], scalars: out), Tensor(shape: [batch, h], scalars: hN)]
        + (hasC ? [Tensor(shape: [batch, h], scalars: cN)] : [])
    guard training else { return (outputs[0], outputs[1], hasC ? outputs[2] : nil) }
    // A training primitive without a workspace cannot run backward: fall back rather than drop gradients.
    guard let workspace else { return nil }

    let g = kind.gates
    let results = Tensor.customOp(name: name, inputs: inputs, outputs: outputs) { dOutputs in
        // dX, dh0, dc0, dW_layer, dW_iter, dBias in one zeroed block (oneDNN accumulates into the last three).
        let sizes = [steps * batch * d, batch * h, hasC ? batch * h : 0, g * h * d, g * h * h, kind.biasBlocks * h]
        var offsets: [Int] = [], total = 0
        for size in sizes { offsets.append(total); total += size }
        let block = OneDNNBuffer(byteCount: total * MemoryLayout<S>.stride, zeroed: true)
        let base = block.pointer.assumingMemoryBound(to: S.self)
        func at(_ k: Int) -> UnsafeMutableRawPointer { UnsafeMutableRawPointer(base + offsets[k]) }
        let dcN = hasC ? dOutputs[2].scalars : [0]
        runtime.locked { _ in
            guard let pass = rnn.pass(.backward) else { failure("\(name): the oneDNN backward primitive vanished") }
            withBasePointers([xs, h0s, c0s, weightsLayer, weightsIter, bias, out, hN, cN,
                              dOutputs[0].scalars, dOutputs[1].scalars, dcN]) { p in
                let m = p.map { UnsafeMutableRawPointer(mutating: $0) }
                rnn.backward(pass, workspace: workspace, x: m[0], h0: m[1], c0: hasC ? m[2] : nil,
                             weightsLayer: m[3], weightsIter: m[4], bias: m[5], out: m[6], hN: m[7],
                             cN: hasC ? m[8] : nil, dOut: m[9], dhN: m[10], dcN: hasC ? m[11] : nil,
                             dX: at(0), dh0: at(1), dc0: hasC ? at(2) : nil, dWeightsLayer: at(3),
                             dWeightsIter: at(4), dBias: at(5))
            }
        }
        func array(_ k: Int) -> [S] { Array(UnsafeBufferPointer(start: base + offsets[k], count: sizes[k])) }
        return gradients(OneDNNGradients(dX: array(0), dh0: array(1), dc0: hasC ? array(2) : nil,
                                         dWeightsLayer: array(3), dWeightsIter: array(4), dBias: array(5)))
    }
    return (results[0], results[1], hasC ? results[2] : nil)
}

#endif
