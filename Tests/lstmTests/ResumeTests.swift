import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

/// `--resume`: a run interrupted between checkpoints and resumed ends bit for bit where the uninterrupted run
/// ends (weights and optimizer state of `last.safetensors`, losses); the CLI contract around it.
@Suite struct ResumeTests {
    let dir = TemporaryDirectory()

    struct Interrupted: Error {}

    /// Throws after step `step`: the run dies with the steps since its last checkpoint lost.
    final class InterruptAfter: TrainingCallback {
        let step: Int
        init(step: Int) { self.step = step }
        func stepDidEnd(_ t: TrainerState, _ s: TrainingHistory.Step) throws { if s.step == step { throw Interrupted() } }
    }

    func interrupted(after step: Int) -> TaskObserver {
        TaskObserver(say: { _ in }, warn: { _ in }, callbacks: { [InterruptAfter(step: step)] })
    }

    /// A textgen run of 6 steps with output dropout (so the saved random state matters), evaluated every 2.
    /// Samples at each evaluation (for the report) must not disturb training or its resume.
    func textgenConfig(_ output: String) throws -> TextgenConfig {
        try dir.tinyTextgenConfig(output, steps: 6, sampleLength: 5)
    }

    @Test func textgenResumedThroughTheCLIEqualsTheUninterruptedRun() throws {
        let a = try TextgenTask.train(try textgenConfig("a"), observer: .silent)
        // B dies after step 5; its last checkpoint is from step 4.
        #expect(throws: (any Error).self) { try TextgenTask.train(try textgenConfig("b"), observer: interrupted(after: 5)) }
        let saved = try TaskCheckpoint.readInfo(dir.path("b/last.safetensors"))
        let before = try dir.tensors("b/last.safetensors")
        #expect(try saved.step == 4 && before != dir.tensors("a/last.safetensors"))

        let startedB = try RunHistory.read(in: dir.url.appendingPathComponent("b")).started
        let resumed = try expectJSON(lstm(["train", "textgen", "--resume", dir.path("b"), "--json"]))
        // history.json goes on as well: the steps of the uninterrupted run, the start of the first part.
        let (historyA, historyB) = try (RunHistory.read(in: dir.url.appendingPathComponent("a")),
                                        RunHistory.read(in: dir.url.appendingPathComponent("b")))
        #expect(historyB.steps == historyA.steps && historyB.stepCount == 6 && historyB.started == startedB)
        #expect(historyB.evaluations.map(\.validationLoss) == historyA.evaluations.map(\.validationLoss))
        #expect(historyB.extras.samples == historyA.extras.samples && historyA.extras.samples?.count == 4)
        #expect(resumed["training"]["steps"].int == 6 && resumed["training"]["bestStep"].int == a.training.bestStep)
        #expect(resumed["last"]["loss"].double == a.last.loss && resumed["best"]["loss"].double == a.best.loss)
        #expect(try dir.tensors("b/last.safetensors") == dir.tensors("a/last.safetensors"))
        #expect(try dir.tensors("b/best.safetensors") == dir.tensors("a/best.safetensors"))
    }

    @Test func classifyResumedMidEpochEqualsTheUninterruptedRun() throws {
        func config(_ output: String) throws -> ClassifyConfig {
            var c = ClassifyConfig()
            (c.data, c.output) = (try TinyData.tsPair(dir), dir.path(output))
            (c.model.hiddenSize, c.model.layerCount, c.model.dropout, c.dropout) = (4, 2, 0.2, 0.2)
            (c.training.epochs, c.training.batchSize, c.training.seed) = (4, 8, 5)
            return c
        }
        // 22 training cases in batches of 8: 3 steps an epoch, shuffled per epoch; checkpoints after each epoch.
        let a = try ClassifyTask.train(try config("a"), observer: .silent)
        #expect(a.training.steps == 12)
        #expect(throws: (any Error).self) { try ClassifyTask.train(try config("b"), observer: interrupted(after: 8)) }
        #expect(try TaskCheckpoint.readInfo(dir.path("b/last.safetensors")).step == 6)
        let c = try ClassifyTask.train(try config("b"), resume: true, observer: .silent)
        #expect(c.training.steps == 12 && c.training.epochs == a.training.epochs)
        #expect(c.training.bestValue == a.training.bestValue && c.training.bestStep == a.training.bestStep)
        #expect(c.last == a.last && c.best == a.best)
        #expect(try dir.tensors("b/last.safetensors") == dir.tensors("a/last.safetensors"))
    }

