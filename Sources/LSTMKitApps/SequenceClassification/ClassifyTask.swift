import Foundation
import LSTMKit

/// Sequence classification with a recurrent network: `lstm train classify`, `lstm predict --file` and
/// `lstm evaluate` on its checkpoints. Features are standardized with the training part's statistics (stored
/// in the checkpoint); the best checkpoint has the best validation accuracy; test scores of the best and of
/// the last checkpoint are reported.
public enum ClassifyTask: ApplicationTask {
    public static let name = "classify"
    public static let higherIsBetter = true
    static let scalerAttachment = "scaler", classNamesAttachment = "classNames"

    /// Fewer validation examples than this and the best checkpoint is chosen on noise: a warning says so.
    public static let smallValidation = 30

    public static func train(_ config: ClassifyConfig, resume: Bool, observer: TaskObserver) throws -> ClassifyTrainingReport {
        try config.validate()
        let started = Date()
        let (split, source) = try ClassifyData.load(config)
        if split.train.count == 0 || split.validation.count == 0 || split.test.count == 0 {
            throw TaskError("\(config.data ?? ""): the split has an empty part (\(split.train.count) train, " +
                            "\(split.validation.count) validation, \(split.test.count) test); give more data or other fractions")
        }
        if split.train.classCount < 2 { throw TaskError("\(config.data ?? ""): the data has one class; a classifier needs two") }
        if let pool = config.conv?.pool, pool > 1,
           let shortest = [split.train, split.validation, split.test].flatMap({ $0.examples.map(\.steps) }).min(),
           shortest < pool {
            throw ConfigError("convPool", "\(pool) is longer than the shortest sequence (\(shortest) steps)")
        }
        if split.validation.count < smallValidation {
            observer.warn("the validation part has only \(split.validation.count) examples, so the best checkpoint is " +
                          "chosen on few examples; compare the best and last test scores, or raise --validation-fraction")
        }
        let scaler = split.train.fittedScaler(StandardScaler())
        let train = split.train.scaled(by: scaler), validation = split.validation.scaled(by: scaler)
        let test = split.test.scaled(by: scaler)
        let modelConfig = config.modelConfig(featureCount: train.featureCount, classCount: train.classCount)
        let t = config.training
        let weights = RandomSource(seed: t.seed(.weights))
        let model = SequenceClassifier<Float>(modelConfig, implementation: t.kernel.implementation, rng: weights)
        var saved = config
        saved.data = config.data.map(absolutePath)
        let directory = try prepareOutputDirectory(config.output)
        let run = try TaskTraining(
            task: name, directory: directory, training: t, config: saved, model: model,
            monitor: TrainingMonitor(.metric("accuracy"), .maximize), metricNames: ["accuracy"],
            randomSources: ["weights": weights],
            attachments: [scalerAttachment: scaler, classNamesAttachment: train.classNames],
            observer: observer) { model.recurrent.lastImplementation.rawValue }
        observer.say("\(source): \(config.data ?? "") loaded in \(fixed(Date().timeIntervalSince(started), 1)) s; " +
                     "\(split.summary); \(train.featureCount) features, \(train.classCount) classes")
        observer.say("model: \(describe(modelConfig.conv))\(TextgenTask.describe(modelConfig.recurrent)), \(config.pooling.rawValue) pooling, dropout " +
                     "\(config.dropout); \(model.parameterCount) parameters")
        observer.say("training: \(t.summary); recurrent kernel: \(model.recurrent.resolvedImplementation.rawValue)")
        if resume { observer.say("resuming from step \(try run.resume())") }

        let outcome = try run.fitClassifier(train: train, validation: validation, batchSize: t.batchSize,
                                            shuffleSeed: t.seed(.shuffle))
        let last = report(model, test)
        let best = report(try load(URL(fileURLWithPath: outcome.best)).network, test)
        try RunHistory.attach(RunExtras(classification: best), in: directory)
        return ClassifyTrainingReport(dataset: config.dataset?.rawValue, data: saved.data ?? "", source: source,
                                      split: split.summary, features: train.featureCount, classNames: train.classNames,
                                      parameterCount: model.parameterCount, training: outcome, best: best, last: last)
    }

