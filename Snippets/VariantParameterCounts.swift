// Lesson 5: the parameter count of each recurrent layer, D = 10 inputs, H = 20 units, against the formula:
// PyTorch's for the layers it has (nn.RNN, nn.GRU, nn.LSTM, proj_size), the paper's for the others.
import Foundation
import LSTMKit

let (d, h, p) = (10, 20, 5)     // D inputs, H hidden units, P projection size
let rng = RandomSource(seed: 0)
let layers: [(name: String, count: Int, formula: String, expected: Int)] = [
    ("RNN", RNN<Float>(inputSize: d, hiddenSize: h, rng: rng).parameterCount,
     "H(D + H) + 2H", h * (d + h) + 2 * h),
    ("GRU", GRU<Float>(inputSize: d, hiddenSize: h, rng: rng).parameterCount,
     "3H(D + H) + 2*3H", 3 * h * (d + h) + 2 * 3 * h),
    ("LSTM", LSTM<Float>(inputSize: d, hiddenSize: h, rng: rng).parameterCount,
     "4H(D + H) + 2*4H", 4 * h * (d + h) + 2 * 4 * h),
    ("LSTM, proj_size P", LSTM<Float>(inputSize: d, hiddenSize: h, projectionSize: p, rng: rng).parameterCount,
     "4H(D + P) + 2*4H + PH", 4 * h * (d + p) + 2 * 4 * h + p * h),
    ("LSTM, 2 layers, bidirectional",
     LSTM<Float>(inputSize: d, hiddenSize: h, layerCount: 2, bidirectional: true, rng: rng).parameterCount,
     "2 * (4H(D + H) + 8H) + 2 * (4H(2H + H) + 8H)", 2 * (4 * h * (d + h) + 8 * h) + 2 * (4 * h * (2 * h + h) + 8 * h)),
    ("peephole LSTM", PeepholeLSTM<Float>(inputSize: d, hiddenSize: h, rng: rng).parameterCount,
     "LSTM + 3H (p_i, p_f, p_o)", 4 * h * (d + h) + 2 * 4 * h + 3 * h),
    ("CIFG LSTM", CIFGLSTM<Float>(inputSize: d, hiddenSize: h, rng: rng).parameterCount,
     "3H(D + H) + 2*3H", 3 * h * (d + h) + 2 * 3 * h),
    ("LayerNorm LSTM", LayerNormLSTM<Float>(inputSize: d, hiddenSize: h, rng: rng).parameterCount,
     "4H(D + H) + 4H + 2*2*4H + 2H", 4 * h * (d + h) + 4 * h + 2 * 2 * 4 * h + 2 * h),
]
var mismatches = 0
for layer in layers {
    let verdict = layer.count == layer.expected ? "=" : "!= (MISMATCH)"
    if layer.count != layer.expected { mismatches += 1 }
    print("\(layer.name.padding(toLength: 30, withPad: " ", startingAt: 0)) \(layer.count) \(verdict) " +
          "\(layer.formula) = \(layer.expected)")
}
if mismatches > 0 { exit(1) }     // the tutorial check fails on a non-zero exit