    /// Early stopping and reduce-on-plateau update their state at each evaluation; the checkpoint of that
    /// evaluation must hold the updated state (it was one evaluation behind: a resumed run then counted one
    /// bad evaluation fewer, found by Scripts/check-kill.py), and a run resumed from it ends as the
    /// uninterrupted one, callback state included.
    @Test func plateauAndEarlyStoppingStateIsSavedAfterTheirUpdate() throws {
        func config(_ output: String) throws -> ClassifyConfig {
            var c = ClassifyConfig()
            (c.data, c.output) = (try TinyData.tsPair(dir), dir.path(output))
            c.model.hiddenSize = 4
            (c.training.epochs, c.training.batchSize, c.training.seed) = (4, 8, 5)
            (c.training.schedule, c.training.plateauPatience, c.training.patience) = (.plateau, 1, 10)
            return c
        }
        func callbacks(_ path: String) throws -> [String: [String: Double]] {
            try TaskCheckpoint.readInfo(dir.path(path)).attachment("trainer", as: TrainerCheckpointState.self).callbacks
        }
        _ = try ClassifyTask.train(try config("a"), observer: .silent)
        let saved = try callbacks("a/last.safetensors")
        #expect(saved["reduceLROnPlateau"]?["last"] == 4)   // 4 evaluations (one per epoch), all counted
        #expect(saved["earlyStopping"]?["bestStep"] == saved["checkpoint"]?["bestStep"])
        #expect(throws: (any Error).self) { try ClassifyTask.train(try config("b"), observer: interrupted(after: 8)) }
        _ = try ClassifyTask.train(try config("b"), resume: true, observer: .silent)
        #expect(try callbacks("b/last.safetensors") == saved)
        #expect(try dir.tensors("b/last.safetensors") == dir.tensors("a/last.safetensors"))
    }

    /// A music run with input and output dropout (their masks' stream is saved), killed mid-epoch.
    @Test func musicResumedMidEpochEqualsTheUninterruptedRun() throws {
        let data = try dir.write("""
            {"train": [[[60, 64], [62], [64, 67]], [[55], [57, 60], [59]], [[48, 52], [50]], [[60], [], [62]]],
             "valid": [[[62], [62, 65]]], "test": [[[55, 59], [57]]]}
            """, to: "jsb.json")
        func config(_ output: String) -> MusicConfig {
            var c = MusicConfig()
            (c.data, c.output, c.model.hiddenSize, c.inputDropout, c.dropout) = (data, dir.path(output), 4, 0.3, 0.3)
            (c.training.epochs, c.training.batchSize) = (3, 2)
            return c
        }
        // 4 chorales in batches of 2: 2 steps an epoch, 6 in all; B dies after step 5, its last checkpoint is from step 4.
        let a = try MusicTask.train(config("a"), observer: .silent)
        #expect(throws: (any Error).self) { try MusicTask.train(config("b"), observer: interrupted(after: 5)) }
        #expect(try TaskCheckpoint.readInfo(dir.path("b/last.safetensors")).step == 4)
        let c = try MusicTask.train(config("b"), resume: true, observer: .silent)
        #expect(c.training.steps == 6 && c.test == a.test && c.lastTest == a.lastTest)
        #expect(try dir.tensors("b/last.safetensors") == dir.tensors("a/last.safetensors"))
    }

    /// A tagger run with word replacement, dropout and a CRF, killed mid-epoch (checkpoints every 3 steps).
    @Test func tagResumedMidEpochEqualsTheUninterruptedRun() throws {
        let data = try TinyTagging.folder(dir, "chunk", columns: [0, 1, 2], validation: false)
        func config(_ output: String) -> TagConfig {
            var c = TagConfig()
            (c.data, c.output, c.wordEmbeddingSize, c.characterHiddenSize, c.model.hiddenSize) = (data, dir.path(output), 6, 3, 5)
            (c.dropout, c.unknownReplacement, c.training.epochs, c.training.batchSize, c.training.evalEvery) = (0.2, 0.5, 2, 24, 3)
            return c
        }
        // 144 training sentences (16 held out) in batches of 24: 6 steps an epoch, 12 in all; B dies after
        // step 8, its last checkpoint is from step 6.
        let a = try TagTask.train(config("a"), observer: .silent)
        #expect(a.training.steps == 12)
        #expect(throws: (any Error).self) { try TagTask.train(config("b"), observer: interrupted(after: 8)) }
        #expect(try TaskCheckpoint.readInfo(dir.path("b/last.safetensors")).step == 6)
        let c = try TagTask.train(config("b"), resume: true, observer: .silent)
        #expect(c.training.steps == 12 && c.training.bestValue == a.training.bestValue && c.training.bestStep == a.training.bestStep)
        #expect(c.last == a.last && c.best == a.best)
        #expect(try dir.tensors("b/last.safetensors") == dir.tensors("a/last.safetensors"))
    }

    @Test func resumeContract() throws {
        let arguments = try TinyData.textgen(dir)
        #expect(lstm(arguments).status == 0)
        let run = dir.path("run")
        // The saved run's own settings: any other training option is refused, --json is not a training option.
        for other in [["--steps", "5"], ["--learning-rate", "0.1"], ["--seed", "3"], ["--hidden-size", "4"],
                      ["--data", dir.path("tiny.txt")], ["--output", dir.path("elsewhere")]] {
            expectOneLineError(lstm(["train", "textgen", "--resume", run] + other),
                               "--resume \(run) continues the saved run with its own settings; give no other training options")
        }
        let resumed = try expectJSON(lstm(["train", "textgen", "--resume", run, "--json"]))
        #expect(resumed["training"]["steps"].int == 2)                      // the budget was already used up
        expectOneLineError(lstm(["train", "textgen", "--resume", dir.path("missing")]),
                           "cannot resume: \(dir.path("missing/last.safetensors")) does not exist",
                           "train with --output \(dir.path("missing")) first")
        expectOneLineError(lstm(["train", "classify", "--resume", run]), "is a 'textgen' checkpoint",
                           "a checkpoint of `lstm train classify` is needed")
        #expect(!dir.exists("elsewhere") && !dir.exists("missing"))
    }
}
