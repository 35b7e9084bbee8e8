import Foundation
import Testing
@testable import LSTMKit
@testable import LSTMKitApps

/// The piano-roll model's frame NLL (what is counted, padding, its gradient), a tiny run that learns, sampling.
@Suite struct MusicTaskTests {
    static let chorales: [[[Int]]] = [[[60, 64, 67], [62, 65], [], [48]], [[21, 108], [60]], [[55, 59, 62], [57], [57, 60]]]

    func model(seed: UInt64 = 1, cell: RecurrentCellKind = .lstm) -> PianoRollModel {
        var config = MusicConfig()
        config.model.cell = cell
        config.model.hiddenSize = 5
        return PianoRollModel(config.modelConfig, rng: RandomSource(seed: seed))
    }

    @Test func aBatchCountsEveryFrameButTheFirstOfEachSequence() {
        let batch = PianoRollBatch(Self.chorales)
        #expect(batch.inputs.shape == [3, 3, 88] && batch.targets.shape == [3, 3, 88] && batch.mask.shape == [3, 3, 1])
        #expect(batch.frames == 3 + 1 + 2)
        #expect(batch.mask.scalars == [1, 1, 1, 1, 0, 1, 1, 0, 0])      // [T, B]: step 0 of all three, ...
        // Sequence 2's target at step 0 is its second frame, [60]: key 39.
        let target = Array(batch.targets.scalars[(0 * 3 + 1) * 88..<(0 * 3 + 2) * 88])
        #expect(PianoRoll.pitches(ofRow: target[...]) == [60])
    }

    /// NLL = - sum over counted frames and keys of y log p + (1 - y) log(1 - p), computed here by hand in Double.
    @Test func nllIsTheSummedBinaryCrossEntropyOfTheCountedFrames() {
        let m = model()
        m.eval()
        let batch = PianoRollBatch(Self.chorales)
        let nll = withoutGrad { Double(m.nll(batch).item) }
        let logits = withoutGrad { m(batch.inputs).logits.scalars }
        var expected = 0.0
        for tb in 0..<9 where batch.mask.scalars[tb] == 1 {
            for k in 0..<88 {
                let p = 1 / (1 + exp(-Double(logits[tb * 88 + k]))), y = Double(batch.targets.scalars[tb * 88 + k])
                expected -= y * log(p) + (1 - y) * log(1 - p)
            }
        }
        #expect(abs(nll - expected) < 1e-4 * expected)
        // Padding changes nothing: each sequence alone gives the same total.
        let alone = Self.chorales.map { s in withoutGrad { Double(m.nll(PianoRollBatch([s])).item) } }
        #expect(abs(alone.reduce(0, +) - nll) < 1e-4 * nll)
        #expect(abs(MusicTask.score(m, Self.chorales).nll - nll / 6) < 1e-4 * nll)
    }

    /// dNLL / dlogits = (sigmoid(logits) - targets) * mask: zero on padded steps.
    @Test func theGradientReachesOnlyCountedFrames() {
        let m = model()
        m.eval()
        let batch = PianoRollBatch(Self.chorales)
        let logits = withoutGrad { m(batch.inputs).logits }
        let g = gradients(of: { (z: [Tensor<Float>]) in
            (binaryCrossEntropyWithLogits(logits: z[0], targets: batch.targets, reduction: .none) * batch.mask).sum()
        }, at: [logits]).gradients[0]
        for i in 0..<logits.count {
            let sigmoid = 1 / (1 + exp(-Double(logits.scalars[i])))
            let expected = (sigmoid - Double(batch.targets.scalars[i])) * Double(batch.mask.scalars[i / 88])
            #expect(abs(Double(g.scalars[i]) - expected) < 1e-5)
        }
    }

    @Test(arguments: [RecurrentCellKind.lstm, .gru])
    func aTinyRunLearnsARepeatingProgression(cell: RecurrentCellKind) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lstmkit-music-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let progression = [[48, 60, 64, 67], [53, 57, 60, 65], [55, 59, 62, 67]]       // I IV V, again and again
        let sequence = Array(Array(repeating: progression, count: 4).joined())
        let json = "{\"train\": \(Array(repeating: sequence, count: 4)), \"valid\": \([sequence]), \"test\": \([sequence])}"
        try Data(json.utf8).write(to: dir.appendingPathComponent("jsb.json"))
        var config = MusicConfig()
        config.data = dir.appendingPathComponent("jsb.json").path
        config.output = dir.appendingPathComponent("run").path
        config.model.cell = cell
        config.model.hiddenSize = 16
        config.inputDropout = 0
        config.dropout = 0
        config.training.epochs = 80
        config.training.batchSize = 2
        config.training.learningRate = 0.02
        let report = try MusicTask.train(config, observer: .silent)
        // Uniform 0.5 on every key costs 88 ln 2 = 61 nats per frame; the best model blind to the past (each
        // key's frequency: 8 keys at 1/3, 60 and 67 at 2/3) 8 H(1/3) + 2 H(2/3) = 6.37; the progression is
        // certain given the previous chord. 160 steps (LSTM 3.8, GRU 1.0 measured) must beat the blind model.
        #expect(report.test.frames == 11 && report.test.nll < 4.5, "\(report.test)")
        let model = try MusicTask.load(URL(fileURLWithPath: report.training.best))
        #expect(MusicTask.score(model.network, [sequence]) == report.test)
        #expect(model.openings == Array(repeating: progression[0], count: 4))

        let steps = try model.sample(length: 9, temperature: 1, seed: 3)
        #expect(steps.count == 9 && steps[0] == progression[0])
        #expect(try model.sample(length: 9, seed: 3) == steps)
        let sample = try model.writeSample(to: dir.appendingPathComponent("s.mid").path, length: 9, seed: 3)
        let midi = try MIDIFile.parse(Array(Data(contentsOf: URL(fileURLWithPath: sample.output))))
        #expect(midi.pianoRoll(ticksPerStep: 480) == steps && midi.notes.count == sample.notes)
        #expect(midi.microsecondsPerQuarter == 600_000)
    }

    @Test func sampleOptionsAreChecked() throws {
        let m = MusicModel(config: MusicConfig(), network: model(), openings: [[60]], path: "p")
        #expect(throws: ConfigError("length", "must be at most 10000, got 10001")) { try m.sample(length: 10_001) }
        #expect(throws: ConfigError("length", "must be at least 1, got 0")) { try m.sample(length: 0) }
        #expect(throws: ConfigError.self) { try m.sample(length: 4, temperature: 0) }
        #expect(throws: ConfigError.self) { try m.writeSample(to: "/tmp/x.wav", length: 4) }
        let steps = try m.sample(length: 50, temperature: 2, seed: 9)
        #expect(steps.allSatisfy { $0.allSatisfy(PianoRoll.pitchRange.contains) })
    }
}
