import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

/// Every task's checkpoint loaded from Swift through `TaskCheckpoint.load` (the right `LoadedModel` case, a
/// typed model that works), and damaged checkpoints: one-line errors through the CLI, never a trap.
@Suite struct TaskCheckpointTests {
    let dir = TemporaryDirectory()

    /// A tiny run of each task, trained through the CLI into `dir/<task>`.
    func trainAll() throws {
        let runs = [try TinyData.textgen(dir, output: "textgen"),
                    TinyData.sentiment(dir, data: try TinyData.movieReviews(dir), output: "sentiment"),
                    TinyData.classify(dir, data: try TinyData.tsPair(dir), output: "classify"),
                    TinyData.forecast(dir, data: try dir.write(TinyData.forecastCSV, to: "sales.csv"), output: "forecast")]
        for arguments in runs { try #require(lstm(arguments).status == 0, "\(arguments)") }
    }

    /// Rewrites the checkpoint `name` (in `dir`) through `change`, with SafeTensors read and write.
    func damage(_ name: String, _ change: (inout SafeTensors) throws -> Void) throws {
        let url = dir.url.appendingPathComponent(name)
        var file = try SafeTensors(contentsOf: url)
        try change(&file)
        try file.write(to: url)
    }

    /// Edits the task config JSON stored in the checkpoint's metadata.
    func editConfig(_ name: String, _ edit: @escaping (inout [String: Any]) -> Void) throws {
        try damage(name) { file in
            let text = try #require(file.metadata["lstmkit.config"])
            var config = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            edit(&config)
            file.metadata["lstmkit.config"] = String(decoding: try JSONSerialization.data(withJSONObject: config), as: UTF8.self)
        }
    }

    @Test func everyTaskLoadsAsItsTypedModel() throws {
        try trainAll()
        guard case .textgen(let textgen) = try TaskCheckpoint.load(dir.path("textgen")) else {
            Issue.record("textgen checkpoint loaded as another task"); return
        }
        let text = try textgen.sample(prime: "ROMEO:", length: 12, temperature: 0.5, seed: 4)
        #expect(try text.count == 12 && text == textgen.sample(prime: "ROMEO:", length: 12, temperature: 0.5, seed: 4))
        #expect(textgen.step == 2 && textgen.vocabulary.count == Set(TinyData.text).count && textgen.trainedCharacters == TinyData.text.count)
        #expect(try TextgenTask.evaluate(textgen, data: nil, observer: .silent).validation.characters > 0)

        guard case .sentiment(let sentiment) = try TaskCheckpoint.load(dir.path("sentiment/last.safetensors")) else {
            Issue.record("sentiment checkpoint loaded as another task"); return
        }
        let predictions = try sentiment.predict(["a great , warm film", "a dull mess"])
        #expect(predictions.count == 2 && predictions.allSatisfy { sentiment.classNames.contains($0.label) })
        #expect(try SentimentTask.evaluate(sentiment, data: nil, observer: .silent).test.examples == 2)

        guard case .classify(let classify) = try TaskCheckpoint.load(dir.path("classify")) else {
            Issue.record("classify checkpoint loaded as another task"); return
        }
        #expect(classify.features == 6 && classify.classNames == ["up", "down"])
        #expect(try classify.predict(file: dir.path("ts/Toy_TEST.ts")).predictions.count == 8)
        #expect(try ClassifyTask.evaluate(classify, data: nil, observer: .silent).test.examples == 8)

        guard case .forecast(let forecast) = try TaskCheckpoint.load(dir.path("forecast")) else {
            Issue.record("forecast checkpoint loaded as another task"); return
        }
        let future = try forecast.forecastFuture()
        #expect(future.values.count == 3 && future.steps == ["2005-01", "2005-02", "2005-03"] && forecast.pipeline.window == 8)
        #expect(try ForecastTask.evaluate(forecast, data: nil, observer: .silent).test.points == 21)
        // A task's own loader refuses another task's checkpoint.
        #expect(throws: TaskError.self) { try TextgenTask.load(URL(fileURLWithPath: dir.path("forecast/best.safetensors"))) }
    }

    @Test func damagedConfigsAreOneLineErrors() throws {
        try trainAll()
        try editConfig("textgen/best.safetensors") { c in
            var model = c["model"] as? [String: Any] ?? [:]
            model["hiddenSize"] = 0
            c["model"] = model
        }
        #expect(throws: TaskError.self) { try TaskCheckpoint.load(dir.path("textgen")) }
        let message = "best.safetensors: config field hiddenSize must be at least 1, got 0"
        expectOneLineError(lstm(["sample", dir.path("textgen")]), message)
        expectOneLineError(lstm(["evaluate", dir.path("textgen")]), message)
        try editConfig("classify/best.safetensors") { $0["pooling"] = "max" }
        expectOneLineError(lstm(["evaluate", dir.path("classify")]), "its config does not decode as a ClassifyConfig")
        try editConfig("forecast/best.safetensors") { $0["window"] = nil }
        expectOneLineError(lstm(["predict", dir.path("forecast")]), "its config is damaged (no window or test size)")
        try editConfig("sentiment/last.safetensors") { c in
            var training = c["training"] as? [String: Any] ?? [:]
            training["batchSize"] = -3
            c["training"] = training
        }
        expectOneLineError(lstm(["train", "sentiment", "--resume", dir.path("sentiment")]),
                           "config field batchSize must be at least 1, got -3")
    }

    @Test func damagedWeightsAndFilesAreOneLineErrors() throws {
        try trainAll()
        try damage("textgen/best.safetensors") { file in
            let name = try #require(file.tensors.keys.sorted().first { $0.hasSuffix("weightHH") })
            var tensor = try #require(file.tensors[name]?.tensor(as: Float.self))
            tensor = Tensor(shape: tensor.shape, scalars: tensor.scalars.enumerated().map { $0 == 3 ? .nan : $1 })
            file.tensors[name] = AnyTensor(tensor)
        }
        expectOneLineError(lstm(["sample", dir.path("textgen")]), "holds NaN or infinite values; the file is damaged")
        try damage("sentiment/best.safetensors") { $0.metadata["lstmkit.attachment.vocabulary"] = nil }
        expectOneLineError(lstm(["predict", dir.path("sentiment"), "text"]), "its vocabulary is missing or damaged")
        try damage("classify/best.safetensors") { $0.metadata["task"] = "tagging" }
        expectOneLineError(lstm(["evaluate", dir.path("classify")]), "a checkpoint of an unknown task 'tagging'")
        try damage("forecast/best.safetensors") { $0.tensors = [:] }
        expectOneLineError(lstm(["evaluate", dir.path("forecast")]), "cannot load the checkpoint")

        let garbage = try dir.write("not a checkpoint", to: "garbage.safetensors")
        expectOneLineError(lstm(["evaluate", garbage]), "cannot read the checkpoint")
        try Checkpoint.save(Linear<Float>(inputSize: 2, outputSize: 1, rng: RandomSource(seed: 0)),
                            to: dir.url.appendingPathComponent("plain.safetensors"))
        expectOneLineError(lstm(["predict", dir.path("plain.safetensors")]), "not a checkpoint written by `lstm train`")
        try FileManager.default.createDirectory(at: dir.url.appendingPathComponent("empty"), withIntermediateDirectories: true)
        expectOneLineError(lstm(["evaluate", dir.path("empty")]), "is a directory without best.safetensors")
        expectOneLineError(lstm(["evaluate", dir.path("none.safetensors")]), "no such file")
    }
}
