import Testing
@testable import LSTMKit
@testable import LSTMKitApps
import LSTMKitTestSupport

@Suite struct VanishingGradientDemoTests {
    /// norm(t) is the norm of the [B, 2] slice of dLoss/dx at step t, as computed directly with autodiff.
    @Test func inputGradientNormsMatchAutodiff() {
        let rng = RandomSource(seed: 4)
        let net = AddingProblem.Network<Double>(model: .lstm, hiddenSize: 3, rng: rng)
        let (x, y): (Tensor<Double>, Tensor<Double>) = AddingProblem.batch(steps: 4, batchSize: 2, rng: rng)
        let norms = VanishingGradientDemo.inputGradientNorms(net, inputs: x, targets: y)
        #expect(norms.count == 4)
        let dX = gradients(of: { xs in mseLoss(net(xs[0]), y) }, at: [x]).gradients[0]   // [4, 2, 2]
        for t in 0..<4 {
            let slice = dX.slice(axis: 0, t..<(t + 1))
            let expected = (slice * slice).sum().item.squareRoot()
            #expect(Swift.abs(norms[t] - expected) < 1e-12)
            #expect(norms[t] > 0)
        }
    }

    /// The first-step gradient of a plain tanh RNN fades along a long sequence, measured by the same code.
    @Test func rnnGradientFadesWithLength() {
        let rng = RandomSource(seed: 0)
        let net = AddingProblem.Network<Double>(model: .rnn, hiddenSize: 4, rng: rng)
        let (x, y): (Tensor<Double>, Tensor<Double>) = AddingProblem.batch(steps: 40, batchSize: 2, rng: rng)
        let norms = VanishingGradientDemo.inputGradientNorms(net, inputs: x, targets: y)
        #expect(norms[0] < 1e-3 * norms[39])
    }

    @Test func tinyTrainingRecordsSnapshots() {
        let r = VanishingGradientDemo.train(model: .gru, steps: 5, iterations: 4, hiddenSize: 4, batchSize: 3,
                                            probeSize: 2, snapshotEvery: 2, seed: 1)
        #expect(r.losses.count == 4)
        #expect(r.snapshots.map(\.iteration) == [0, 2, 4])
        #expect(r.snapshots[0].trainMSE == nil && r.snapshots[2].trainMSE != nil)
        #expect(r.snapshots.allSatisfy { $0.firstStepGradientNorm > 0 && $0.lastStepGradientNorm > 0 })
    }

    /// The --report page: two log-scale charts of the report's kind (marks, titled axes, decade ticks) and the table.
    @Test func reportPageDrawsTwoLogScaleCharts() {
        let results = [AddingProblem.Model.rnn, .lstm].map { model in
            VanishingGradientDemo.train(model: model, steps: 6, iterations: 2, hiddenSize: 3, batchSize: 2,
                                        probeSize: 2, snapshotEvery: 2, seed: 1)
        }
        let html = VanishingGradientDemo.reportHTML(results, length: 6, settings: "tiny")
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.components(separatedBy: "<svg class=\"chart\"").count == 3)
        // Each chart under a heading with its title (the chart itself draws no title).
        #expect(html.contains("<h2>|dLoss/dx[t]| at initialization (log scale)</h2><svg class=\"chart\""))
        #expect(html.contains("<title>|dLoss/dx[t]| after training (log scale)</title>"))
        #expect(html.components(separatedBy: "<circle class=\"point\"").count - 1 == 2 * 2 * 6)
        #expect(html.contains("class=\"axis-title y\"") && html.contains(">gradient norm</text>"))
        #expect(html.contains("stroke=\"#d62728\"") && html.contains(">1e0</text>") && html.contains("data-report-ready"))
        #expect(html.contains("<td>RNN</td>") && html.contains("<td>LSTM</td>") && html.contains("T = 6 (tiny)"))
    }
}
