import Foundation
import LSTMKit

/// The first LSTM a newcomer sees (`lstm demo textgen`, run by `Scripts/demo.sh`): a small character
/// language model trained on tiny-shakespeare through `TextgenTask`, with a sample drawn from the untrained
/// weights and one from the checkpoint of every evaluation, so the text visibly turns from random characters
/// into Shakespeare-like lines within about a minute on 2 cores.
///
///     let config = TextgenDemo.config(steps: 800, seed: 0)
///     let run = try TextgenDemo.train(config, observer: .silent) { print($0.text) }
///     let model = try TextgenTask.load(URL(fileURLWithPath: run.report.training.best))
///
/// The settings (`config`) are `lstm train textgen`'s, made small: an LSTM 128 x 1 over 32-number character
/// vectors, 32 streams x 64 characters per step, Adam 0.02 with a cosine decay to a tenth, clip norm 5.
public enum TextgenDemo {
    /// 800 steps of 32 x 64 characters: 1.6 M characters, 1.6 passes over the training text.
    public static let defaultSteps = 800
    public static let defaultOutput = "runs/demo-textgen"
    /// Evaluations (each with a sample) spread over the budget.
    public static let evaluationCount = 4
    /// The sampling temperature of every sample.
    public static let temperature = 0.8

    /// The demo's `TextgenConfig` (see the type's comment), evaluating `evaluationCount` times.
    public static func config(steps: Int = defaultSteps, seed: UInt64 = 0, data: String = TextgenConfig().data,
                              output: String = defaultOutput) -> TextgenConfig {
        var c = TextgenConfig()
        c.data = data
        c.output = output
        c.embeddingSize = 32
        c.model = RecurrentEncoderConfig(inputSize: 32, hiddenSize: 128, layerCount: 1)
        c.seqLength = 64
        c.sampleLength = 0   // the demo draws its own samples, at every evaluation
        c.training.batchSize = 32
        c.training.learningRate = 0.02
        c.training.steps = steps
        c.training.evalEvery = steps >= evaluationCount ? steps / evaluationCount : steps
        c.training.seed = seed
        return c
    }

    /// Text drawn from the model at one point of the run.
    public struct Sample: Codable, Equatable, Sendable {
        /// Optimizer steps done (0: the untrained, random initial weights).
        public var step: Int
        /// The validation loss at that step (nats per character; nil before training).
        public var validationLoss: Double?
        public var text: String
    }

    /// Trains `config` through `TextgenTask` and draws `sampleLength` characters (temperature 0.8, seed: the
    /// training seed, starting as if after a newline) from the initial weights when training begins and from
    /// `last.safetensors` after every evaluation. `onSample` sees each sample as soon as it is drawn.
    public static func train(_ config: TextgenConfig, sampleLength: Int = 200, observer: TaskObserver,
                             onSample: @escaping (Sample) -> Void = { _ in }) throws
        -> (report: TextgenTrainingReport, samples: [Sample]) {
        let sampler = EvaluationSampler(config: config, length: sampleLength, onSample: onSample)
        var watched = observer
        watched.callbacks = { observer.callbacks() + [sampler] }
        let report = try TextgenTask.train(config, observer: watched)
        return (report, sampler.samples)
    }
}

/// Draws `TextgenDemo`'s samples. It runs after the task's checkpoint callback (the task puts the observer's
/// callbacks last), so at an evaluation `last.safetensors` holds the weights just evaluated; the step
/// recorded in the file is checked.
final class EvaluationSampler: TrainingCallback {
    let config: TextgenConfig
    let length: Int
    let onSample: (TextgenDemo.Sample) -> Void
    private(set) var samples: [TextgenDemo.Sample] = []

    init(config: TextgenConfig, length: Int, onSample: @escaping (TextgenDemo.Sample) -> Void) {
        self.config = config
        self.length = length
        self.onSample = onSample
    }

    /// The untrained model: the task's network with the weights training starts from.
    func trainingWillBegin(_ trainer: TrainerState) throws {
        let vocabulary = try TextgenTask.readCorpus(absolutePath(config.data)).vocabulary
        let network = CharLanguageModel<Float>(config: config.modelConfig(vocabularySize: vocabulary.count),
                                               rng: RandomSource(seed: 0))
        let initial = trainer.parameterSnapshot()
        for (path, parameter) in network.namedParameters() {
            guard let values = initial[path], values.count == parameter.data.count else {
                throw TaskError("TextgenDemo: the trained model has no parameter \(path) of \(parameter.shape)")
            }
            parameter.data = Tensor(shape: parameter.shape, scalars: values.map { Float($0) })
        }
        let model = TextgenModel(config: config, network: network, vocabulary: vocabulary, step: trainer.step,
                                 path: "", trainedCharacters: nil)
        try draw(model, step: trainer.step, validationLoss: nil)
    }

    func evaluationDidEnd(_ trainer: TrainerState, _ evaluation: TrainingHistory.Evaluation) throws -> Bool {
        let url = URL(fileURLWithPath: config.output).standardizedFileURL.appendingPathComponent("last.safetensors")
        let model = try TextgenTask.load(url)
        guard model.step == evaluation.step else {
            throw TaskError("TextgenDemo: \(url.path) holds step \(model.step), not the evaluated step \(evaluation.step)")
        }
        try draw(model, step: evaluation.step, validationLoss: evaluation.validationLoss)
        return false
    }

    func draw(_ model: TextgenModel, step: Int, validationLoss: Double?) throws {
        let text = try model.sample(prime: "", length: length, temperature: TextgenDemo.temperature,
                                    seed: config.training.seed)
        let sample = TextgenDemo.Sample(step: step, validationLoss: validationLoss, text: text)
        samples.append(sample)
        onSample(sample)
    }
}
