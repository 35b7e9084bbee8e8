import Foundation
import LSTMKit

/// The LSTM / GRU stack cases of `lstmkit-bench compare` (`--mode infer` and `--mode train`), written the
/// way a user would write them:
///
///     let lstm = LSTM<Float>(inputSize: D, hiddenSize: H, layerCount: L, implementation: .native)
///     inference:      withoutGrad { lstm(x).outputs }                       x [T, B, D] -> [T, B, H]
///     training step:  let y = lstm(x).outputs; (y * y).sum().backward(); adam.step(); adam.zeroGrad()
///
/// Weights are PyTorch's default initialization (uniform +-1/sqrt(H)); x ~ N(0, 1), seeded.
func runRecurrentCase(_ options: CompareOptions) -> [String: Any] {
    let baseline = residentMegabytes()
    let s = options.shape
    let rng = RandomSource(seed: options.seed &+ 2)
    let x = Tensor<Float>.randomNormal([s.steps, s.batch, s.input], using: RandomSource(seed: options.seed &+ 1))
    let model = CompareStack(options.cell, shape: s, implementation: options.implementation, rng: rng)
    let training = options.mode == "train"
    let adam = Adam<Float>(parameters: model.parameters, learningRate: 1e-3)

    let times: Samples
    if training {
        model.train()
        times = sampleSeconds(warmup: options.warmup, iterations: options.iterations) { _ in
            let y = model(x)                          // [T, B, H]
            (y * y).sum().backward()
            adam.step()
            adam.zeroGrad()
        }
    } else {
        model.eval()
        times = sampleSeconds(warmup: options.warmup, iterations: options.iterations) { _ in
            _ = withoutGrad { model(x) }
        }
    }
    let flops = s.forwardFlops(gates: gateCount(options.cell)) * (training ? 3 : 1)
    var result = timingFields(times, sequenceSteps: s.batch * s.steps, flops: flops)
    result.merge(memoryFields(baseline: baseline)) { _, new in new }
    result["config"] = s.name
    result["mode"] = options.mode
    result["implementation"] = "\(options.implementation)"
    // What the layers actually ran (e.g. "native-avx512" for `.native` on a CPU with AVX-512, "native-avx2"
    // with LSTMKIT_ISA=avx2).
    result["ran"] = Array(Set(model.lastImplementations.map(\.rawValue))).sorted().joined(separator: ",")
    return result
}

/// An LSTM or a GRU stack behind one interface.
final class CompareStack {
    let lstm: LSTM<Float>?
    let gru: GRU<Float>?
    /// What the streaming case (config D) ran: `RecurrentStream.lastKernel`.
    var streamKernel = "none"

    init(_ cell: String, shape s: CompareShape, implementation: RecurrentImplementation, rng: RandomSource) {
        lstm = cell == "lstm"
            ? LSTM<Float>(inputSize: s.input, hiddenSize: s.hidden, layerCount: s.layers,
                          implementation: implementation, rng: rng) : nil
        gru = cell == "gru"
            ? GRU<Float>(inputSize: s.input, hiddenSize: s.hidden, layerCount: s.layers,
                         implementation: implementation, rng: rng) : nil
    }

    var parameters: [Parameter<Float>] { lstm?.parameters() ?? gru!.parameters() }

    /// What each layer ran on its last call.
    var lastImplementations: [RecurrentKernel] {
        if let lstm { return lstm.layers.map(\.lastImplementation) }
        return gru!.layers.map(\.lastImplementation)
    }

    func train() { lstm?.train(); gru?.train() }
    func eval() { lstm?.eval(); gru?.eval() }

    /// The last layer's outputs at every step: [T, B, H].
    func callAsFunction(_ x: Tensor<Float>) -> Tensor<Float> { lstm.map { $0(x).outputs } ?? gru!(x).outputs }
}
