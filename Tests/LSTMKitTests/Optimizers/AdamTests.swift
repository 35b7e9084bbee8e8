import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct AdamTests {
    @Test func twoStepsByHand() {
        // lr 0.1, beta1 0.9, beta2 0.999, eps 1e-8, p = 1, g = 1 then -1.
        // step 1: m = 0.1, v = 0.001, m / (1 - 0.9) = 1, sqrt(v / (1 - 0.999)) = 1
        //         p = 1 - 0.1 * 1 / (1 + 1e-8) = 0.900000001
        // step 2: m = 0.09 - 0.1 = -0.01, v = 0.000999 + 0.001 = 0.001999
        //         m / (1 - 0.81) = -0.01 / 0.19, sqrt(0.001999 / (1 - 0.998001)) = 1
        //         p = 0.900000001 + 0.1 * (0.01 / 0.19) / (1 + 1e-8) = 0.90526315884...
        let optimizer = Adam(parameters: [Parameter(Tensor<Double>([1]))], learningRate: 0.1)
        let t = optimizerTrajectory(optimizer, [[1], [-1]])
        let p1 = 1 - 0.1 / (1 + 1e-8)
        expectClose(Tensor(t.flatMap { $0 }), Tensor([p1, p1 + 0.1 * (0.01 / 0.19) / (1 + 1e-8)]), atol: 1e-12)
        expectClose(Tensor(t[1]), Tensor([0.9052631588421052]), atol: 1e-12)   // PyTorch 2.13
        expectClose(optimizer.stateTensors["0.exp_avg"]!, Tensor([-0.01]), atol: 1e-15)
        expectClose(optimizer.stateTensors["0.exp_avg_sq"]!, Tensor([0.001999]), atol: 1e-15)
        #expect(optimizer.stateTensors["0.step"]?.item == 2)
    }

    @Test func amsgradDividesByTheLargestSecondMoment() {
        // g = 1 then 0: v = 0.001 then 0.000999, so AMSGrad keeps vMax = 0.001.
        // step 2: m = 0.09, m / (1 - 0.81) = 0.09 / 0.19, denominator sqrt(0.001 / 0.001999) + 1e-8
        //         (without AMSGrad: sqrt(0.000999 / 0.001999) + 1e-8)
        let p1 = 1 - 0.1 / (1 + 1e-8)
        let ams = optimizerTrajectory(Adam(parameters: [Parameter(Tensor<Double>([1]))], learningRate: 0.1, amsgrad: true),
                                      [[1], [0]])
        expectClose(Tensor(ams[1]), Tensor([p1 - 0.1 * (0.09 / 0.19) / ((0.001 / 0.001999).squareRoot() + 1e-8)]),
                    atol: 1e-12)
        let plain = optimizerTrajectory(Adam(parameters: [Parameter(Tensor<Double>([1]))], learningRate: 0.1),
                                        [[1], [0]])
        expectClose(Tensor(plain[1]), Tensor([p1 - 0.1 * (0.09 / 0.19) / ((0.000999 / 0.001999).squareRoot() + 1e-8)]),
                    atol: 1e-12)
        expectClose(Tensor(ams[1] + plain[1]), Tensor([0.8330276878258663, 0.8329941765341887]), atol: 1e-12) // PyTorch
    }

    /// Adam's weight decay is the L2 term `weightDecay * p` added to the gradient.
    @Test func weightDecayEqualsAnL2Gradient() {
        let a = Parameter(Tensor<Double>([0.5, -1.5])), b = Parameter(Tensor<Double>([0.5, -1.5]))
        let decayed = Adam(parameters: [a], learningRate: 0.1, weightDecay: 0.3)
        let plain = Adam(parameters: [b], learningRate: 0.1)
        for k in 0..<4 {
            let g = Tensor<Double>([Foundation.sin(Double(k)), Foundation.cos(Double(k))])
            a.grad = g
            b.grad = g + 0.3 * b.data
            decayed.step()
            plain.step()
        }
        expectClose(a.data, b.data, atol: 1e-15)
    }

    @Test func adamWDecaysTheParameterDirectly() {
        // p = 1 * (1 - 0.1 * 0.1) = 0.99, then the Adam step of about lr: p = 0.99 - 0.1 * 0.5 / (0.5 + 1e-8)
        let t = optimizerTrajectory(AdamW(parameters: [Parameter(Tensor<Double>([1]))], learningRate: 0.1,
                                          weightDecay: 0.1), [[0.5]])
        expectClose(Tensor(t[0]), Tensor([0.99 - 0.1 * 0.5 / (0.5 + 1e-8)]), atol: 1e-12)
        expectClose(Tensor(t[0]), Tensor([0.890000002]), atol: 1e-12)   // PyTorch 2.13
        // The same hyperparameters in Adam put the decay in the gradient, where the normalization absorbs it.
        let coupled = optimizerTrajectory(Adam(parameters: [Parameter(Tensor<Double>([1]))], learningRate: 0.1,
                                               weightDecay: 0.1), [[0.5]])
        expectClose(Tensor(coupled[0]), Tensor([1 - 0.1 * 0.6 / (0.6 + 1e-8)]), atol: 1e-12)
    }

    @Test func adamWDefaults() {
        let optimizer = AdamW(parameters: [Parameter(Tensor<Float>([1]))])
        #expect(optimizer.learningRate == 1e-3 && optimizer.beta1 == 0.9 && optimizer.beta2 == 0.999)
        #expect(optimizer.epsilon == 1e-8 && optimizer.weightDecay == 0.01 && !optimizer.amsgrad)
        let adam = Adam(parameters: [Parameter(Tensor<Float>([1]))])
        #expect(adam.learningRate == 1e-3 && adam.weightDecay == 0 && !adam.amsgrad)
    }

    @Test func stateRoundTrip() {
        let keys: Set<String> = ["0.step", "0.exp_avg", "0.exp_avg_sq", "0.max_exp_avg_sq",
                                 "1.step", "1.exp_avg", "1.exp_avg_sq", "1.max_exp_avg_sq"]
        expectStateRoundTrip({ Adam<Float>(parameters: $0, learningRate: 0.05, weightDecay: 0.01, amsgrad: true) },
                             expectedKeys: keys)
        expectStateRoundTrip({ AdamW<Double>(parameters: $0, learningRate: 0.05) },
                             expectedKeys: keys.filter { !$0.contains("max") })
    }

    @Test func betaOfOneIsRejected() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Adam(parameters: [Parameter(Tensor<Float>([1]))], beta1: 1)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("Adam: invalid beta1 1.0 (must be in [0, 1))"))
    }

    @Test func negativeBeta2IsRejected() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = AdamW(parameters: [Parameter(Tensor<Float>([1]))], beta2: -0.5)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("AdamW: invalid beta2 -0.5"))
    }

    @Test func negativeEpsilonIsRejected() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Adam(parameters: [Parameter(Tensor<Float>([1]))], epsilon: -1e-8)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("Adam: invalid epsilon -1e-08"))
    }

    @Test func negativeLearningRateAssignedLaterIsRejected() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let optimizer = Adam(parameters: [Parameter(Tensor<Float>([1]))])
            optimizer.learningRate = -2
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("Adam: invalid learning rate -2.0"))
    }
}

