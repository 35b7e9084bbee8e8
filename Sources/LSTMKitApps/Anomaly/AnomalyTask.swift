import Foundation
import LSTMKit

/// Anomaly detection with a recurrent autoencoder: `lstm train anomaly` trains a `SequenceAutoencoder` on the
/// normal windows of the training part only; a window's reconstruction error is its anomaly score. The best
/// checkpoint has the lowest reconstruction error on the validation part's normal windows (the labels of the
/// anomalies are never used to train or to choose); the threshold is a quantile of those normal scores; the
/// test part gives the AUROC and the precision/recall at the threshold, per anomaly class too.
public enum AnomalyTask: ApplicationTask {
    public static let name = "anomaly"
    public static let higherIsBetter = false
    static let scalerAttachment = "scaler", classNamesAttachment = "classNames", normalAttachment = "normalClasses"

    public static func train(_ config: AnomalyConfig, resume: Bool, observer: TaskObserver) throws -> AnomalyTrainingReport {
        try config.validate()
        let started = Date()
        let (split, source) = try AnomalyData.load(config)
        let normal = try AnomalyData.normalClasses(config, classNames: split.train.classNames,
                                                   isHAPT: ClassifyData.isCSV(config.data ?? ""))
        let parts = [split.train, split.validation, split.test].map {
            AnomalyData.featurize($0, config.features, floor: config.scaleFloor)
        }
        let normalTrain = parts[0].subset(parts[0].examples.indices.filter { normal.contains(parts[0].examples[$0].label) })
        try checkParts(normalTrain: normalTrain, validation: parts[1], test: parts[2], normal: normal, data: config.data ?? "")
        let scaler = normalTrain.fittedScaler(StandardScaler())
        let train = normalTrain.scaled(by: scaler), validation = parts[1].scaled(by: scaler), test = parts[2].scaled(by: scaler)
        let normalValidation = validation.subset(validation.examples.indices.filter { normal.contains(validation.examples[$0].label) })

        let modelConfig = config.modelConfig(featureCount: split.train.featureCount)
        let t = config.training
        let weights = RandomSource(seed: t.seed(.weights))
        let model = SequenceAutoencoder<Float>(modelConfig, implementation: t.kernel.implementation, rng: weights)
        var saved = config
        saved.data = config.data.map(absolutePath)
        let directory = try prepareOutputDirectory(config.output)
        let classNames = split.train.classNames
        let run = try TaskTraining(
            task: name, directory: directory, training: t, config: saved, model: model,
            monitor: .validationLoss, metricNames: ["auroc"], randomSources: ["weights": weights],
            attachments: [scalerAttachment: scaler, classNamesAttachment: classNames,
                          normalAttachment: normal.map { classNames[$0] }],
            observer: observer) { model.encoder.lastImplementation.rawValue }
        observer.say("\(source): \(config.data ?? "") loaded in \(fixed(Date().timeIntervalSince(started), 1)) s; \(split.summary)")
        observer.say("normal: \(normal.map { classNames[$0] }.joined(separator: ", ")); training on \(train.count) normal " +
                     "windows; features: \(config.features.rawValue) (\(train.featureCount) per step)")
        observer.say("model: \(TextgenTask.describe(modelConfig.encoder)) encoder -> code -> \(TextgenTask.describe(modelConfig.decoder)) " +
                     "decoder -> linear; \(model.parameterCount) parameters")
        observer.say("training: \(t.summary); recurrent kernel: \(model.encoder.resolvedImplementation.rawValue)")
        if resume { observer.say("resuming from step \(try run.resume())") }

        let outcome = try run.fit(train: { epoch in
            let order = epochRandomSource(seed: t.seed(.shuffle), epoch: epoch).permutation(train.count)
            return stride(from: 0, to: order.count, by: t.batchSize).map { start in
                order[start..<min(start + t.batchSize, order.count)].map { train.examples[$0] }
            }
        }, validate: { m in
            let normalScores = scores(m, normalValidation)
            let all = scores(m, validation)
            let positives = validation.examples.map { !normal.contains($0.label) }
            return .init(loss: normalScores.reduce(0, +) / Double(normalScores.count),
                         metrics: ["auroc": ROCCurve(scores: all, positives: positives).area])
        }, loss: { m, chunk in
            let batch: (inputs: Tensor<Float>, lengths: [Int], labels: [Int]) =
                SequenceClassificationBatch.make(chunk, featureCount: train.featureCount)
            return m.loss(batch.inputs, lengths: batch.lengths)
        })
        let lastTest = scores(model, test)
        let best = try load(URL(fileURLWithPath: outcome.best))
        let (threshold, validationScores, testScores, testWindowScores) =
            evaluate(best.network, validation: validation, test: test, normal: normal, classNames: classNames,
                     quantile: config.thresholdQuantile)
        // (checkParts made sure the test part has normal windows and anomalies.)
        try RunHistory.attach(RunExtras(anomaly: AnomalyTrace(
            scores: testWindowScores, positives: test.examples.map { !normal.contains($0.label) },
            atThreshold: testScores.atThreshold, perClass: testScores.perClass)), in: directory)
        return AnomalyTrainingReport(
            data: saved.data ?? "", source: source, split: split.summary, features: config.features.rawValue,
            normalClasses: normal.map { classNames[$0] }, trainWindows: train.count, parameterCount: model.parameterCount,
            training: outcome, thresholdQuantile: config.thresholdQuantile, threshold: threshold,
            validation: validationScores, test: testScores,
            lastTestAUROC: AnomalyScores(scores: lastTest, labels: test.examples.map(\.label), normalClasses: normal,
                                         classNames: classNames, threshold: threshold).auroc)
    }

