import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

// Shared helpers for the optimizer tests.

/// Sets `grads[k]` as the gradient of the optimizer's only parameter, steps, and returns the parameter's values
/// after each step.
func optimizerTrajectory<O: Optimizer>(_ optimizer: O, _ grads: [[O.Scalar]]) -> [[O.Scalar]] {
    let p = optimizer.parameters[0]
    return grads.map { g in
        p.grad = Tensor(shape: p.shape, scalars: g)
        optimizer.step()
        return p.data.scalars
    }
}

/// A deterministic gradient for parameter `index` at step `k`, depending on the current value (so a restored
/// run only matches if the parameters, the state and the step count all match).
func syntheticGradient<S: TensorScalar>(_ p: Parameter<S>, index: Int, step k: Int) -> Tensor<S> {
    let values = p.data.scalars.enumerated().map { j, v in
        v * S(0.5) + S(Foundation.sin(Double(3 * k + 5 * index + j)))
    }
    return Tensor(shape: p.shape, scalars: values)
}

/// Runs `steps` steps with `syntheticGradient` starting at step number `from`.
func runSyntheticSteps<O: Optimizer>(_ optimizer: O, from: Int, steps: Int) {
    for k in from..<(from + steps) {
        for (i, p) in optimizer.parameters.enumerated() { p.grad = syntheticGradient(p, index: i, step: k) }
        optimizer.step()
    }
}

/// Two parameters of different shapes with fixed values.
func twoParameters<S: TensorScalar>(_ type: S.Type = S.self) -> [Parameter<S>] {
    [Parameter(Tensor(rows: [[0.5, -1, 2], [0.25, 1.5, -0.75]]), name: "w"),
     Parameter(Tensor([0.1, -0.2]), name: "b")]
}

/// Saves the state after 3 steps, continues 3 steps; restores the saved state into a fresh optimizer over
/// fresh parameters and runs the same 3 steps: both runs must end bit-identical.
func expectStateRoundTrip<O: Optimizer>(
    _ make: ([Parameter<O.Scalar>]) -> O, expectedKeys: Set<String>,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let original = make(twoParameters())
    runSyntheticSteps(original, from: 0, steps: 3)
    let saved = original.stateTensors
    let savedValues = original.parameters.map(\.data)
    #expect(Set(saved.keys) == expectedKeys, sourceLocation: sourceLocation)
    runSyntheticSteps(original, from: 3, steps: 3)

    let restored = make(savedValues.map { Parameter($0) })
    restored.stateTensors = saved
    restored.stepCount = 3
    #expect(Set(restored.stateTensors.keys) == expectedKeys, sourceLocation: sourceLocation)
    runSyntheticSteps(restored, from: 3, steps: 3)
    #expect(restored.stepCount == 6, sourceLocation: sourceLocation)
    for (a, b) in zip(original.parameters, restored.parameters) {
        #expect(a.data.scalars == b.data.scalars, sourceLocation: sourceLocation)
    }
    for (key, tensor) in original.stateTensors {
        #expect(restored.stateTensors[key]?.scalars == tensor.scalars, "\(key)", sourceLocation: sourceLocation)
    }
}

/// Minimizes `sum((p - target)^2)` (gradient from autodiff) for `steps` steps and returns the distance to the
/// target.
func quadraticDistance<O: Optimizer>(_ optimizer: O, target: Tensor<O.Scalar>, steps: Int) -> Double {
    let p = optimizer.parameters[0]
    for _ in 0..<steps {
        optimizer.zeroGrad()
        let d = p.value - target
        (d * d).sum().backward()
        optimizer.step()
    }
    return p.data.scalars.enumerated().map { i, v in Swift.abs(Double(v - target.scalars[i])) }.max()!
}

@Suite struct OptimizerTests {
    @Test func zeroGradClearsEveryGradient() {
        let ps = twoParameters(Double.self)
        for p in ps { p.grad = .ones(p.shape) }
        let optimizer = SGD(parameters: ps, learningRate: 0.1)
        optimizer.zeroGrad()
        #expect(ps.allSatisfy { $0.grad == nil })
    }

