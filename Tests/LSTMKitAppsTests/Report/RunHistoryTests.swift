import Foundation
import LSTMKit
import Testing
@testable import LSTMKitApps

/// history.json: subsampling, the round trip with non-finite numbers, extras merged, the config as a table.
@Suite struct RunHistoryTests {
    @Test func subsampleKeepsAtMostTheLimitAndTheLastValue() {
        let kept = RunHistory.subsample(Array(0..<10_001), to: 2000)
        #expect(kept.count == 2000 && kept.first == 0 && kept[1] == 5 && kept.last == 10_000)
        #expect(RunHistory.subsample([1, 2, 3], to: 2000) == [1, 2, 3])
    }

    @Test func roundTripWithNaNAndExtras() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("runhistory-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        struct Config: Encodable { var hiddenSize = 8; var cell = "lstm"; var nested = ["a": [1.5, 2]] }
        var h = RunHistory(task: "t", config: try JSONValue(encoding: Config()), monitor: "validation loss")
        var trained = TrainingHistory()
        trained.steps = (1...5).map { .init(step: $0, epoch: 0, loss: 1 / Double($0), gradientNorm: nil, learningRate: 0.1) }
        trained.evaluations = [.init(step: 5, epoch: 1, trainLoss: .nan, validationLoss: nil, metrics: ["accuracy": 0.5],
                                     learningRate: 0.1, seconds: 1)]
        h.update(from: trained, step: 5, finished: true)
        try h.write(in: dir)
        try RunHistory.attach(RunExtras(samples: [RunSample(step: 5, source: RunSample.best, text: "abc")]), in: dir)
        let read = try RunHistory.read(in: dir)
        #expect(read.steps == trained.steps && read.evaluations[0].trainLoss.isNaN && read.finished)
        #expect(read.extras.samples?.map(\.text) == ["abc"] && read.extras.forecast == nil)
        #expect(read.config.flattened().map { "\($0.path)=\($0.value)" } == ["cell=lstm", "hiddenSize=8", "nested.a=[1.5, 2]"])
        // No temporary file is left next to it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [RunHistory.fileName])
    }

    /// An anomaly detector's extras: the test ROC curve, the rates at the threshold, the flagged share by class,
    /// drawn as two charts of the report.
    @Test func anomalyTraceAndItsCharts() throws {
        let scores = [0.9, 0.8, 0.3, 0.2, 0.6], labels = [1, 1, 0, 0, 0]
        let part = AnomalyScores(scores: scores, labels: labels, normalClasses: [0], classNames: ["ok", "bad"],
                                 threshold: 0.5)
        let trace = AnomalyTrace(scores: scores, positives: labels.map { $0 == 1 }, atThreshold: part.atThreshold,
                                 perClass: part.perClass)
        #expect(trace.auroc == 1 && trace.falsePositiveRate.first == 0 && trace.truePositiveRate.last == 1)
        #expect(trace.thresholdTruePositiveRate == 1 && Swift.abs(trace.thresholdFalsePositiveRate - 1.0 / 3) < 1e-12)
        #expect(trace.classes == ["ok", "bad"] && trace.normal == [true, false] && trace.flagged[1] == 1)
        var h = RunHistory(task: "anomaly", config: .object([:]), monitor: "validation loss")
        h.extras.merge(RunExtras(anomaly: trace))
        let report = RunReport(history: h, directory: "/tmp/run")
        #expect(report.charts.suffix(2) == ["ROC curve", "Flagged at the threshold"])
        let html = report.html
        #expect(html.contains(">ok (normal)</text>") && html.contains(">model (AUROC 1.0000)</text>") && html.contains(">false positive rate</text>"))
    }

    /// A next-frame run's pictures: a "Predicted frames" section with each PNG inline and its caption.
    @Test func frameImagesAreInlinePNGs() throws {
        let image = FrameImage(title: "test sequence 1 <a & b>", width: 2, height: 1, pixels: [0, 255])
        #expect(Data(base64Encoded: image.png) == PNGImage.grayscale(width: 2, height: 1, pixels: [0, 255]))
        var h = RunHistory(task: "nextframe", config: .object([:]), monitor: "validation loss")
        h.extras.merge(RunExtras(frames: [image]))
        let html = RunReport(history: h, directory: "/tmp/run").html
        #expect(html.contains("<h2>Predicted frames</h2>"))
        #expect(html.contains("<img class=\"frames\" src=\"data:image/png;base64,\(image.png)\" alt=\"test sequence 1 &lt;a &amp; b&gt;\"/>"))
        #expect(html.contains("<figcaption>test sequence 1 &lt;a &amp; b&gt;</figcaption>"))
    }
}
