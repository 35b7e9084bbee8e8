import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

/// `--tensorboard DIR` on the train commands: the event file a run writes, and bad input writing nothing.
@Suite struct TensorBoardCLITests {
    let dir = TemporaryDirectory()

    /// The events of the one event file in `name`.
    func events(_ name: String) throws -> [TensorBoardEvent] {
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path(name))
        try #require(files.count == 1 && files[0].hasPrefix("events.out.tfevents."), "\(files)")
        return try TensorBoardEvent.read(dir.url.appendingPathComponent(name).appendingPathComponent(files[0]))
    }

    @Test func textgenLogsScalarsHistogramsConfigAndSamples() throws {
        let arguments = try TinyData.textgen(dir, steps: 2) + ["--tensorboard", dir.path("tb"), "--sample-length", "12",
                                                               "--log", dir.path("run.jsonl"), "--json"]
        let report = try expectJSON(lstm(arguments))
        let events = try events("tb")
        #expect(events.first?.fileVersion == "brain.Event:2")
        var tags: [String: [Int]] = [:]
        var texts: [String: String] = [:]
        for event in events {
            for value in event.values {
                switch value {
                case let .scalar(tag, _), let .histogram(tag, _), let .other(tag): tags[tag, default: []].append(event.step)
                case let .text(tag, text, plugin):
                    #expect(plugin == "text")
                    tags[tag, default: []].append(event.step)
                    texts[tag] = text
                }
            }
        }
        // --eval-every 1: an evaluation (validation loss, bits per character, histograms, a sample) at steps 1 and 2.
        #expect(tags["validation/loss"] == [1, 2])
        #expect(tags["validation/bitsPerCharacter"] == [1, 2])
        #expect(tags["samples"] == [1, 2])
        #expect(texts["samples"]?.count == 12)
        #expect(tags["config"] == [0])
        #expect(texts["config"]?.contains("\"sampleLength\" : 12") == true)
        #expect(tags.keys.contains { $0.hasPrefix("weights/") } && tags.keys.contains { $0.hasPrefix("gradients/") })
        // The last validation loss equals the log's and the report's steps.
        let log = try dir.lines("run.jsonl").map { try JSON(parsing: $0) }.filter { $0["kind"].string == "evaluation" }
        let last = events.last { $0.values.contains { if case .scalar("validation/loss", _) = $0 { true } else { false } } }
        let logged = log.last?["validationLoss"].double
        if case let .scalar(_, value)? = last?.values.first(where: { if case .scalar("validation/loss", _) = $0 { true } else { false } }) {
            #expect(logged.map { Float($0) } == value)
        } else {
            Issue.record("no validation/loss")
        }
        #expect(report["training"]["steps"].int == 2)
    }

    /// Logging (samples drawn at every evaluation included) does not change the run: same weights as without.
    @Test func theLogDoesNotChangeTheRun() throws {
        let plain = try expectJSON(lstm(try TinyData.textgen(dir, steps: 2, output: "plain") + ["--json"]))
        let logged = try expectJSON(lstm(try TinyData.textgen(dir, steps: 2, output: "logged") +
                                         ["--tensorboard", dir.path("tb"), "--sample-length", "12", "--json"]))
        #expect(plain["best"]["loss"].double != nil && plain["best"]["loss"].double == logged["best"]["loss"].double)
        let a = try dir.tensors("plain/last.safetensors"), b = try dir.tensors("logged/last.safetensors")
        #expect(!a.isEmpty && a == b)
    }

    @Test func wordLMLogsSamples() throws {
        let sentences = ["the cat sat on the mat", "the dog sat on the log", "a cat and a dog ran"]
        try dir.write(String(repeating: sentences.joined(separator: "\n") + "\n", count: 4), to: "ptb/ptb.train.txt")
        try dir.write("the cat sat on the log\na dog ran\n", to: "ptb/ptb.valid.txt")
        try dir.write("the dog sat on the mat\na dog ran\n", to: "ptb/ptb.test.txt")
        _ = try expectJSON(lstm(["train", "wordlm", "--data", dir.path("ptb"), "--output", dir.path("run"), "--steps", "2",
                                 "--batch-size", "2", "--seq-length", "4", "--hidden-size", "8", "--eval-every", "1",
                                 "--sample-length", "5", "--tensorboard", dir.path("tb"), "--json"]))
        let samples = try events("tb").flatMap { event in
            event.values.compactMap { value -> (Int, String)? in
                if case let .text("samples", text, _) = value { (event.step, text) } else { nil }
            }
        }
        #expect(samples.map(\.0) == [1, 2])
        #expect(samples.allSatisfy { !$0.1.isEmpty })
        let validation = try events("tb").flatMap(\.values).filter { if case .scalar("validation/perplexity", _) = $0 { true } else { false } }
        #expect(validation.count == 2)
    }

    /// A run that dies after step 5 (last checkpoint at 4) and is resumed: a second file in the same directory
    /// carries the rest (the resumed config keeps the directory).
    @Test func aResumedRunAddsAFile() throws {
        var c = TextgenConfig()
        c.data = try dir.write(TinyData.text, to: "tiny.txt")
        c.output = dir.path("run")
        (c.embeddingSize, c.model.hiddenSize, c.model.layerCount, c.seqLength, c.sampleLength) = (4, 8, 1, 8, 0)
        (c.training.steps, c.training.batchSize, c.training.evalEvery) = (6, 2, 2)
        c.training.tensorboard = dir.path("tb")
        struct Interrupted: Error {}
        final class InterruptAfter5: TrainingCallback {
            func stepDidEnd(_ t: TrainerState, _ s: TrainingHistory.Step) throws { if s.step == 5 { throw Interrupted() } }
        }
        let dies = TaskObserver(say: { _ in }, warn: { _ in }, callbacks: { [InterruptAfter5()] })
        #expect(throws: (any Error).self) { try TextgenTask.train(c, observer: dies) }
        _ = try expectJSON(lstm(["train", "textgen", "--resume", dir.path("run"), "--json"]))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path("tb")).sorted()
        try #require(files.count == 2, "\(files)")
        func validationSteps(_ file: String) throws -> [Int] {
            try TensorBoardEvent.read(dir.url.appendingPathComponent("tb").appendingPathComponent(file)).filter { event in
                event.values.contains { if case .scalar("validation/loss", _) = $0 { true } else { false } }
            }.map(\.step)
        }
        let steps = try files.map(validationSteps).sorted { ($0.first ?? 0) < ($1.first ?? 0) }
        #expect(steps == [[2, 4], [6]])
    }

    @Test func aFileAsDirectoryIsRefusedAndNothingIsWritten() throws {
        let file = try dir.write("x", to: "taken")
        let run = lstm(try TinyData.textgen(dir, steps: 2) + ["--tensorboard", file])
        expectOneLineError(run, "--tensorboard", "is a file; give a directory")
        #expect(!dir.exists("run"))
    }

    @Test func badInputWritesNoTensorBoardDirectory() throws {
        let run = lstm(try TinyData.textgen(dir, steps: 2) + ["--tensorboard", dir.path("tb"), "--learning-rate", "0"])
        expectOneLineError(run, "--learning-rate")
        #expect(!dir.exists("tb") && !dir.exists("run"))
    }

    @Test func helpNamesTheOption() {
        let run = lstm(["train", "textgen", "--help"])
        #expect(run.output.contains("--tensorboard <DIR>"))
    }
}