    /// Training needs normal training windows, and choosing a threshold needs normal validation windows;
    /// the test part needs normal windows and anomalies for an AUROC.
    static func checkParts(normalTrain: LabeledSequences, validation: LabeledSequences, test: LabeledSequences,
                           normal: [Int], data: String) throws {
        let validationNormal = validation.examples.filter { normal.contains($0.label) }.count
        let testNormal = test.examples.filter { normal.contains($0.label) }.count
        if normalTrain.count == 0 || validationNormal == 0 || testNormal == 0 || testNormal == test.count {
            throw TaskError("\(data): the split has \(normalTrain.count) normal training, \(validationNormal) normal " +
                            "validation, \(testNormal) normal and \(test.count - testNormal) anomalous test windows; " +
                            "each must be at least 1")
        }
    }

    /// The threshold (a quantile of the validation normal scores), the scores of both parts, and every test
    /// window's score.
    static func evaluate(_ network: SequenceAutoencoder<Float>, validation: LabeledSequences, test: LabeledSequences,
                         normal: [Int], classNames: [String], quantile q: Double)
        -> (threshold: Double, validation: AnomalyScores, test: AnomalyScores, testWindows: [Double]) {
        let v = scores(network, validation)
        let normalScores = zip(v, validation.examples).filter { normal.contains($0.1.label) }.map(\.0)
        let threshold = quantile(normalScores, q)
        let t = scores(network, test)
        return (threshold,
                AnomalyScores(scores: v, labels: validation.examples.map(\.label), normalClasses: normal,
                              classNames: classNames, threshold: threshold),
                AnomalyScores(scores: t, labels: test.examples.map(\.label), normalClasses: normal,
                              classNames: classNames, threshold: threshold),
                t)
    }

    /// Every window's reconstruction error, in evaluation mode, 256 windows at a time.
    static func scores(_ model: SequenceAutoencoder<Float>, _ data: LabeledSequences) -> [Double] {
        let wasTraining = model.isTraining
        model.eval()
        defer { if wasTraining { model.train() } }
        var out: [Double] = []
        var start = 0
        while start < data.count {
            let chunk = Array(data.examples[start..<min(start + 256, data.count)])
            let batch: (inputs: Tensor<Float>, lengths: [Int], labels: [Int]) =
                SequenceClassificationBatch.make(chunk, featureCount: data.featureCount)
            out += model.scores(batch.inputs, lengths: batch.lengths)
            start += 256
        }
        return out
    }

    public static func load(_ url: URL) throws -> AnomalyModel {
        let info = try TaskCheckpoint.readInfo(url.path, expecting: [name])
        let config = try TaskCheckpoint.config(info, as: AnomalyConfig.self)
        try config.validate()
        let scaler = try TaskCheckpoint.scaler(info, scalerAttachment)
        let classNames = try TaskCheckpoint.attachment(info, classNamesAttachment, as: [String].self)
        let normalNames = try TaskCheckpoint.attachment(info, normalAttachment, as: [String].self)
        let normal = normalNames.compactMap { classNames.firstIndex(of: $0) }
        guard let width = scaler.featureCount, width >= 1, classNames.count >= 2, !normal.isEmpty,
              normal.count == normalNames.count, width % (config.features == .raw ? 1 : 3) == 0 else {
            throw TaskError("checkpoint \(info.path): its scaler, class names or normal classes are damaged")
        }
        let channels = config.features == .raw ? width : width / 3
        let network = SequenceAutoencoder<Float>(config.modelConfig(featureCount: channels), rng: RandomSource(seed: 0))
        try TaskCheckpoint.loadWeights(network, info)
        return AnomalyModel(config: config, network: network, scaler: scaler, classNames: classNames,
                            normalClasses: normal, channels: channels, path: info.path)
    }

    /// Scores the checkpoint's test part (or another file's): the threshold from its validation part.
    public static func evaluate(_ model: AnomalyModel, data: String?, observer: TaskObserver) throws -> AnomalyEvaluationReport {
        var config = model.config
        if let data { config.data = absolutePath(data) }
        let (split, source) = try AnomalyData.load(config)
        if split.test.featureCount != model.channels || split.test.classNames != model.classNames {
            throw TaskError("\(config.data ?? ""): \(split.test.featureCount) features and classes \(split.test.classNames); " +
                            "the checkpoint expects \(model.channels) and \(model.classNames)")
        }
        let validation = AnomalyData.featurize(split.validation, config.features, floor: config.scaleFloor).scaled(by: model.scaler)
        let test = AnomalyData.featurize(split.test, config.features, floor: config.scaleFloor).scaled(by: model.scaler)
        try checkParts(normalTrain: test, validation: validation, test: test, normal: model.normalClasses, data: config.data ?? "")
        let (threshold, _, scores, _) = evaluate(model.network, validation: validation, test: test, normal: model.normalClasses,
                                              classNames: model.classNames, quantile: config.thresholdQuantile)
        return AnomalyEvaluationReport(checkpoint: model.path, data: config.data ?? "", source: source,
                                       threshold: threshold, test: scores)
    }
}

/// An autoencoder loaded from a `lstm train anomaly` checkpoint.
public struct AnomalyModel {
    public let config: AnomalyConfig
    public let network: SequenceAutoencoder<Float>
    public let scaler: StandardScaler
    public let classNames: [String]
    public let normalClasses: [Int]
    /// The channels per step of the data (before featurization).
    public let channels: Int
    public let path: String
}
