// Lesson 3: backpropagation through time by hand. Unroll an LSTM and a plain tanh RNN over T steps with the
// library's differentiable ops, compute a loss after the last step, and print |dLoss/dx[t]| for every step t.
import Foundation
import LSTMKit

let (steps, inputSize, hiddenSize) = (12, 3, 8)     // T, D, H; one sequence (B = 1)
let rng = RandomSource(seed: 0)
let inputs = (0..<steps).map { _ in Tensor<Double>.randomNormal([1, inputSize], using: rng) }   // x[t]: [B, D]
let lstm = LSTMCell<Double>(inputSize: inputSize, hiddenSize: hiddenSize, unitForgetBias: true, rng: rng)
let rnn = RNNCell<Double>(inputSize: inputSize, hiddenSize: hiddenSize, rng: rng)

/// The LSTM of lesson 2, one step after another; the loss is the sum of the last h.
func lstmLoss(_ lstm: LSTMCell<Double>, _ x: [Tensor<Double>]) -> Tensor<Double> {
    var h = Tensor<Double>.zeros([1, lstm.hiddenSize]), c = Tensor<Double>.zeros([1, lstm.hiddenSize])
    for t in 0..<x.count {
        let z = matmul(x[t], lstm.weightIH.value, transposeB: true) + lstm.biasIH!.value
            + matmul(h, lstm.weightHH.value, transposeB: true) + lstm.biasHH!.value       // [B, 4H]
        let gate = z.chunked(4, axis: 1)                                                   // i, f, g, o
        let (i, f, g, o) = (sigmoid(gate[0]), sigmoid(gate[1]), tanh(gate[2]), sigmoid(gate[3]))
        c = f * c + i * g
        h = o * tanh(c)
    }
    return h.sum()
}

/// The plain RNN: h[t] = tanh(W_ih x[t] + b_ih + W_hh h[t-1] + b_hh).
func rnnLoss(_ rnn: RNNCell<Double>, _ x: [Tensor<Double>]) -> Tensor<Double> {
    var h = Tensor<Double>.zeros([1, rnn.hiddenSize])
    for t in 0..<x.count {
        h = tanh(matmul(x[t], rnn.weightIH.value, transposeB: true) + rnn.biasIH!.value
            + matmul(h, rnn.weightHH.value, transposeB: true) + rnn.biasHH!.value)
    }
    return h.sum()
}

/// The Euclidean norm of a gradient.
func norm(_ g: Tensor<Double>) -> Double { g.scalars.map { $0 * $0 }.reduce(0, +).squareRoot() }

// One backward pass each gives dLoss/dx[t] for all T steps at once.
let lstmGradients = gradients(of: { lstmLoss(lstm, $0) }, at: inputs).gradients
let rnnGradients = gradients(of: { rnnLoss(rnn, $0) }, at: inputs).gradients
print("step t   |dL/dx[t]| LSTM   |dL/dx[t]| RNN")
for t in 0..<steps {
    print(String(format: "%6d   %15.2e   %14.2e", t + 1, norm(lstmGradients[t]), norm(rnnGradients[t])))
}
