import Foundation
import LSTMKit

/// Spoken-word classification (the Free Spoken Digit Dataset): each recording's MFCC frames (with deltas,
/// standardized with the training part's statistics) go through a recurrent stack, mean-pooled over time,
/// then a linear layer gives the class. `lstm train speech`, `lstm evaluate` and `lstm predict` on its
/// checkpoints. The best checkpoint has the best validation accuracy; the test scores of the best and the last
/// checkpoint are reported with the confusion matrix.
///
///     var config = SpeechConfig()
///     config.data = "../shared/data/fsdd/fsdd-recordings.tar.gz"
///     let report = try SpeechTask.train(config, observer: .silent)
///     let model = try SpeechTask.load(URL(fileURLWithPath: report.training.best))
///     print(try model.predict(files: ["7_george_3.wav"]).predictions[0].label)
public enum SpeechTask: ApplicationTask {
    public static let name = "speech"
    public static let higherIsBetter = true
    static let scalerAttachment = "scaler", classNamesAttachment = "classNames"

    public static func train(_ config: SpeechConfig, resume: Bool, observer: TaskObserver) throws -> SpeechTrainingReport {
        try config.validate()
        let started = Date()
        let (split, source) = try SpeechData.load(config)
        if split.train.count == 0 || split.validation.count == 0 || split.test.count == 0 {
            throw TaskError("\(config.data ?? ""): the split has an empty part (\(split.train.count) train, " +
                            "\(split.validation.count) validation, \(split.test.count) test); every label needs takes " +
                            "below and from \(config.testTakes) (--test-takes)")
        }
        if split.train.classCount < 2 { throw TaskError("\(config.data ?? ""): the recordings have one label; a classifier needs two") }
        let scaler = split.train.fittedScaler(StandardScaler())
        let train = split.train.scaled(by: scaler), validation = split.validation.scaled(by: scaler)
        let test = split.test.scaled(by: scaler)
        let modelConfig = config.modelConfig(classCount: train.classCount)
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
        let f = config.features
        observer.say("\(source): \(saved.data ?? "") read in \(fixed(Date().timeIntervalSince(started), 1)) s; \(split.summary)")
        observer.say("features: \(f.kind.rawValue) \(f.kind == .mfcc ? f.cepstrumCount : f.melCount)" +
                     (f.deltaOrder > 0 ? " x \(f.deltaOrder + 1) (deltas)" : "") + " = \(f.featureCount) per " +
                     "\(Int(f.stepSeconds * 1000)) ms frame (\(Int(f.windowSeconds * 1000)) ms \(f.window.rawValue) window, " +
                     "\(f.melCount) mel filters, FFT \(f.fftSize) by \(RealFFT.Backend.preferred.rawValue))")
        observer.say("model: \(TextgenTask.describe(modelConfig.recurrent)), \(config.pooling.rawValue) pooling, dropout " +
                     "\(config.dropout); \(model.parameterCount) parameters")
        observer.say("training: \(t.summary); recurrent kernel: \(model.recurrent.resolvedImplementation.rawValue)")
        if resume { observer.say("resuming from step \(try run.resume())") }

        let outcome = try run.fitClassifier(train: train, validation: validation, batchSize: t.batchSize,
                                            shuffleSeed: t.seed(.shuffle))
        let last = ClassifyTask.report(model, test)
        let best = ClassifyTask.report(try load(URL(fileURLWithPath: outcome.best)).network, test)
        try RunHistory.attach(RunExtras(classification: best), in: directory)
        return SpeechTrainingReport(data: saved.data ?? "", source: source, split: split.summary,
                                    features: config.features.featureCount, classNames: train.classNames,
                                    parameterCount: model.parameterCount, training: outcome, best: best, last: last)
    }

    public static func load(_ url: URL) throws -> SpeechModel {
        let info = try TaskCheckpoint.readInfo(url.path, expecting: [name])
        let config = try TaskCheckpoint.config(info, as: SpeechConfig.self)
        let scaler = try TaskCheckpoint.scaler(info, scalerAttachment, featureCount: config.features.featureCount)
        let classNames = try TaskCheckpoint.attachment(info, classNamesAttachment, as: [String].self)
        guard classNames.count >= 2, Set(classNames).count == classNames.count else {
            throw TaskError("checkpoint \(info.path): its classNames are damaged (\(classNames.count) names, " +
                            "at least 2 distinct ones needed)")
        }
        let network = SequenceClassifier<Float>(config.modelConfig(classCount: classNames.count), rng: RandomSource(seed: 0))
        try TaskCheckpoint.loadWeights(network, info)
        return SpeechModel(config: config, network: network, scaler: scaler, classNames: classNames, path: info.path)
    }

    public static func evaluate(_ model: SpeechModel, data: String?, observer: TaskObserver) throws -> ClassifyEvaluationReport {
        var config = model.config
        if let data { config.data = absolutePath(data) }
        let (split, source) = try SpeechData.load(config)
        if split.test.classNames != model.classNames {
            throw TaskError("\(config.data ?? ""): labels \(split.test.classNames); the checkpoint knows \(model.classNames)")
        }
        var report = ClassifyEvaluationReport(checkpoint: model.path, data: config.data ?? "", source: source,
                                              split: split.summary,
                                              test: ClassifyTask.report(model.network, split.test.scaled(by: model.scaler)))
        report.task = name
        return report
    }
}

/// A spoken-word classifier loaded from a `lstm train speech` checkpoint, and prediction.
public struct SpeechModel {
    public let config: SpeechConfig
    public let network: SequenceClassifier<Float>
    public let scaler: StandardScaler
    public let classNames: [String]
    public let path: String

    /// The predicted label of each WAV file, with its probability.
    public func predict(files: [String]) throws -> SpeechPredictions {
        let wavs = try files.map { try WAVFile(contentsOf: URL(fileURLWithPath: absolutePath($0))) }
        let features = try SpeechData.features(wavs, config: config.features, sources: files)
        let examples = features.map { LabeledSequence(values: $0.values, steps: $0.steps, label: 0) }
        let data = LabeledSequences(featureCount: config.features.featureCount, classNames: classNames, examples: examples)
            .scaled(by: scaler)
        network.eval()
        var predictions: [SpeechPredictions.Prediction] = []
        withoutGrad {
            for (file, example) in zip(files, data.examples) {
                let batch: (inputs: Tensor<Float>, lengths: [Int], labels: [Int]) =
                    SequenceClassificationBatch.make([example], featureCount: data.featureCount)
                let p = softmax(network(batch.inputs, lengths: batch.lengths), axis: 1).scalars
                let k = p.indices.max { p[$0] < p[$1] }!
                predictions.append(.init(file: file, label: classNames[k], probability: Double(p[k])))
            }
        }
        return SpeechPredictions(checkpoint: path, predictions: predictions)
    }
}
