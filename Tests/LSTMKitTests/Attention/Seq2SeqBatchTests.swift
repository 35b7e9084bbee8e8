import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct Seq2SeqBatchTests {
    @Test func theDocumentedExample() {
        let batch = Seq2SeqBatch(sources: [[5, 6, 7], [8]], targets: [[9], [10, 11]], startIndex: 2, endIndex: 3,
                                 paddingIndex: 0)
        #expect(batch.source == [5, 8, 6, 0, 7, 0] && batch.sourceLengths == [3, 1])
        #expect(batch.targetInputs == [2, 2, 9, 10, 0, 11])
        #expect(batch.targetOutputs == [9, 10, 3, 11, 0, 3])
        #expect(batch.targetLengths == [2, 3])
        #expect((batch.batchSize, batch.sourceSteps, batch.targetSteps) == (2, 3, 3))
        #expect(batch.targetMask == [true, true, true, true, false, true])
    }

    @Test func anEmptyTargetPredictsOnlyTheEnd() {
        let config = Seq2SeqConfig(sourceVocabularySize: 10, targetVocabularySize: 10)
        let batch = Seq2SeqBatch(sources: [[4]], targets: [[]], config: config)
        #expect(batch.targetInputs == [2] && batch.targetOutputs == [3] && batch.targetLengths == [1])
    }

    @Test func anEmptySourceStops() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Seq2SeqBatch(sources: [[4], []], targets: [[5], [6]], startIndex: 2, endIndex: 3, paddingIndex: 0)
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("Seq2SeqBatch: source 1 is empty"))
    }
}
