import Foundation
import LSTMKit

/// The tagged sentences of a `lstm train tag` run: the training, validation and test parts of a data folder
/// (or of one file, split), read with one tag column and one scheme, and checked against each other.
public struct TagData: Sendable {
    public var train: [TaggedSentence]
    public var validation: [TaggedSentence]
    public var test: [TaggedSentence]
    /// The chunk scheme (nil: plain tags such as parts of speech, scored by accuracy).
    public var scheme: TagScheme?
    /// The columns of every token line (word, features, tag).
    public var columnCount: Int
    /// Where the test sentences come from ("FOLDER/test.txt", or "FILE (test part)").
    public var testSource: String
    /// What the data is, for the run's first line.
    public var summary: String

    /// The names each part may have in the folder (each `.txt` or `.txt.gz`).
    static let names = ["train": ["train"], "validation": ["validation", "valid", "dev"], "test": ["test"]]

    /// The file of `part` in `folder`, if there is one.
    static func file(_ part: String, in folder: URL) -> URL? {
        for name in names[part]!.flatMap({ ["\($0).txt", "\($0).txt.gz"] }) {
            let url = folder.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        return nil
    }

    /// Reads `folder` (see `TagConfig.data`), or one file split in three. Errors name the folder, or the file
    /// and line.
    public static func read(_ folder: String, config: TagConfig) throws -> TagData {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else {
            throw TaskError("\(folder): no such file or folder (--data is a folder with train.txt and test.txt, or one " +
                            "file, in the CoNLL column format)")
        }
        if !isDirectory.boolValue { return try readFile(folder, config: config) }
        let url = URL(fileURLWithPath: folder)
        func required(_ part: String) throws -> URL {
            guard let file = file(part, in: url) else {
                throw TaskError("\(folder) has no \(part) file (\(names[part]!.map { "\($0).txt" }.joined(separator: " or ")), optionally .gz)")
            }
            return file
        }
        let column: CoNLLFile.TagColumn = config.tagColumn.map { .index($0) } ?? .last
        func read(_ file: URL, _ scheme: TagScheme?) throws -> CoNLLFile {
            try CoNLLFile.read(file, tagColumn: column, scheme: scheme)
        }
        var train = try read(try required("train"), config.scheme.scheme)
        let scheme: TagScheme?
        switch config.scheme {
        case .none: scheme = nil
        case .iob1, .iob2, .iobes: scheme = config.scheme.scheme
        case .auto:
            scheme = try detectScheme(train)
            if scheme != nil { train = try read(URL(fileURLWithPath: train.source), scheme) }
        }
        let validationFile = try file("validation", in: url).map { try read($0, scheme) }
        let test = try read(try required("test"), scheme)
        for other in [validationFile, test].compactMap({ $0 }) where other.columnCount != train.columnCount {
            throw TaskError("\(other.source) has \(other.columnCount) columns per token, \(train.source) has " +
                            "\(train.columnCount); the parts of a data folder need the same columns")
        }
        var data = TagData(train: train.sentences, validation: validationFile?.sentences ?? [], test: test.sentences,
                           scheme: scheme, columnCount: train.columnCount, testSource: test.source, summary: "")
        var held = ""
        if validationFile == nil {
            (data.train, data.validation) = split(train.sentences, fraction: config.validationFraction, seed: config.splitSeed)
            held = "; validation: \(data.validation.count) training sentences held out (split seed \(config.splitSeed))"
        }
        data.summary = describe([("train", data.train), ("validation", data.validation), ("test", data.test)], scheme,
                                tags: train.tagSet.count, columns: train.columnCount) + held
        return data
    }

    /// One CoNLL file split into train / validation / test: `testFraction` and `validationFraction` of its
    /// sentences, chosen by a permutation seeded with `splitSeed`.
    static func readFile(_ path: String, config: TagConfig) throws -> TagData {
        let column: CoNLLFile.TagColumn = config.tagColumn.map { .index($0) } ?? .last
        let url = URL(fileURLWithPath: path)
        var file = try CoNLLFile.read(url, tagColumn: column, scheme: config.scheme.scheme)
        var scheme = config.scheme.scheme
        if config.scheme == .auto {
            scheme = try detectScheme(file)
            if scheme != nil { file = try CoNLLFile.read(url, tagColumn: column, scheme: scheme) }
        }
        let (rest, test) = split(file.sentences, fraction: config.testFraction, seed: config.splitSeed)
        let (train, validation) = split(rest, fraction: config.validationFraction / (1 - config.testFraction),
                                        seed: config.splitSeed &+ 1)
        if train.isEmpty {
            throw TaskError("\(path) has \(file.sentences.count) sentence(s): too few to split into train, validation and test")
        }
        let summary = describe([("train", train), ("validation", validation), ("test", test)], scheme,
                               tags: file.tagSet.count, columns: file.columnCount) +
            "; one file split \(percent(1 - config.testFraction - config.validationFraction)) / " +
            "\(percent(config.validationFraction)) / \(percent(config.testFraction)) (split seed \(config.splitSeed))"
        return TagData(train: train, validation: validation, test: test, scheme: scheme, columnCount: file.columnCount,
                       testSource: "\(file.source) (test part)", summary: summary)
    }

    /// `fraction` of `sentences` (at least one) chosen by a seeded permutation, and the rest, each in file order.
    static func split(_ sentences: [TaggedSentence], fraction: Double, seed: UInt64)
        -> (rest: [TaggedSentence], part: [TaggedSentence]) {
        let n = sentences.count
        let order = RandomSource(seed: seed).permutation(n)
        let held = Set(order.prefix(min(n, max(1, Int((Double(n) * fraction).rounded())))))
        return (sentences.indices.filter { !held.contains($0) }.map { sentences[$0] },
                sentences.indices.filter { held.contains($0) }.map { sentences[$0] })
    }

    static func describe(_ parts: [(String, [TaggedSentence])], _ scheme: TagScheme?, tags: Int, columns: Int) -> String {
        parts.map { "\($0.0) \($0.1.count) sentences / \($0.1.reduce(0) { $0 + $1.words.count }) tokens" }
            .joined(separator: ", ") + "; " + (scheme.map { "\($0.rawValue.uppercased()) chunk tags" } ?? "plain tags") +
            " (\(tags))" + (columns > 2 ? "; \(columns - 2) feature column\(columns > 3 ? "s" : "")" : "")
    }

    /// The chunk scheme of the training tags, or nil when they are not chunk tags (parts of speech). Tags that
    /// look like chunks but mix IOB1 and IOB2 are an error: give `--scheme`.
    static func detectScheme(_ file: CoNLLFile) throws -> TagScheme? {
        do {
            return try TagScheme.detect(file.sentences.map(\.tags))
        } catch TagSchemeError.malformedTag {
            return nil
        } catch let error as TagSchemeError {
            if case .invalidTag(let at, _, _) = error, at.sentence < file.lineNumbers.count {
                throw TaskError("\(file.source):\(file.lineNumbers[at.sentence] + min(at.position, file.sentences[at.sentence].words.count - 1)): " +
                                "\(error) (give --scheme to say which scheme the file uses)")
            }
            throw TaskError("\(file.source): \(error) (give --scheme to say which scheme the file uses)")
        }
    }
}