    /// A parameter without a gradient keeps its value and gets no state; the per-parameter step count that
    /// drives Adam's bias correction only counts the parameter's own updates (as in PyTorch).
    @Test func parametersWithoutGradientAreSkipped() {
        let ps = twoParameters(Double.self)
        let optimizer = Adam(parameters: ps, learningRate: 0.1)
        let before = ps[1].data.scalars
        ps[0].grad = .ones(ps[0].shape)
        optimizer.step()
        #expect(ps[1].data.scalars == before)
        #expect(Set(optimizer.stateTensors.keys) == ["0.step", "0.exp_avg", "0.exp_avg_sq"])

        ps[1].grad = .ones(ps[1].shape)
        optimizer.step()
        #expect(optimizer.stepCount == 2)
        #expect(optimizer.stateTensors["0.step"]?.item == 2)
        #expect(optimizer.stateTensors["1.step"]?.item == 1)
        // Its first update: bias-corrected, so every element moves by lr (to within epsilon).
        expectClose(ps[1].data, Tensor(before.map { $0 - 0.1 }), atol: 1e-8)

        for optimizer in [SGD(parameters: ps, learningRate: 0.1, momentum: 0.9) as any Optimizer<Double>,
                          AdamW(parameters: ps), RMSProp(parameters: ps), Adagrad(parameters: ps)] {
            optimizer.zeroGrad()
            let values = ps.map(\.data.scalars)
            optimizer.step()
            #expect(ps.map(\.data.scalars) == values, "\(type(of: optimizer))")
        }
    }

    /// The Float path (specialized update loops) agrees with the Double path.
    @Test func floatMatchesDouble() {
        func run<S: TensorScalar>(_ type: S.Type) -> [[Double]] {
            let optimizers: [any Optimizer<S>] = [
                SGD(parameters: twoParameters(S.self), learningRate: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01),
                Adam(parameters: twoParameters(S.self), learningRate: 0.05, weightDecay: 0.01, amsgrad: true),
                AdamW(parameters: twoParameters(S.self), learningRate: 0.05),
                RMSProp(parameters: twoParameters(S.self), weightDecay: 0.01, momentum: 0.5, centered: true),
                Adagrad(parameters: twoParameters(S.self), learningRateDecay: 0.1, weightDecay: 0.01),
            ]
            return optimizers.map { o in
                runSyntheticSteps(o, from: 0, steps: 5)
                return o.parameters.flatMap { $0.data.scalars.map(Double.init) }
            }
        }
        for (f, d) in zip(run(Float.self), run(Double.self)) {
            expectClose(Tensor(f), Tensor(d), atol: 2e-5, rtol: 1e-4)
        }
    }

    @Test func everyOptimizerConvergesOnAQuadratic() {
        let target = Tensor<Float>([1.5, -0.5, 0.25])
        func start() -> [Parameter<Float>] { [Parameter(Tensor<Float>.zeros([3]))] }
        #expect(quadraticDistance(SGD(parameters: start(), learningRate: 0.1), target: target, steps: 60) < 1e-4)
        #expect(quadraticDistance(SGD(parameters: start(), learningRate: 0.05, momentum: 0.9, nesterov: true),
                                  target: target, steps: 150) < 1e-4)
        #expect(quadraticDistance(Adam(parameters: start(), learningRate: 0.05), target: target, steps: 400) < 1e-3)
        #expect(quadraticDistance(AdamW(parameters: start(), learningRate: 0.05, weightDecay: 0), target: target,
                                  steps: 400) < 1e-3)
        #expect(quadraticDistance(RMSProp(parameters: start(), learningRate: 0.01), target: target, steps: 400) < 1e-2)
        #expect(quadraticDistance(Adagrad(parameters: start(), learningRate: 0.5), target: target, steps: 300) < 1e-3)
    }

    @Test func learningRateCanBeChangedBetweenSteps() {
        let optimizer = SGD(parameters: [Parameter(Tensor<Double>([1]))], learningRate: 0.1)
        optimizer.learningRate = 0.5
        // p = 1 - 0.5 * 2 = 0
        #expect(optimizerTrajectory(optimizer, [[2]]) == [[0]])
    }

    @Test func badStateKeyIsAClearError() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let optimizer = Adam(parameters: [Parameter(Tensor<Float>([1, 2]))])
            optimizer.stateTensors = ["0.momentum_buffer": Tensor<Float>([0, 0])]
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("Adam: unknown state '0.momentum_buffer'"))
    }

    @Test func badStateShapeIsAClearError() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let optimizer = SGD(parameters: [Parameter(Tensor<Float>([1, 2]))], learningRate: 0.1, momentum: 0.9)
            optimizer.stateTensors = ["0.momentum_buffer": Tensor<Float>([0, 0, 0])]
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("SGD: state '0.momentum_buffer' has shape [3], expected [2]"))
    }

    @Test func duplicateParameterIsAClearError() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let p = Parameter(Tensor<Float>([1, 2]), name: "w")
            _ = RMSProp(parameters: [p, p])
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("RMSProp: parameter 1 ('w') is the same object as parameter 0"))
    }
}