/// The large-parameter Adam update split over threads gives the one-thread result bit for bit.
@Test func adamStepSplitOverThreadsEqualsOneThread() {
    let n = (1 << 18) + 13   // two parts of whole vectors, and a tail the caller's scalar loop updates
    let rng = RandomSource(seed: 3)
    let g = rng.normals(count: n).map { Float($0) }
    func run(threads: Int) -> [Float] {
        var p = (0..<n).map { Float($0 % 97) * 0.01 }
        var m = [Float](repeating: 0.1, count: n), v = [Float](repeating: 0.2, count: n)
        var updated = 0
        p.withUnsafeMutableBufferPointer { pb in
            m.withUnsafeMutableBufferPointer { mb in
                v.withUnsafeMutableBufferPointer { vb in
                    g.withUnsafeBufferPointer { gb in
                        updated = adamStepFloatParallel(pb.baseAddress!, gb.baseAddress!, mb.baseAddress!, vb.baseAddress!,
                                                        n, 0.1, 0.999, 0.001, 1e-3, 0.03, 1e-8, threads: threads)
                    }
                }
            }
        }
        #expect(updated == n / 8 * 8)
        return p + m + v
    }
    let one = run(threads: 1), two = run(threads: 2)
    #expect(one == two)
    #expect(one[0..<n] != (0..<n).map { Float($0 % 97) * 0.01 }[...], "the update changed the parameters")
}
