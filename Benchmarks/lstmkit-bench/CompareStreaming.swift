import Foundation
import LSTMKit

/// Config D of `lstmkit-bench compare` (`--config D --mode infer`): streaming inference, one step at a time,
/// as a keyword spotter or a live forecaster calls a model (B = 1, T = 200, D = 40, H = 128, one layer),
/// through LSTMKit's streaming API: a `RecurrentStream` over the stack keeps the state (and the packed
/// weights) between calls, each call one frame x[t] [B, D].
///
///     model.isTraining = false
///     let stream = RecurrentStream(model, batchSize: 1)      (zero state)
///     for t in 0..<T { h = stream.step(x[t]) }
///
/// One timed iteration is the whole sequence of T calls from a zero state (the frames x[t] are sliced before
/// timing, as a live source hands them over). The PyTorch and ONNX Runtime peers do the same
/// (peers_streaming.py): one call per step with the state carried by the caller.
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
    result["ran"] = stream.streamKernel
    return result
}

extension CompareStack {
    /// Runs every frame (one step each) from a zero state through a `RecurrentStream`; returns the sum of the
    /// final h (a checksum across peers) and what the stream ran.
    func run(_ frames: [Tensor<Float>]) -> Double {
        func stream<Cell: RecurrentCell>(_ stack: RecurrentStack<Cell>) -> Double where Cell.Scalar == Float {
            let stream = RecurrentStream(stack, batchSize: frames[0].shape[1])
            for frame in frames { _ = stream.step(frame.reshaped([frame.shape[1], frame.shape[2]])) }
            streamKernel = stream.lastKernel
            return Double(stream.states.last!.components[0].sum().item)
        }
        if let lstm { return stream(lstm) }
        return stream(gru!)
    }
}
