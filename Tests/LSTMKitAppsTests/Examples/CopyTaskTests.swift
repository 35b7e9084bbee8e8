import Foundation
import Testing
@testable import LSTMKit
@testable import LSTMKitApps
import LSTMKitTestSupport

@Suite struct CopyTaskTests {
    @Test func batchLayoutFollowsTheStandardFormulation() {
        let (gap, symbols, batch) = (6, 3, 4)
        let (x, targets, drawn): (Tensor<Double>, [Int], [[Int]]) =
            CopyTask.batch(gap: gap, symbols: symbols, batchSize: batch, rng: RandomSource(seed: 3))
        let steps = CopyTask.length(gap: gap, symbols: symbols)
        #expect(steps == 12)
        #expect(x.shape == [steps, batch, CopyTask.tokenCount])
        #expect(targets.count == steps * batch)
        #expect(drawn.count == batch && drawn.allSatisfy { $0.count == symbols })
        for b in 0..<batch {
            // Input tokens: the one-hot index at every step.
            let tokens = (0..<steps).map { t in (0..<10).first { x[t, b, $0] == 1 }! }
            #expect((0..<steps).allSatisfy { t in (0..<10).reduce(0.0) { $0 + x[t, b, $1] } == 1 })
            #expect(Array(tokens[0..<symbols]) == drawn[b])
            #expect(drawn[b].allSatisfy { (1...8).contains($0) })
            #expect(tokens[symbols + gap - 1] == CopyTask.delimiter)
            #expect(tokens.enumerated().allSatisfy { t, v in t < symbols || t == symbols + gap - 1 || v == CopyTask.blank })
            // Targets: blanks until the recall, then the symbols in order.
            let y = (0..<steps).map { targets[$0 * batch + b] }
            #expect(y[0..<(symbols + gap)].allSatisfy { $0 == CopyTask.blank })
            #expect(Array(y[(symbols + gap)...]) == drawn[b])
        }
    }

    @Test func baselineIsTheMemorylessCrossEntropy() {
        #expect(Swift.abs(CopyTask.baselineLoss(gap: 100, symbols: 10) - 10 * Foundation.log(8) / 120) < 1e-12)
        #expect(Swift.abs(CopyTask.baselineLoss(gap: 100, symbols: 10) - 0.1733) < 1e-4)
        #expect(Swift.abs(CopyTask.baselineRecallLoss - 2.0794) < 1e-4)
    }

    /// A model that outputs blanks, then uniform logits over the 8 symbols, scores exactly the baseline.
    @Test func evaluationOfAnUntrainedNetworkIsNearGuessing() {
        let net = CopyTask.Network<Float>(model: .lstm, hiddenSize: 8, rng: RandomSource(seed: 1))
        let e = CopyTask.evaluate(net, gap: 5, symbols: 3, count: 16)
        #expect(e.loss > 1.5 && e.loss < 3)            // ~ ln 10 for near-uniform logits
        #expect(e.recallAccuracy <= 0.5)
        #expect(e.sequenceAccuracy >= 0 && e.sequenceAccuracy <= 1)
    }

    @Test func shortTrainingRunsAndIsDeterministic() {
        let a = CopyTask.train(gap: 3, symbols: 2, iterations: 3, hiddenSize: 8, batchSize: 4, seed: 5)
        let b = CopyTask.train(gap: 3, symbols: 2, iterations: 3, hiddenSize: 8, batchSize: 4, seed: 5)
        #expect(a.losses.count == 3)
        #expect(a.losses == b.losses)
    }
}
