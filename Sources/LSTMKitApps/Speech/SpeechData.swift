import Foundation
import LSTMKit

/// One recording of a spoken-digits style dataset: `{label}_{speaker}_{take}.wav`.
struct SpeechRecording {
    var name: String
    var label: String
    var speaker: String
    var take: Int
    var wav: WAVFile

    /// The label, speaker and take of a file name, or nil when it does not follow the pattern.
    static func parse(_ fileName: String) -> (label: String, speaker: String, take: Int)? {
        guard fileName.lowercased().hasSuffix(".wav") else { return nil }
        let parts = fileName.dropLast(4).split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty, let take = Int(parts[2]), take >= 0 else { return nil }
        return (String(parts[0]), String(parts[1]), take)
    }
}

/// Reading the recordings of `lstm train speech` (a folder or a tar archive), their features and the split.
enum SpeechData {
    /// The most recordings read (a larger folder is a mistake, not a dataset this app is for).
    static let maximumRecordings = 200_000

    /// Every `.wav` of `path` (a folder, searched recursively, or a `.tar`/`.tar.gz`), decoded, in name order.
    static func recordings(_ path: String) throws -> [SpeechRecording] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigError("data", "\(path): no such file or directory")
        }
        var files: [(name: String, source: String, wav: () throws -> WAVFile)] = []
        if isDirectory.boolValue {
            let root = URL(fileURLWithPath: path)
            let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
            while let url = walker?.nextObject() as? URL {
                guard url.pathExtension.lowercased() == "wav" else { continue }
                files.append((url.lastPathComponent, url.path, { try WAVFile(contentsOf: url) }))
                if files.count > maximumRecordings { break }
            }
        } else {
            let archive = try TarArchive(contentsOf: URL(fileURLWithPath: path))
            for member in archive.members where member.path.lowercased().hasSuffix(".wav") {
                let name = String(member.path.split(separator: "/").last ?? "")
                let source = "\(path):\(member.path)"
                files.append((name, source, { try WAVFile(data: member.contents, source: source) }))
            }
        }
        if files.isEmpty { throw TaskError("\(path): no .wav files found") }
        if files.count > maximumRecordings {
            throw TaskError("\(path): more than \(maximumRecordings) .wav files; give a smaller folder")
        }
        return try files.sorted { $0.name < $1.name }.map { file in
            guard let (label, speaker, take) = SpeechRecording.parse(file.name) else {
                throw TaskError("\(file.source): the name is not {label}_{speaker}_{take}.wav (e.g. 7_george_12.wav)")
            }
            return SpeechRecording(name: file.name, label: label, speaker: speaker, take: take, wav: try file.wav())
        }
    }

    /// The features of each recording's mono mixdown, [frames, D] row-major (one extractor per sample rate).
    static func features(_ wavs: [WAVFile], config: AudioFeatureConfig, sources: [String]) throws -> [(values: [Float], steps: Int)] {
        var extractors: [Int: AudioFeatures] = [:]
        return try zip(wavs, sources).map { wav, source in
            let extractor: AudioFeatures
            if let e = extractors[wav.sampleRate] { extractor = e } else {
                do { extractor = try AudioFeatures(config, sampleRate: wav.sampleRate) } catch let error as AudioFeatureError {
                    throw TaskError("\(source): \(wav.sampleRate) Hz audio: feature setting \(error)")
                }
                extractors[wav.sampleRate] = extractor
            }
            let rows = extractor(wav.mono())
            return (rows.flatMap { $0 }, rows.count)
        }
    }

    /// The split: takes below `testTakes` are test, a stratified `validationFraction` of the rest validation.
    static func load(_ config: SpeechConfig) throws -> (split: ClassificationSplit, source: String) {
        let path = absolutePath(config.data ?? "")
        let recordings = try recordings(path)
        let classNames = Array(Set(recordings.map(\.label))).sorted()
        let index = Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, $0) })
        let features = try self.features(recordings.map(\.wav), config: config.features,
                                         sources: recordings.map { "\(path): \($0.name)" })
        let speakers = Array(Set(recordings.map(\.speaker))).sorted()
        let speakerIndex = Dictionary(uniqueKeysWithValues: speakers.enumerated().map { ($1, $0) })
        var train: [LabeledSequence] = [], test: [LabeledSequence] = []
        for (r, f) in zip(recordings, features) {
            let example = LabeledSequence(values: f.values, steps: f.steps, label: index[r.label]!,
                                          group: speakerIndex[r.speaker]!)
            if r.take < config.testTakes { test.append(example) } else { train.append(example) }
        }
        let d = config.features.featureCount
        let trainSet = LabeledSequences(featureCount: d, classNames: classNames, examples: train)
        let testSet = LabeledSequences(featureCount: d, classNames: classNames, examples: test)
        let split = ClassificationSplit(train: trainSet, test: testSet, validationFraction: config.validationFraction,
                                        seed: config.splitSeed)
        let seconds = recordings.reduce(0) { $0 + $1.wav.seconds }
        let rates = Set(recordings.map(\.wav.sampleRate)).sorted().map { "\($0)" }.joined(separator: ", ")
        let takes = config.testTakes == 1 ? "take 0" : "takes 0-\(config.testTakes - 1)"
        let summary = "\(takes) test; validation = stratified " +
            "\(String(format: "%g", config.validationFraction * 100))% of the other takes (seed \(config.splitSeed)): " +
            "\(split.train.count) train, \(split.validation.count) validation, \(split.test.count) test"
        return (ClassificationSplit(train: split.train, validation: split.validation, test: split.test, summary: summary),
                "\(recordings.count) recordings (\(speakers.count) speakers, \(String(format: "%.0f", seconds)) s at \(rates) Hz)")
    }
}
