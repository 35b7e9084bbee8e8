import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct CheckpointTests {
    /// A model trained for 3 steps, its optimizer and the generators, saved to `url` (step 3, epoch 1).
    struct Run {
        let model: TinyTagger<Float>
        let optimizer: any Optimizer<Float>
        let modelRNG: RandomSource
        let dataRNG: RandomSource

        init(seed: UInt64 = 1, optimizer makeOptimizer: ([Parameter<Float>]) -> any Optimizer<Float> = {
            Adam(parameters: $0, learningRate: 0.01)
        }) {
            modelRNG = RandomSource(seed: seed)
            dataRNG = RandomSource(seed: seed + 100)
            model = TinyTagger(TinyConfig(), rng: modelRNG)
            optimizer = makeOptimizer(model.parameters())
        }

        func save(to url: URL, config: TinyConfig = TinyConfig()) throws {
            try Checkpoint.save(model, to: url, optimizer: optimizer, config: config, step: 3, epoch: 1,
                                randomSources: ["model": modelRNG, "data": dataRNG],
                                attachments: ["vocabulary": ["<pad>", "the", "cat"]],
                                userMetadata: ["note": "first run"])
        }
    }

    /// `TinyConfig()` as stored: JSON with sorted keys.
    static let taggingJSON = #"{"classCount":5,"hiddenSize":4,"inputSize":3,"task":"tagging"}"#

    /// The model's scalars, for "unchanged" checks.
    static func snapshot<S>(_ model: TinyTagger<S>) -> [[S]] { model.parameters().map(\.data.scalars) }

    /// Save after 3 steps, continue 1 step; a fresh model + optimizer + generators loaded from the file and
    /// stepped once must end bit-identical (parameters, optimizer state, step count, generator states).
    @Test func roundTripContinuesTrainingExactly() throws {
        try withCheckpointDirectory { dir in
            let url = dir.appendingPathComponent("run.safetensors")
            let original = Run()
            for _ in 0..<3 { trainTaggerStep(original.model, original.optimizer, dataRNG: original.dataRNG) }
            try original.save(to: url)
            let savedParameters = Self.snapshot(original.model)
            let savedState = original.optimizer.stateTensors
            trainTaggerStep(original.model, original.optimizer, dataRNG: original.dataRNG)

            let resumed = Run(seed: 42)          // different initial weights and generator states
            #expect(Self.snapshot(resumed.model) != savedParameters)
            let info = try Checkpoint.load(into: resumed.model, from: url, optimizer: resumed.optimizer,
                                           randomSources: ["model": resumed.modelRNG, "data": resumed.dataRNG],
                                           options: .init(expectedConfig: TinyConfig()))
            #expect(Self.snapshot(resumed.model) == savedParameters)
            #expect(Set(resumed.optimizer.stateTensors.keys) == Set(savedState.keys))
            for (key, tensor) in savedState {
                #expect(resumed.optimizer.stateTensors[key]?.scalars == tensor.scalars, "\(key)")
            }
            #expect(resumed.optimizer.stepCount == 3)
            #expect(resumed.optimizer.learningRate == 0.01)
            #expect(info.step == 3 && info.epoch == 1)
            #expect(info.formatVersion == "1" && info.libraryVersion == LSTMKit.version && info.dtype == "F32")
            #expect(try info.config(as: TinyConfig.self) == TinyConfig())
            #expect(try info.attachment("vocabulary", as: [String].self) == ["<pad>", "the", "cat"])
            #expect(info.userEntries == ["note": "first run"])
            #expect(info.optimizer == .init(name: "Adam", parameterCount: 10, stepCount: 3, learningRate: 0.01))

            trainTaggerStep(resumed.model, resumed.optimizer, dataRNG: resumed.dataRNG)
            #expect(Self.snapshot(resumed.model) == Self.snapshot(original.model))
            #expect(resumed.dataRNG.state == original.dataRNG.state)
            #expect(resumed.modelRNG.state == original.modelRNG.state)
            #expect(resumed.optimizer.stepCount == 4)
        }
    }

    /// The file is plain safetensors with the documented names and metadata.
    @Test func fileLayout() throws {
        try withCheckpointDirectory { dir in
            let url = dir.appendingPathComponent("run.safetensors")
            let run = Run()
            trainTaggerStep(run.model, run.optimizer, dataRNG: run.dataRNG)
            try run.save(to: url)
            let file = try SafeTensors(contentsOf: url)
            let paths = run.model.namedParameters().map(\.path)
            #expect(paths.first == "lstm.layers.0.cell.weightIH" && paths.last == "head.bias")
            #expect(Set(file.tensors.keys) == Set(paths + run.optimizer.stateTensors.keys.map { "optimizer." + $0 }))
            #expect(file.tensors["optimizer.0.step"]?.tensor(as: Float.self)?.scalars == [1])
            #expect(file.metadata["lstmkit.format"] == "1")
            #expect(file.metadata["lstmkit.optimizer"] == "Adam")
            #expect(file.metadata["lstmkit.optimizer.stepCount"] == "1")
            #expect(file.metadata["lstmkit.step"] == "3" && file.metadata["lstmkit.epoch"] == "1")
            #expect(file.metadata["lstmkit.config"] == Self.taggingJSON)
            #expect(file.metadata["lstmkit.attachment.vocabulary"] == #"["<pad>","the","cat"]"#)
            #expect(file.metadata["lstmkit.rng.data"] == run.dataRNG.state.map(String.init).joined(separator: ","))
            #expect(file.metadata["note"] == "first run")
        }
    }

    /// Loading for inference: no optimizer given, the optimizer tensors in the file are skipped.
    @Test func loadWithoutOptimizer() throws {
        try withCheckpointDirectory { dir in
            let url = dir.appendingPathComponent("run.safetensors")
            let run = Run()
            trainTaggerStep(run.model, run.optimizer, dataRNG: run.dataRNG)
            try run.save(to: url)
            let model = TinyTagger<Float>(TinyConfig(), rng: RandomSource(seed: 5))
            try Checkpoint.load(into: model, from: url)
            #expect(Self.snapshot(model) == Self.snapshot(run.model))
        }
    }

    @Test func dtypeMismatchAndConversion() throws {
        try withCheckpointDirectory { dir in
            let url = dir.appendingPathComponent("double.safetensors")
            let source = TinyTagger<Double>(TinyConfig(), rng: RandomSource(seed: 3))
            try Checkpoint.save(source, to: url)
            let model = TinyTagger<Float>(TinyConfig(), rng: RandomSource(seed: 4))
            let before = Self.snapshot(model)
            expectCheckpointError(.dtypeMismatch, [url.path, "tensor 'lstm.layers.0.cell.weightIH' has dtype F64",
                                                   "the model uses F32", "allowDTypeConversion"]) {
                try Checkpoint.load(into: model, from: url)
            }
            #expect(Self.snapshot(model) == before)
            try Checkpoint.load(into: model, from: url, options: .init(allowDTypeConversion: true))
            #expect(Self.snapshot(model) == Self.snapshot(source).map { $0.map { Float($0) } })
        }
    }

    // MARK: Bad checkpoints: each error names the file and the problem, and nothing is modified

    /// Saves a trained run, lets `edit` change the file's contents, and expects loading into a fresh run to
    /// fail with `kind` and `fragments` while leaving the fresh model, optimizer and generators unchanged.
    func expectLoadFails(
        _ kind: CheckpointError.Kind, _ fragments: [String], options: Checkpoint.LoadOptions = .init(),
        config: TinyConfig = TinyConfig(), into target: Run = Run(seed: 9),
        optimizer useOptimizer: Bool = true, sourceLocation: SourceLocation = #_sourceLocation,
        edit: (inout SafeTensors) -> Void = { _ in }
    ) {
        withCheckpointDirectory { dir in
            let url = dir.appendingPathComponent("bad.safetensors")
            let run = Run()
            trainTaggerStep(run.model, run.optimizer, dataRNG: run.dataRNG)
            try! run.save(to: url, config: config)
            var file = try! SafeTensors(contentsOf: url)
            edit(&file)
            try! file.write(to: url)

            let before = Self.snapshot(target.model)
            let rngBefore = target.dataRNG.state
            expectCheckpointError(kind, [url.path] + fragments, sourceLocation: sourceLocation) {
                try Checkpoint.load(into: target.model, from: url, optimizer: useOptimizer ? target.optimizer : nil,
                                    randomSources: ["data": target.dataRNG], options: options)
            }
            #expect(Self.snapshot(target.model) == before, "model modified", sourceLocation: sourceLocation)
            #expect(target.optimizer.stateTensors.isEmpty && target.optimizer.stepCount == 0,
                    sourceLocation: sourceLocation)
            #expect(target.dataRNG.state == rngBefore, sourceLocation: sourceLocation)
        }
    }

    @Test func missingTensor() {
        expectLoadFails(.missingTensor, ["missing tensor for 1 model parameter: 'head.bias'"]) {
            $0.tensors["head.bias"] = nil
        }
    }

    @Test func extraTensor() {
        expectLoadFails(.unexpectedTensor, ["1 tensor the model does not have: 'head.extra'"]) {
            $0.tensors["head.extra"] = AnyTensor(Tensor<Float>([1]))
        }
        // Accepted with ignoreUnexpectedTensors (PyTorch's strict=False).
        withCheckpointDirectory { dir in
            let url = dir.appendingPathComponent("extra.safetensors")
            let run = Run()
            try! Checkpoint.save(run.model, to: url, userMetadata: [:])
            var file = try! SafeTensors(contentsOf: url)
            file.tensors["head.extra"] = AnyTensor(Tensor<Float>([1]))
            try! file.write(to: url)
            #expect(throws: Never.self) {
                try Checkpoint.load(into: Run(seed: 2).model, from: url, options: .init(ignoreUnexpectedTensors: true))
            }
        }
    }

    @Test func shapeMismatch() {
        // The file's model has hiddenSize 6: weightIH is [4 * 6, 3] = [24, 3]; the target expects [16, 3].
        expectLoadFails(.shapeMismatch, ["tensor 'lstm.layers.0.cell.weightIH' has shape [24, 3]",
                                         "the model expects [16, 3]"]) { file in
            let wide = TinyTagger<Float>(TinyConfig(hiddenSize: 6), rng: RandomSource(seed: 1))
            for (path, p) in wide.namedParameters() { file.tensors[path] = AnyTensor(p.data) }
        }
    }

    @Test func wrongFormatVersion() {
        expectLoadFails(.unsupportedFormat, [#"format version "2" is not supported"#, #"reads format "1""#]) {
            $0.metadata["lstmkit.format"] = "2"
        }
    }

    @Test func wrongModelConfig() {
        expectLoadFails(.configMismatch, ["is from another model or task",
                                          "its config is " + Self.taggingJSON,
                                          "but the expected config is " + Self.taggingJSON.replacingOccurrences(
                                              of: "tagging", with: "sentiment")],
                        options: .init(expectedConfig: TinyConfig(task: "sentiment")))
        expectLoadFails(.configMismatch, ["has no model config", #""task":"tagging""#],
                        options: .init(expectedConfig: TinyConfig())) { $0.metadata["lstmkit.config"] = nil }
        expectLoadFails(.configMismatch, ["does not decode as TinyConfig"],
                        options: .init(expectedConfig: TinyConfig())) { $0.metadata["lstmkit.config"] = "[1]" }
    }

    /// The parameters pass their checks but the optimizer state does not: still nothing is modified.
    @Test func optimizerMismatches() {
        expectLoadFails(.optimizerMismatch, ["optimizer state is from Adam, but the optimizer to restore is SGD"],
                        into: Run(seed: 9) { SGD(parameters: $0, learningRate: 0.1) })
        expectLoadFails(.optimizerMismatch, ["Adam with these options keeps", "not 'max_exp_avg_sq'"]) {
            $0.tensors["optimizer.0.max_exp_avg_sq"] = $0.tensors["optimizer.0.exp_avg"]
        }
        expectLoadFails(.optimizerMismatch, ["optimizer state of parameter 2 has [\"exp_avg\", \"step\"]",
                                             "needs [\"exp_avg\", \"exp_avg_sq\", \"step\"]"]) {
            $0.tensors["optimizer.2.exp_avg_sq"] = nil
        }
        expectLoadFails(.optimizerMismatch, ["'optimizer.99.step' is not 'optimizer.<parameter index>.<name>'"]) {
            $0.tensors["optimizer.99.step"] = AnyTensor(Tensor<Float>(1))
        }
        expectLoadFails(.optimizerMismatch, ["'optimizer.0.step' is 1.5, not a whole number"]) {
            $0.tensors["optimizer.0.step"] = AnyTensor(Tensor<Float>(1.5))
        }
        expectLoadFails(.shapeMismatch, ["optimizer tensor 'optimizer.1.exp_avg' has shape [2]"]) {
            $0.tensors["optimizer.1.exp_avg"] = AnyTensor(Tensor<Float>([1, 2]))
        }
        expectLoadFails(.optimizerMismatch, ["covers 10 parameters, but the Adam optimizer has 2"],
                        into: Run(seed: 9) { Adam(parameters: Array($0.prefix(2))) })
        expectLoadFails(.optimizerMismatch, ["has no optimizer state (it was saved without an optimizer)"]) {
            $0.metadata = $0.metadata.filter { !$0.key.hasPrefix("lstmkit.optimizer") }
            $0.tensors = $0.tensors.filter { !$0.key.hasPrefix("optimizer.") }
        }
    }

    @Test func badMetadataEntries() {
        expectLoadFails(.badMetadata, ["has no random state 'data' (it has [\"model\"])"]) {
            $0.metadata["lstmkit.rng.data"] = nil
        }
        expectLoadFails(.badMetadata, [#"metadata 'lstmkit.rng.data' is "1,2,3", not a random state"#]) {
            $0.metadata["lstmkit.rng.data"] = "1,2,3"
        }
        expectLoadFails(.badMetadata, [#"metadata 'lstmkit.step' is "-1", not an integer >= 0"#]) {
            $0.metadata["lstmkit.step"] = "-1"
        }
        expectLoadFails(.badMetadata, ["'lstmkit.optimizer.learningRate' is \"nan\""]) {
            $0.metadata["lstmkit.optimizer.learningRate"] = "nan"
        }
    }

    // MARK: Saving

    @Test func saveErrorsKeepTheOldFile() throws {
        struct Unencodable: Encodable {
            func encode(to encoder: Encoder) throws {
                throw EncodingError.invalidValue(0, .init(codingPath: [], debugDescription: "no"))
            }
        }
        try withCheckpointDirectory { dir in
            let url = dir.appendingPathComponent("run.safetensors")
            let run = Run()
            try run.save(to: url)
            let good = try Data(contentsOf: url)
            expectCheckpointError(.unencodable, [url.path, "cannot encode the model config"]) {
                try Checkpoint.save(run.model, to: url, config: Unencodable())
            }
            expectCheckpointError(.unencodable, [url.path, "user metadata key 'lstmkit.mine' is reserved"]) {
                try Checkpoint.save(run.model, to: url, userMetadata: ["lstmkit.mine": "x"])
            }
            expectCheckpointError(.unencodable, [url.path, "two parameters would be stored under the name 'w'"]) {
                try Checkpoint.save(run.model, to: url, nameMap: ["head.weight": "w", "head.bias": "w"])
            }
            expectCheckpointError(.unencodable, [url.path, "lstmkit.epoch is -1"]) {
                try Checkpoint.save(run.model, to: url, epoch: -1)
            }
            #expect(try Data(contentsOf: url) == good)
            #expect(directoryListing(dir) == ["run.safetensors"])
        }
    }

    @Test func readInfoBeforeBuildingTheModel() throws {
        try withCheckpointDirectory { dir in
            let url = dir.appendingPathComponent("run.safetensors")
            let saved = TinyTagger<Float>(TinyConfig(hiddenSize: 7), rng: RandomSource(seed: 8))
            try Checkpoint.save(saved, to: url, config: TinyConfig(hiddenSize: 7),
                                attachments: ["vocabulary": ["<pad>", "the", "cat"]])
            let config = try Checkpoint.readInfo(from: url).config(as: TinyConfig.self)
            let model = TinyTagger<Float>(config, rng: RandomSource(seed: 0))
            #expect(throws: Never.self) {
                try Checkpoint.load(into: model, from: url, options: .init(expectedConfig: TinyConfig(hiddenSize: 7)))
            }
            #expect(Self.snapshot(model) == Self.snapshot(saved))
            let info = try Checkpoint.readInfo(from: url)
            expectCheckpointError(.badMetadata, [url.path, "has no attachment \"scaler\""]) {
                _ = try info.attachment("scaler", as: [Double].self)
            }
            expectCheckpointError(.badMetadata, [url.path, "attachment \"vocabulary\" does not decode as Int"]) {
                _ = try info.attachment("vocabulary", as: Int.self)
            }
        }
    }
}
