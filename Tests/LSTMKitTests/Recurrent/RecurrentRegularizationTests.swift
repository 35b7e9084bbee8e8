import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct RecurrentRegularizationTests {
    let x = randomTensor([3, 2, 5], seed: 41)

    @Test func evaluationIgnoresDropoutAndWeightDrop() {
        let cell = LSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 1))
        let plain = Recurrent(cell, implementation: .reference)
        let regularized = Recurrent(cell, implementation: .reference)
        regularized.regularization = RecurrentRegularization(recurrentDropout: 0.5, weightDropout: 0.5)
        regularized.eval()
        expectClose(regularized(x).outputs, plain(x).outputs, atol: 0)
        regularized.train()
        #expect(regularized(x).outputs.scalars != plain(x).outputs.scalars)
    }

    @Test func recurrentDropoutUsesOneMaskForTheWholeSequence() {
        // Same seed => the layer draws the same mask we draw here; the manual unroll masks h with it.
        let cell = LSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 2))
        let layer = Recurrent(cell, rng: RandomSource(seed: 99))
        layer.regularization.recurrentDropout = 0.4
        let out = layer(x)
        let mask: Tensor<Double> = scaledDropoutMask([2, 4], drop: 0.4, rng: RandomSource(seed: 99))
        var s = cell.zeroState(batchSize: 2)
        for t in 0..<3 {
            s = cell(x.slice(axis: 0, t..<(t + 1)).squeezed(0), state: LSTMState(h: s.h * mask, c: s.c))
            expectClose(out.outputs.slice(axis: 0, t..<(t + 1)).squeezed(0), s.h, atol: 1e-14)
        }
    }

    @Test func gruRecurrentDropoutKeepsTheCarryOverTerm() {
        // h' = (1 - z) * n + z * h uses the undropped h: with every unit dropped the products see zeros but
        // the carry-over still sees the true state.
        let cell = GRUCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 3))
        let h = randomTensor([2, 4], seed: 4), xt = randomTensor([2, 5], seed: 5)
        let zeroMask = Tensor<Double>.zeros([2, 4])
        let dropped = cell.step(xt, state: HiddenState(h: h), recurrentInputMask: zeroMask)
        let zeroH = cell.step(xt, state: HiddenState(h: .zeros([2, 4])))
        let z = dropped.gates[1], n = dropped.gates[2]
        expectClose(dropped.state.h, (1 - z) * n + z * h, atol: 1e-14)
        expectClose(n, zeroH.gates[2], atol: 1e-14)
    }

    @Test func dropoutMaskStatistics() {
        let mask: Tensor<Double> = scaledDropoutMask([100, 100], drop: 0.3, rng: RandomSource(seed: 6))
        let kept = mask.scalars.filter { $0 != 0 }
        #expect(Swift.abs(Double(kept.count) / 10_000 - 0.7) < 0.02)   // 4.6 standard errors
        #expect(kept.allSatisfy { Swift.abs($0 - 1 / 0.7) < 1e-12 })
    }

    @Test func zoneoutEvaluationIsTheExpectation() {
        let cell = LSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 7))
        let layer = Recurrent(cell)
        layer.regularization = RecurrentRegularization(zoneoutHidden: 0.25, zoneoutCell: 0.5)
        layer.eval()
        let out = layer(x)
        var s = cell.zeroState(batchSize: 2)
        for t in 0..<3 {
            let new = cell(x.slice(axis: 0, t..<(t + 1)).squeezed(0), state: s)
            s = LSTMState(h: 0.25 * s.h + 0.75 * new.h, c: 0.5 * s.c + 0.5 * new.c)
            expectClose(out.outputs.slice(axis: 0, t..<(t + 1)).squeezed(0), s.h, atol: 1e-14)
        }
    }

    @Test func zoneoutKeepsThePreviousValueWithTheGivenProbability() {
        let cell = RNNCell<Double>(inputSize: 5, hiddenSize: 50, rng: RandomSource(seed: 8))
        let layer = Recurrent(cell, rng: RandomSource(seed: 9))
        layer.regularization.zoneoutHidden = 0.3
        let long = randomTensor([20, 20, 5], seed: 10)
        let trace = layer(long, trace: true).trace!.states["h"]!        // [20, 20, 50]
        var kept = 0, total = 0
        for t in 1..<20 {
            let now = trace.slice(axis: 0, t..<(t + 1)).scalars, before = trace.slice(axis: 0, (t - 1)..<t).scalars
            for (a, b) in zip(now, before) { total += 1; if a == b { kept += 1 } }
        }
        // 19,000 units: the standard error of the fraction is 0.0033.
        #expect(Swift.abs(Double(kept) / Double(total) - 0.3) < 0.015)
    }

    @Test func weightDropGivesDroppedWeightsNoGradientAndIsRemovedAfterTheCall() {
        let cell = RNNCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 11))
        let before = cell.weightHH.data
        let layer = Recurrent(cell, rng: RandomSource(seed: 12))
        layer.regularization.weightDropout = 0.5
        layer(x).outputs.sum().backward()
        let mask: Tensor<Double> = scaledDropoutMask([4, 4], drop: 0.5, rng: RandomSource(seed: 12))
        let grad = cell.weightHH.grad!
        #expect(zip(mask.scalars, grad.scalars).allSatisfy { m, g in m != 0 || g == 0 })
        #expect(grad.scalars.contains { $0 != 0 })
        #expect(cell.weightHH.dropConnectMask == nil)
        #expect(cell.weightHH.value.scalars == before.scalars)
    }

    @Test func regularizedGradientsAreExact() {
        // With fixed masks (same seed each evaluation) the regularized unroll is a smooth function.
        let cell = LSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 13))
        let layer = Recurrent(cell, rng: RandomSource(seed: 14))
        layer.regularization = RecurrentRegularization(recurrentDropout: 0.3, zoneoutHidden: 0.2, zoneoutCell: 0.2,
                                                       weightDropout: 0.2)
        expectGradientsMatch([x], parameters: cell.parameters()) { v in
            layer.rng.reseed(15)
            return layer(v[0]).outputs
        }
    }

    @Test func variationalDropoutSharesTheMaskAcrossTime() {
        let drop = VariationalDropout<Double>(probability: 0.5, rng: RandomSource(seed: 16))
        let y = drop(Tensor.ones([6, 40, 50]))
        let first = y.slice(axis: 0, 0..<1).scalars
        for t in 1..<6 { #expect(y.slice(axis: 0, t..<(t + 1)).scalars == first) }
        let keptFraction = Double(first.filter { $0 != 0 }.count) / 2000
        #expect(Swift.abs(keptFraction - 0.5) < 0.05)                   // 4.5 standard errors
        drop.eval()
        #expect(drop(Tensor.ones([2, 3, 4])).scalars.allSatisfy { $0 == 1 })
    }

    @Test func invalidRateIsNamed() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = RecurrentRegularization(zoneoutCell: 1.5)
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("zoneoutCell = 1.5 is outside [0, 1)"))
    }
}
