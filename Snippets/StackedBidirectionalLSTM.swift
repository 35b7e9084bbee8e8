// Lesson 4: a 2-layer bidirectional LSTM, as PyTorch's nn.LSTM(5, 4, num_layers=2, bidirectional=True).
import LSTMKit

let (steps, batch, inputSize, hiddenSize) = (3, 2, 5, 4)     // T, B, D, H
let lstm = LSTM<Float>(inputSize: inputSize, hiddenSize: hiddenSize, layerCount: 2, bidirectional: true,
                       rng: RandomSource(seed: 0))
let x = Tensor<Float>.randomNormal([steps, batch, inputSize], using: RandomSource(seed: 1))   // [T, B, D]
let result = lstm(x)

print("input x      \(x.shape)    [T, B, D]")
print("outputs      \(result.outputs.shape)    [T, B, 2H]: forward and backward h of the last layer, concatenated")
print("h_n          \(result.hN.shape)    [layers * directions, B, H]")
print("c_n          \(result.cN!.shape)")
print("parameters (PyTorch name: shape)")
let names = lstm.pytorchParameterNames()
for (path, parameter) in lstm.namedParameters() {
    print("  \(names[path]!): \(parameter.shape)")
}
print("total \(lstm.parameterCount)")
