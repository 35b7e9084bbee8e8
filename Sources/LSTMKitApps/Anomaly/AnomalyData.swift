import Foundation
import LSTMKit

/// Reading, splitting and featurizing the data of the anomaly task.
enum AnomalyData {
    /// The split (train / validation / test, every class still in it) and where it came from.
    static func load(_ config: AnomalyConfig) throws -> (split: ClassificationSplit, source: String) {
        guard let path = config.data.map(absolutePath) else { throw ConfigError("data", "is required") }
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigError("data", "\(path): no such file or directory")
        }
        let url = URL(fileURLWithPath: path)
        return try describingErrors("reading \(path)") {
            if ClassifyData.isCSV(path) {
                return (HAPTDataset.split(try HAPTDataset.load(url)), "UCI HAPT raw signals")
            }
            let pair = try TSFilePair(url, missing: .error)
            let name = pair.train.header.problemName ?? url.lastPathComponent
            return (try pair.split(validationFraction: config.validationFraction, seed: config.splitSeed),
                    "\(name) (UCR/UEA .ts pair)")
        }
    }

    /// The indices of the normal classes; a name that is not a class of the data is a `ConfigError`, and so
    /// is leaving no class as an anomaly.
    static func normalClasses(_ config: AnomalyConfig, classNames: [String], isHAPT: Bool) throws -> [Int] {
        guard let names = config.normalClasses ?? (isHAPT ? AnomalyConfig.haptNormalClasses : nil) else {
            throw ConfigError("normalClasses", "is required for this data: name the normal classes (classes: " +
                              "\(classNames.joined(separator: ", ")))")
        }
        let indices = try names.map { name in
            guard let k = classNames.firstIndex(of: name) else {
                throw ConfigError("normalClasses", "\"\(name)\" is not a class of the data (classes: " +
                                  "\(classNames.joined(separator: ", ")))")
            }
            return k
        }
        if Set(indices).count == classNames.count {
            throw ConfigError("normalClasses", "names every class of the data; leave at least one as the anomalies")
        }
        return Array(Set(indices)).sorted()
    }

    /// `data` with the features the model reads (see `AnomalyFeatures`), before standardization.
    static func featurize(_ data: LabeledSequences, _ features: AnomalyFeatures, floor: Double) -> LabeledSequences {
        guard features == .windowStats else { return data }
        let d = data.featureCount
        var out = data
        out.featureCount = 3 * d
        out.examples = data.examples.map { e in
            var mean = [Double](repeating: 0, count: d), variance = [Double](repeating: 0, count: d)
            for t in 0..<e.steps { for k in 0..<d { mean[k] += Double(e.values[t * d + k]) } }
            for k in 0..<d { mean[k] /= Double(e.steps) }
            for t in 0..<e.steps { for k in 0..<d { let v = Double(e.values[t * d + k]) - mean[k]; variance[k] += v * v } }
            let scale = variance.map { ($0 / Double(e.steps)).squareRoot() + floor }
            var values = [Float](repeating: 0, count: e.steps * 3 * d)
            for t in 0..<e.steps {
                for k in 0..<d {
                    values[t * 3 * d + k] = Float((Double(e.values[t * d + k]) - mean[k]) / scale[k])
                    values[t * 3 * d + d + k] = Float(mean[k])
                    values[t * 3 * d + 2 * d + k] = Float(log(scale[k]))
                }
            }
            return LabeledSequence(values: values, steps: e.steps, label: e.label, group: e.group)
        }
        return out
    }
}
