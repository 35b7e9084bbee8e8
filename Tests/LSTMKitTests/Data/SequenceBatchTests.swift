import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct SequenceBatchTests {
    @Test func featureSequencesArePaddedTimeMajorWithLengthsAndMask() {
        // B = 3 sequences of lengths 2, 4, 1 with D = 2 features: T = 4.
        let examples = [
            SequenceExample<Double>(steps: [[1, 2], [3, 4]], target: .label(0)),
            SequenceExample<Double>(steps: [[5, 6], [7, 8], [9, 10], [11, 12]], target: .label(2)),
            SequenceExample<Double>(steps: [[13, 14]], target: .label(1)),
        ]
        let batch = SequenceBatch(collating: examples)
        #expect(batch.inputs.shape == [4, 3, 2])
        #expect(batch.inputs.scalars == [1, 2, 5, 6, 13, 14,
                                         3, 4, 7, 8, 0, 0,
                                         0, 0, 9, 10, 0, 0,
                                         0, 0, 11, 12, 0, 0])
        #expect(batch.lengths == [2, 4, 1])
        #expect(batch.steps == 4 && batch.batchSize == 3)
        #expect(batch.mask.shape == [4, 3])
        #expect(batch.mask.scalars == [1, 1, 1,
                                       1, 1, 0,
                                       0, 1, 0,
                                       0, 1, 0])
        #expect(batch.maskFlags == batch.mask.scalars.map { $0 == 1 })
        #expect(batch.paddingCount == 12 - 7)
        #expect(batch.targets.classLabels == [0, 2, 1])
    }

    @Test func batchWorksWithRecurrentLengthsAndMask() {
        let rng = RandomSource(seed: 1)
        let examples = [3, 1, 2].map { n in
            SequenceExample<Double>(Tensor.randomNormal([n, 5], using: rng), target: .none)
        }
        let batch = SequenceBatch(collating: examples)
        let rnn = Recurrent(LSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: rng))
        let byLengths = rnn(batch.inputs, lengths: batch.lengths).outputs
        let byMask = rnn(batch.inputs, mask: batch.mask).outputs
        #expect(byLengths.shape == [3, 3, 4])
        expectClose(byLengths, byMask, atol: 1e-12)
        // Each sequence alone gives the same outputs at its real steps.
        for (b, example) in examples.enumerated() {
            let alone = rnn(example.tensor.unsqueezed(1)).outputs                  // [n, 1, 4]
            for t in 0..<example.length {
                expectClose(byLengths.slice(axis: 0, t..<(t + 1)).slice(axis: 1, b..<(b + 1)),
                            alone.slice(axis: 0, t..<(t + 1)), atol: 1e-12)
            }
        }
    }

    @Test func valueTargetsStack() {
        let batch = SequenceBatch(collating: [
            SequenceExample<Float>(steps: [[1]], target: .value(Tensor([0.5, 1.5]))),
            SequenceExample<Float>(steps: [[2], [3]], target: .value(Tensor([2.5, 3.5]))),
        ])
        #expect(batch.targets.valueTensor.shape == [2, 2])
        #expect(batch.targets.valueTensor.scalars == [0.5, 1.5, 2.5, 3.5])
    }

    @Test func perStepTokenTargetsArePaddedWithIgnoreIndex() {
        let batch = SequenceBatch(collating: [
            SequenceExample<Float>(steps: [[1], [2], [3]], target: .tokens([7, 8, 9])),
            SequenceExample<Float>(steps: [[4]], target: .tokens([5])),
        ], ignoreIndex: -1)
        guard case .tokens(let ids, let shape, let ignore) = batch.targets else {
            Issue.record("expected token targets, got \(batch.targets.kindName)"); return
        }
        #expect(shape == [3, 2])
        #expect(ids == [7, 5, 8, -1, 9, -1])
        #expect(ignore == -1 && batch.targets.ignoreIndex == -1)
        // The padded targets plug into crossEntropy: padded steps do not count.
        let logits = Tensor<Float>.randomNormal([3, 2, 10], using: RandomSource(seed: 2))
        let withIgnore = crossEntropy(logits: logits, targets: ids, ignoreIndex: ignore)
        let withMask = crossEntropy(logits: logits, targets: ids.map { Swift.max($0, 0) }, mask: batch.maskFlags)
        #expect(Swift.abs(withIgnore.item - withMask.item) < 1e-6)
    }

    @Test func perStepValueTargetsAreZeroPadded() {
        let batch = SequenceBatch(collating: [
            SequenceExample<Float>(steps: [[1], [2]], target: .stepValues(Tensor(rows: [[1, 2], [3, 4]]))),
            SequenceExample<Float>(steps: [[3]], target: .stepValues(Tensor(rows: [[5, 6]]))),
        ])
        let v = batch.targets.stepValueTensor
        #expect(v.shape == [2, 2, 2])
        #expect(v.scalars == [1, 2, 5, 6, 3, 4, 0, 0])
    }

    @Test func tokenSequencesArePaddedWithPaddingID() {
        let batch = TokenBatch(collating: [
            TokenSequenceExample<Float>(tokens: [5, 6, 7], target: .label(1)),
            TokenSequenceExample<Float>(tokens: [8], target: .label(0)),
        ], paddingID: 0)
        #expect(batch.inputs == [5, 8, 6, 0, 7, 0])
        #expect(batch.shape == [3, 2])
        #expect(batch.lengths == [3, 1])
        #expect(batch.mask.scalars == [1, 1, 1, 0, 1, 0])
        #expect(batch.targets.classLabels == [1, 0])
        // Straight into an Embedding whose padding row is the padding ID.
        let embed = Embedding<Float>(count: 10, dimension: 4, paddingIndex: 0, rng: RandomSource(seed: 3))
        let x = embed(batch.inputs, shape: batch.shape)
        #expect(x.shape == [3, 2, 4])
        #expect(x.slice(axis: 0, 1..<2).slice(axis: 1, 1..<2).scalars == [0, 0, 0, 0])
    }

    @Test func languageModelExampleShiftsTargets() {
        let x = TokenSequenceExample<Float>.languageModel([1, 5, 9, 2])
        #expect(x.tokens == [1, 5, 9])
        let batch = TokenBatch(collating: [x, .languageModel([3, 4])])
        #expect(batch.inputs == [1, 3, 5, 0, 9, 0])
        #expect(batch.targets.tokenTargets == [5, 4, 9, -100, 2, -100])
    }

    @Test func bucketingReducesPadding() {
        let rng = RandomSource(seed: 4)
        let examples = (0..<400).map { _ in
            TokenSequenceExample<Float>(tokens: Array(repeating: 1, count: 1 + rng.int(in: 0..<60)), target: .label(0))
        }
        func totalPadding(bucketed: Bool) -> Int {
            let loader = DataLoader(tokenSequences: ArrayDataset(examples), batchSize: 16, shuffle: true,
                                    bucketByLength: bucketed, rng: RandomSource(seed: 5))
            let batches = Array(loader.epoch())
            #expect(batches.map(\.batchSize).reduce(0, +) == 400)
            return batches.map(\.paddingCount).reduce(0, +)
        }
        let plain = totalPadding(bucketed: false), bucketed = totalPadding(bucketed: true)
        #expect(bucketed * 5 < plain, "bucketed padding \(bucketed) vs plain \(plain)")
    }

    @Test func sequenceLoaderCollates() {
        let data = ArrayDataset((1...5).map { n in
            SequenceExample<Float>(steps: Array(repeating: [Float(n)], count: n), target: .label(n % 2))
        })
        let loader = DataLoader(sequences: data, batchSize: 2)
        let batches = Array(loader.epoch())
        #expect(batches.map(\.lengths) == [[1, 2], [3, 4], [5]])
        #expect(batches[1].inputs.shape == [4, 2, 1])
        #expect(batches[2].targets.classLabels == [1])
    }

    @Test func mixedTargetKindsStop() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = SequenceBatch(collating: [SequenceExample<Float>(steps: [[1]], target: .label(0)),
                                          SequenceExample<Float>(steps: [[1]], target: .tokens([2]))])
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("example 1 of the batch has a tokens target, example 0 has a label target"))
    }

    @Test func mismatchedFeatureCountStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = SequenceBatch(collating: [SequenceExample<Float>(steps: [[1, 2]]),
                                          SequenceExample<Float>(steps: [[1, 2, 3]])])
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("example 1 has 3 features per step, example 0 has 2"))
    }

    @Test func emptySequenceStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = TokenBatch<Float>(collating: [TokenSequenceExample(tokens: [1]), TokenSequenceExample(tokens: [])])
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("example 1 of the batch has no tokens"))
    }
}
