import Foundation
import Testing
import LSTMKit

@Suite struct TensorBoardLoggerTests {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func writerEventsDecode() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = try TensorBoardWriter(directory: dir, suffix: ".test", clock: { 1_700_000_000.5 })
        #expect(writer.url.lastPathComponent.hasPrefix("events.out.tfevents.1700000000."))
        #expect(writer.url.lastPathComponent.hasSuffix(".test"))
        try writer.scalar("train/loss", 0.25, step: 3)
        try writer.histogram("weights/w", [1, 2, 2, 3, 4], step: 3)
        try writer.text("samples", "héllo\nworld", step: 4)
        // Nothing but the file is there before a flush.
        #expect(try Data(contentsOf: writer.url).isEmpty)
        try writer.close()
        let events = try TensorBoardEvent.read(writer.url)
        #expect(events.count == 4)
        #expect(events[0].fileVersion == "brain.Event:2" && events[0].values.isEmpty)
        #expect(events.allSatisfy { $0.wallTime == 1_700_000_000.5 })
        #expect(events[1].step == 3 && events[1].values == [.scalar(tag: "train/loss", 0.25)])
        guard case let .histogram(tag, h) = events[2].values.first else { Issue.record("no histogram"); return }
        #expect(tag == "weights/w")
        #expect(h.count == 5 && h.min == 1 && h.max == 4 && h.sum == 12 && h.sumSquares == 34)
        #expect(h.bucketCounts.reduce(0, +) == 5 && h.bucketCounts.count == 30 && h.bucketLimits.last == 4)
        #expect(events[3].step == 4 && events[3].values == [.text(tag: "samples", "héllo\nworld", plugin: "text")])
    }

    /// A second writer in the same second does not truncate the first file.
    @Test func sameSecondWritersGetTheirOwnFiles() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try TensorBoardWriter(directory: dir, clock: { 5 })
        try first.close()
        let second = try TensorBoardWriter(directory: dir, clock: { 5 })
        try second.scalar("x", 1, step: 1)
        try second.close()
        #expect(second.url.lastPathComponent == first.url.lastPathComponent + ".1")
        #expect(try TensorBoardEvent.read(first.url).count == 1)
        #expect(try TensorBoardEvent.read(second.url).count == 2)
    }

    /// Equal-width buckets: (limit[k-1], limit[k]], the first also takes the minimum.
    @Test func histogramBuckets() {
        let h = TensorBoardHistogram([0, 1, 1.5, 2, 4, .nan], bucketCount: 4)
        #expect(h.bucketLimits == [1, 2, 3, 4])
        #expect(h.bucketCounts == [2, 2, 0, 1])
        #expect(h.count == 5 && h.min == 0 && h.max == 4)
        let constant = TensorBoardHistogram([0.5, 0.5])
        #expect(constant.bucketLimits == [0.5] && constant.bucketCounts == [2])
    }

    @Test func trainerRunWritesScalarsHistogramsAndText() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = Linear<Float>(inputSize: 2, outputSize: 1, rng: RandomSource(seed: 1))
        let logger = TensorBoardLogger(directory: dir, everySteps: 2, texts: [("config", "lr 0.05")])
        let trainer = Trainer(model: model, optimizer: Adam(parameters: model.parameters(), learningRate: 0.05),
                              callbacks: [logger])
        let train = linearTaskBatches(count: 4, seed: 2), valid = linearTaskBatches(count: 2, seed: 3)
        try trainer.fit(epochs: 2, train: { _ in train }, validation: { valid }) { m, b in mseLoss(m(b.x), b.y) }
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(files.count == 1 && files[0].hasPrefix("events.out.tfevents."))
        let events = try TensorBoardEvent.read(dir.appendingPathComponent(files[0]))
        var scalars: [String: [(Int, Float)]] = [:]
        var histograms: [String: [Int]] = [:]
        var texts: [String] = []
        for event in events {
            for value in event.values {
                switch value {
                case let .scalar(tag, x): scalars[tag, default: []].append((event.step, x))
                case let .histogram(tag, _): histograms[tag, default: []].append(event.step)
                case let .text(tag, text, _): texts.append("\(tag)@\(event.step): \(text)")
                case .other: Issue.record("unexpected value")
                }
            }
        }
        #expect(texts == ["config@0: lr 0.05"])
        let steps = trainer.history.steps.filter { $0.step % 2 == 0 }
        #expect(scalars["train/loss"]?.map(\.0) == [2, 4, 6, 8])
        #expect(scalars["train/loss"]?.map(\.1) == steps.map { Float($0.loss) })
        #expect(scalars["train/gradient_norm"]?.map(\.1) == steps.map { Float($0.gradientNorm!) })
        #expect(scalars["train/learning_rate"]?.map(\.1) == steps.map { Float($0.learningRate) })
        #expect(scalars["validation/loss"]?.map(\.0) == [4, 8])
        #expect(scalars["validation/loss"]?.map(\.1) == trainer.history.validationLossCurve.map { Float($0) })
        #expect(histograms == ["weights/weight": [4, 8], "weights/bias": [4, 8],
                               "gradients/weight": [4, 8], "gradients/bias": [4, 8]])
    }

    @Test func unwritableDirectoryIsOneLine() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("file")
        try Data("x".utf8).write(to: file)
        let error = #expect(throws: TensorBoardError.self) { try TensorBoardWriter(directory: file) }
        #expect(error?.description.hasPrefix("tensorboard: cannot create ") == true)
        #expect(error?.description.contains("\n") == false)
    }
}