    /// "conv1d 64 x 2 (kernel 5, max pool 2) -> " for a front-end, "" without.
    static func describe(_ conv: ConvFrontEndConfig?) -> String {
        guard let conv else { return "" }
        return "conv1d \(conv.channels) x \(conv.layerCount) (kernel \(conv.kernelSize)" +
            (conv.pool > 1 ? ", max pool \(conv.pool)) -> " : ") -> ")
    }

    static func report(_ model: SequenceClassifier<Float>, _ data: LabeledSequences) -> ClassificationReport {
        ClassificationReport(predictions: SequenceClassificationBatch.predict(model, data),
                             targets: data.examples.map(\.label), classNames: data.classNames)
    }

    public static func load(_ url: URL) throws -> ClassifyModel {
        let info = try TaskCheckpoint.readInfo(url.path, expecting: [name])
        let config = try TaskCheckpoint.config(info, as: ClassifyConfig.self)
        let scaler = try TaskCheckpoint.scaler(info, scalerAttachment)
        let classNames = try TaskCheckpoint.attachment(info, classNamesAttachment, as: [String].self)
        guard let features = scaler.featureCount, classNames.count >= 2, Set(classNames).count == classNames.count else {
            throw TaskError("checkpoint \(info.path): its classNames are damaged (\(classNames.count) names, " +
                            "at least 2 distinct ones needed)")
        }
        let network = SequenceClassifier<Float>(config.modelConfig(featureCount: features, classCount: classNames.count),
                                                rng: RandomSource(seed: 0))
        try TaskCheckpoint.loadWeights(network, info)
        return ClassifyModel(config: config, network: network, scaler: scaler, classNames: classNames, path: info.path)
    }

    public static func evaluate(_ model: ClassifyModel, data: String?, observer: TaskObserver) throws -> ClassifyEvaluationReport {
        var config = model.config
        if let data { config.data = absolutePath(data) }
        let (split, source) = try ClassifyData.load(config)
        if split.test.featureCount != model.features || split.test.classNames != model.classNames {
            throw TaskError("\(config.data ?? ""): \(split.test.featureCount) features and classes \(split.test.classNames); " +
                            "the checkpoint expects \(model.features) and \(model.classNames)")
        }
        try model.checkLengths(split.test, config.data ?? "")
        return ClassifyEvaluationReport(checkpoint: model.path, data: config.data ?? "", source: source,
                                        split: split.summary, test: report(model.network, split.test.scaled(by: model.scaler)))
    }
}

/// A sequence classifier loaded from a `lstm train classify` checkpoint, and prediction.
public struct ClassifyModel {
    public let config: ClassifyConfig
    public let network: SequenceClassifier<Float>
    public let scaler: StandardScaler
    public let classNames: [String]
    public let path: String

    /// Refuses sequences shorter than the front-end's pooling window (the model cannot read them).
    func checkLengths(_ data: LabeledSequences, _ path: String) throws {
        if let pool = network.config.conv?.pool, let shortest = data.examples.map(\.steps).min(), shortest < pool {
            throw TaskError("\(path): a sequence has \(shortest) steps, fewer than the model's pooling window \(pool)")
        }
    }

    /// D, the features per step the model reads.
    public var features: Int { scaler.featureCount ?? 0 }

    /// The predicted class of every sequence of a file (a `.ts` file, labeled or not, or a CSV in the
    /// training data's layout), and the scores when the file has labels.
    public func predict(file path: String) throws -> SequencePredictions {
        let (sequences, labeled) = try ClassifyData.readForPrediction(absolutePath(path), config: config,
                                                                      classNames: classNames)
        if sequences.featureCount != features {
            throw TaskError("\(path) has \(sequences.featureCount) features per step; the model reads \(features)")
        }
        try checkLengths(sequences, path)
        let scaled = sequences.scaled(by: scaler)
        let predictions = SequenceClassificationBatch.predict(network, scaled)
        return SequencePredictions(
            checkpoint: self.path, file: absolutePath(path), predictions: predictions.map { classNames[$0] },
            scores: labeled ? ClassificationReport(predictions: predictions, targets: scaled.examples.map(\.label),
                                                   classNames: classNames) : nil)
    }
}
