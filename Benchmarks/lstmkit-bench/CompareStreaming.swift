import Foundation
import LSTMKit

/// Config D of `lstmkit-bench compare` (`--config D --mode infer`): streaming inference, one step at a time,
/// as a keyword spotter or a live forecaster calls a model (B = 1, T = 200, D = 40, H = 128, one layer). The
/// caller carries the state, through the public API the apps use for a stateful call (TextSampler, the
/// forecaster): a stack called on x[t] [1, 1, D] with `initialStates`, its `finalStates` kept for the next step.
///
///     model.eval()
///     withoutGrad {
///         var states = nil                                                      (zero state)
///         for t in 0..<T { let out = lstm(x[t], initialStates: states); states = out.finalStates }
///     }
///
/// One timed iteration is the whole sequence of T calls (the frames x[t] are sliced before timing, as a live
/// source hands them over). The PyTorch and ONNX Runtime peers do the same (peers.py, `--config D`).
func runStreamingCase(_ options: CompareOptions) -> [String: Any] {
    let baseline = residentMegabytes()
    let s = options.shape
    let rng = RandomSource(seed: options.seed &+ 2)
    let x = Tensor<Float>.randomNormal([s.steps, s.batch, s.input], using: RandomSource(seed: options.seed &+ 1))
    let frames = (0..<s.steps).map { x.slice(axis: 0, $0..<($0 + 1)) }      // T x [1, B, D]
    let stream = CompareStack(options.cell, shape: s, implementation: options.implementation, rng: rng)
    stream.eval()
    var checksum = 0.0
    let times = sampleSeconds(warmup: options.warmup, iterations: options.iterations) { _ in
        checksum = withoutGrad { stream.run(frames) }
    }
    var result = timingFields(times, sequenceSteps: s.batch * s.steps, flops: s.forwardFlops(gates: gateCount(options.cell)))
    result.merge(memoryFields(baseline: baseline)) { _, new in new }
    result["config"] = s.name
    result["mode"] = "infer"
    result["streaming"] = true
    result["calls_per_iteration"] = s.steps
    result["final_h_sum"] = rounded(checksum, 5)
    result["implementation"] = "\(options.implementation)"
    result["ran"] = stream.lastImplementations[0].rawValue
    return result
}

extension CompareStack {
    /// Runs every frame (one step each) from a zero state, carrying the state from call to call; returns the
    /// sum of the final h (a checksum across peers).
    func run(_ frames: [Tensor<Float>]) -> Double {
        if let lstm {
            var states: [LSTMState<Float>]? = nil
            for frame in frames { states = lstm(frame, initialStates: states).finalStates }
            return Double(states!.last!.components[0].sum().item)
        }
        var states: [HiddenState<Float>]? = nil
        for frame in frames { states = gru!(frame, initialStates: states).finalStates }
        return Double(states!.last!.components[0].sum().item)
    }
}
