#if canImport(CDNNL)
import CDNNL
#endif
import LSTMKit

extension LSTMCell {
    /// oneDNN's LSTM primitive over x [T, B, D] as ONE autodiff op with inputs (x, h0, c0, weightIH, weightHH,
    /// biasIH, biasHH) (biases left out when absent) and outputs (out [T, B, H], h[T] [B, H], c[T] [B, H]).
    ///
    /// oneDNN's gate order (i, f, c~, o) and weight layout (ldgoi) are PyTorch's, so the weights go in as they
    /// are; its single bias per gate is b_ih + b_hh, so dBiasIH = dBiasHH = dBias. Returns nil, so that
    /// `Recurrent` continues down its fallback chain, for: Double, a projection (`projectionSize` > 0), an
    /// empty sequence or batch, and where oneDNN is unavailable or refuses the shape. (`OneDNNBackend` declines
    /// masks and traces before calling this.)
    func oneDNNSequence(_ x: Tensor<Scalar>, initialState: LSTMState<Scalar>) -> RecurrentOutput<LSTMState<Scalar>>? {
        #if canImport(CDNNL)
        guard projectionSize == 0, x.rank == 3, x.shape[0] > 0, x.shape[1] > 0 else { return nil }
        let (steps, batch, d, h) = (x.shape[0], x.shape[1], inputSize, hiddenSize)
        if x.shape[2] != d {
            failure("LSTMCell (oneDNN): input of shape \(x.shape), expected [T, B, \(d)] (inputSize \(d))")
        }
        checkState(initialState, batchSize: batch, "LSTMCell (oneDNN)")
        let wih = weightIH.value, whh = weightHH.value                       // [4H, D], [4H, H]
        let biases = biasIH.flatMap { bih in biasHH.map { [bih.value, $0.value] } } ?? []
        let bias = biases.isEmpty ? [Scalar](repeating: 0, count: 4 * h)      // [4H]: b_ih + b_hh
                                  : zip(biases[0].scalars, biases[1].scalars).map { $0 + $1 }
        let hasBias = !biases.isEmpty
        let result = runOneDNNSequence(
            .lstm, name: "LSTM (oneDNN)", x: x, h0: initialState.h, c0: initialState.c,
            weightsLayer: wih.scalars, weightsIter: whh.scalars, bias: bias,
            inputs: [x, initialState.h, initialState.c, wih, whh] + biases
        ) { g in
            let dBias = Tensor(shape: [4 * h], scalars: g.dBias)
            return [Tensor(shape: [steps, batch, d], scalars: g.dX), Tensor(shape: [batch, h], scalars: g.dh0),
                    Tensor(shape: [batch, h], scalars: g.dc0!), Tensor(shape: [4 * h, d], scalars: g.dWeightsLayer),
                    Tensor(shape: [4 * h, h], scalars: g.dWeightsIter)] + (hasBias ? [dBias, dBias] : [])
        }
        guard let result else { return nil }
        return RecurrentOutput(outputs: result.out, finalState: LSTMState(h: result.hN, c: result.cN!), trace: nil)
        #else
        return nil
        #endif
    }
}
