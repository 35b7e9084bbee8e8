#if canImport(CDNNL)
import CDNNL
#endif
import LSTMKit

extension GRUCell {
    /// oneDNN's "linear before reset" GRU primitive (PyTorch's GRU, b_hn inside r * (...)) over x [T, B, D] as
    /// ONE autodiff op with inputs (x, h0, weightIH, weightHH, biasIH, biasHH) (biases left out when absent)
    /// and outputs (out [T, B, H], h[T] [B, H]).
    ///
    /// oneDNN orders the gates (u, r, o) = PyTorch's (z, r, n), so the first two gate blocks of every weight
    /// and bias swap on the way in and the gradients' on the way out. Its bias has 4 blocks:
    ///
    ///     [b_iz + b_hz, b_ir + b_hr, b_in, b_hn]
    ///
    /// so dBiasIH = (dr, dz, dB[2]) and dBiasHH = (dr, dz, dB[3]). Returns nil, so that `Recurrent` continues
    /// down its fallback chain, for: Double, an empty sequence or batch, and where oneDNN is unavailable or
    /// refuses the shape. (`OneDNNBackend` declines masks and traces before calling this.)
    func oneDNNSequence(
        _ x: Tensor<Scalar>, initialState: HiddenState<Scalar>
    ) -> RecurrentOutput<HiddenState<Scalar>>? {
        #if canImport(CDNNL)
        guard x.rank == 3, x.shape[0] > 0, x.shape[1] > 0 else { return nil }
        let (steps, batch, d, h) = (x.shape[0], x.shape[1], inputSize, hiddenSize)
        if x.shape[2] != d {
            failure("GRUCell (oneDNN): input of shape \(x.shape), expected [T, B, \(d)] (inputSize \(d))")
        }
        checkState(initialState, batchSize: batch, "GRUCell (oneDNN)")
        let wih = weightIH.value, whh = weightHH.value                       // [3H, D], [3H, H]
        let biases = biasIH.flatMap { bih in biasHH.map { [bih.value, $0.value] } } ?? []
        let hasBias = !biases.isEmpty
        var bias = [Scalar](repeating: 0, count: 4 * h)                       // [4H], oneDNN's blocks
        if hasBias {
            let (bi, bh) = (biases[0].scalars, biases[1].scalars)
            for j in 0..<h {
                bias[j] = bi[h + j] + bh[h + j]                  // u = z
                bias[h + j] = bi[j] + bh[j]                      // r
                bias[2 * h + j] = bi[2 * h + j]                  // b_in
                bias[3 * h + j] = bh[2 * h + j]                  // b_hn
            }
        }
        let zrn = [1, 0, 2]   // PyTorch (r, z, n) <-> oneDNN (u, r, o); its own inverse
        let result = runOneDNNSequence(
            .gru, name: "GRU (oneDNN)", x: x, h0: initialState.h, c0: nil,
            weightsLayer: gateBlocks(wih.scalars, h * d, zrn), weightsIter: gateBlocks(whh.scalars, h * h, zrn),
            bias: bias, inputs: [x, initialState.h, wih, whh] + biases
        ) { g in
            let dBiases = hasBias ? [Tensor(shape: [3 * h], scalars: gateBlocks(g.dBias, h, [1, 0, 2])),
                                     Tensor(shape: [3 * h], scalars: gateBlocks(g.dBias, h, [1, 0, 3]))] : []
            return [Tensor(shape: [steps, batch, d], scalars: g.dX), Tensor(shape: [batch, h], scalars: g.dh0),
                    Tensor(shape: [3 * h, d], scalars: gateBlocks(g.dWeightsLayer, h * d, zrn)),
                    Tensor(shape: [3 * h, h], scalars: gateBlocks(g.dWeightsIter, h * h, zrn))] + dBiases
        }
        guard let result else { return nil }
        return RecurrentOutput(outputs: result.out, finalState: HiddenState(h: result.hN), trace: nil)
        #else
        return nil
        #endif
    }
}

/// The blocks of `size` scalars of `a` in the order `order` (block k of the result = block order[k] of `a`).
func gateBlocks<S>(_ a: [S], _ size: Int, _ order: [Int]) -> [S] {
    var result: [S] = []
    result.reserveCapacity(order.count * size)
    for k in order { result += a[(k * size)..<((k + 1) * size)] }
    return result
}
