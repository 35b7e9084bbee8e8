import Foundation
import LSTMKit

/// The tagged sentences of a `lstm train tag` run: the training, validation and test parts of a data folder,
/// read with one tag column and one scheme, and checked against each other.
public struct TagData: Sendable {
    public var train: CoNLLFile
    /// The validation file, or nil when the validation part is held out of `train` (`TagData.split`).
    public var validation: CoNLLFile?
    public var test: CoNLLFile
    /// The chunk scheme (nil: plain tags such as parts of speech, scored by accuracy).
    public var scheme: TagScheme?

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

    /// Reads `folder` (see `TagConfig.data`). Errors name the folder, or the file and line.
    public static func read(_ folder: String, config: TagConfig) throws -> TagData {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TaskError("\(folder): no such folder (--data is a folder with train.txt and test.txt in the CoNLL column format)")
        }
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
        let validation = try file("validation", in: url).map { try read($0, scheme) }
        let test = try read(try required("test"), scheme)
        for other in [validation, test].compactMap({ $0 }) where other.columnCount != train.columnCount {
            throw TaskError("\(other.source) has \(other.columnCount) columns per token, \(train.source) has " +
                            "\(train.columnCount); the parts of a data folder need the same columns")
        }
        return TagData(train: train, validation: validation, test: test, scheme: scheme)
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

    /// The training and validation sentences: the validation file's, or `validationFraction` of the training
    /// file (a seeded permutation with `splitSeed`).
    public func split(_ config: TagConfig) -> (train: [TaggedSentence], validation: [TaggedSentence]) {
        if let validation { return (train.sentences, validation.sentences) }
        let n = train.sentences.count
        let order = RandomSource(seed: config.splitSeed).permutation(n)
        let held = max(1, Int((Double(n) * config.validationFraction).rounded()))
        let validationIndices = Set(order.prefix(held))
        return (train.sentences.indices.filter { !validationIndices.contains($0) }.map { train.sentences[$0] },
                order.prefix(held).sorted().map { train.sentences[$0] })
    }

    /// What the data is, for the run's first line.
    public var summary: String {
        let parts = [("train", train), ("validation", validation), ("test", test)].compactMap { name, file in
            file.map { "\(name) \($0.sentences.count) sentences / \($0.tokenCount) tokens" }
        }
        return parts.joined(separator: ", ") + "; " + (scheme.map { "\($0.rawValue.uppercased()) chunk tags" } ?? "plain tags") +
            " (\(train.tagSet.count))" + (train.columnCount > 2 ? "; \(train.columnCount - 2) feature column\(train.columnCount > 3 ? "s" : "")" : "")
    }
}
