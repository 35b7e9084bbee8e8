import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct TruncatedBPTTTests {
    @Test func windowsForK1LessThanK2() {
        let updates = TruncatedBPTT(k1: 2, k2: 3).updates(length: 7)
        #expect(updates.map(\.window) == [0..<2, 1..<4, 3..<6, 5..<7])
        #expect(updates.map(\.lossSteps) == [0..<2, 2..<4, 4..<6, 6..<7])
        let chunks = TruncatedBPTT(k1: 3, k2: 3).updates(length: 7)
        #expect(chunks.map(\.window) == [0..<3, 3..<6, 6..<7])
    }

    @Test func statesAreCarriedDetachedAndGradientsStopAtTheWindow() {
        // A 1-unit linear RNN h[t] = w * h[t-1] + x[t] with loss = sum of h over the loss steps.
        let w = Parameter(Tensor<Double>([0.5]))
        let xs = (0..<7).map { Double($0 + 1) }
        var forwardCalls: [Range<Int>] = []
        var lossValues: [Double] = []
        var grads: [Double] = []
        var startsDetached: [Bool] = []
        let tbptt = TruncatedBPTT(k1: 2, k2: 3)
        let final = tbptt.run(length: 7, initialState: HiddenState(h: Tensor<Double>.zeros([1, 1]))) { range, state in
            forwardCalls.append(range)
            startsDetached.append(!state.h.requiresGrad)
            var h = state.h
            var outs: [Tensor<Double>] = []
            for t in range { h = h * w.value + Tensor(shape: [1, 1], scalars: [xs[t]]); outs.append(h) }
            return (Tensor.stack(outs), HiddenState(h: h))
        } loss: { outputs, _ in
            outputs.sum()
        } update: { value in
            lossValues.append(value)
            grads.append(w.grad!.item)
            w.grad = nil
        }
        // The forward passes cover each window, split where the next window starts.
        #expect(forwardCalls == [0..<1, 1..<2, 1..<3, 3..<4, 3..<5, 5..<6, 5..<7])
        // Each window starts from a detached state; the second piece of a window continues the graph.
        #expect(startsDetached == [true, false, true, false, true, false, true])
        // True hidden values of the untruncated recurrence, for checking.
        var h = 0.0
        var truth: [Double] = []
        for t in 0..<7 { h = 0.5 * h + xs[t]; truth.append(h) }
        #expect(Swift.abs(final.h.item - truth[6]) < 1e-12)
        #expect(Swift.abs(lossValues[1] - (truth[2] + truth[3])) < 1e-12)
        // Update 2 (window 1..<4, loss on steps 2, 3) starts from the constant h0 = truth[0]:
        // h1 = w h0 + x1, h2 = w h1 + x2, h3 = w h2 + x3, so with w = 0.5
        // dh1/dw = h0, dh2/dw = h1 + w dh1/dw, dh3/dw = h2 + w dh2/dw; the gradient is dh2/dw + dh3/dw.
        let d1 = truth[0], d2 = truth[1] + 0.5 * d1, d3 = truth[2] + 0.5 * d2
        let expected = d2 + d3
        #expect(Swift.abs(grads[1] - expected) < 1e-12)
    }

    @Test func invalidSettingsAreNamed() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = TruncatedBPTT(k1: 5, k2: 3)
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("need 1 <= k1 <= k2, got k1 = 5, k2 = 3"))
    }
}
