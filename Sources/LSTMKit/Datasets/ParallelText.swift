import Foundation

/// Sentence pairs for translation, read from two line-aligned text files: line i of the source file and line i
/// of the target file are one pair (the layout of Multi30k, Europarl, WMT and most parallel corpora).
///
///     train.de:  Zwei junge Männer sind im Freien.       train.en:  Two young men are outside.
///                Ein Hund rennt.                                    A dog runs.
///
///     let train = try ParallelText(source: URL(fileURLWithPath: "train.de"), target: URL(fileURLWithPath: "train.en"))
///     train.count                    // 2
///     train.sources[1], train.targets[1]       // ("Ein Hund rennt.", "A dog runs.")
///
/// Each file is UTF-8, plain or gzip (told apart by the gzip magic bytes), with "\n" or "\r\n" line ends. Each
/// line is one sentence, surrounding whitespace trimmed. ``Multi30k`` finds the files of that corpus in a folder.
///
/// The reader is strict, because one missing line shifts every pair after it. Errors (``DatasetError``, one line
/// naming the file and line): the files have different numbers of lines (`.badFormat`, at the first line without a
/// partner), a line that is empty after trimming (`.missingValue`), bytes that are not UTF-8 (`.unreadableFile`),
/// a missing file (`.fileNotFound`), an empty file (`.emptyFile`), a file past `maximumBytes` on disk or
/// decompressed (`.unreadableFile`).
public struct ParallelText: Sendable, Equatable {
    /// The source sentences (the language translated from).
    public var sources: [String]
    /// The target sentences (the language translated into); `targets[i]` translates `sources[i]`.
    public var targets: [String]

    /// The default limit on each file's size, on disk and decompressed: 256 MiB.
    public static let defaultMaximumBytes = 256 << 20

    /// Pairs in memory; the counts must match.
    public init(sources: [String], targets: [String]) {
        if sources.count != targets.count {
            failure("ParallelText: \(sources.count) source sentences but \(targets.count) target sentences")
        }
        self.sources = sources
        self.targets = targets
    }

    /// Reads two line-aligned files (see the type's documentation for the format and the errors).
    public init(source: URL, target: URL, maximumBytes: Int = defaultMaximumBytes) throws {
        let s = try ParallelText.sentences(source, maximumBytes: maximumBytes)
        let t = try ParallelText.sentences(target, maximumBytes: maximumBytes)
        if s.count != t.count {
            let (longer, shorter) = s.count > t.count ? (source, target) : (target, source)
            let common = min(s.count, t.count)
            throw DatasetError(.badFormat, source: longer.path, line: common + 1,
                               "has no partner: \(shorter.lastPathComponent) has only \(common) lines and " +
                               "\(longer.lastPathComponent) has \(max(s.count, t.count)) (parallel files must have " +
                               "one sentence per line, aligned line by line)")
        }
        self.init(sources: s, targets: t)
    }

    /// The trimmed lines of one side; an empty line is an error.
    static func sentences(_ url: URL, maximumBytes: Int) throws -> [String] {
        let file = try TextLines(url, maximumBytes: maximumBytes)
        var sentences: [String] = []
        sentences.reserveCapacity(file.lines.count)
        for (i, line) in file.lines.enumerated() {
            let sentence = line.trimmingCharacters(in: .whitespaces)
            if sentence.isEmpty {
                throw DatasetError(.missingValue, source: file.source, line: i + 1,
                                   "the line is empty, but every line of a parallel file must hold a sentence")
            }
            sentences.append(sentence)
        }
        return sentences
    }

    /// The number of pairs.
    public var count: Int { sources.count }

    /// The pairs at `indices`, in that order.
    public func subset(_ indices: some Sequence<Int>) -> ParallelText {
        let indices = Array(indices)
        if let bad = indices.first(where: { $0 < 0 || $0 >= count }) {
            failure("ParallelText.subset: index \(bad) is out of range 0..<\(count)")
        }
        return ParallelText(sources: indices.map { sources[$0] }, targets: indices.map { targets[$0] })
    }

    /// The pairs with the two sides swapped (to translate the other way).
    public var reversed: ParallelText { ParallelText(sources: targets, targets: sources) }
}

/// The Multi30k corpus (Elliott et al. 2016, task 1: image captions in English, German, French, Czech) in the
/// layout of its repository's `data/task1/raw` folder: `<split>.<language>.gz` (or the same without `.gz`).
///
///     let folder = URL(fileURLWithPath: "/work/shared/data/multi30k")
///     let train = try Multi30k.read(folder: folder, split: .train, source: "de", target: "en")  // 29,000 pairs
///     let test = try Multi30k.read(folder: folder, split: .test2016, source: "de", target: "en") //  1,000 pairs
///
/// The splits: `train.*` (29,000 pairs), `val.*` (1,014), `test_2016_flickr.*` (1,000, the "test2016" set
/// papers report BLEU on). The text is raw (not tokenized). The data is for non-commercial research and
/// education only.
public enum Multi30k {
    /// A split and its file name stem.
    public enum Split: String, CaseIterable, Sendable, Codable {
        case train = "train"
        case validation = "val"
        case test2016 = "test_2016_flickr"
    }

    /// The source and target files of `split` in `folder`: `<stem>.<language>.gz` if it exists, else
    /// `<stem>.<language>`.
    /// - Throws: ``DatasetError/Kind/fileNotFound`` naming both names tried.
    public static func files(folder: URL, split: Split, source: String, target: String) throws -> (source: URL, target: URL) {
        func file(_ language: String) throws -> URL {
            let plain = folder.appendingPathComponent("\(split.rawValue).\(language)")
            let gzip = plain.appendingPathExtension("gz")
            for url in [gzip, plain] where FileManager.default.fileExists(atPath: url.path) { return url }
            throw DatasetError(.fileNotFound, source: gzip.path, "no such file (nor \(plain.lastPathComponent)): the " +
                               "Multi30k layout is <split>.<language>.gz with splits train, val, test_2016_flickr")
        }
        if source == target { failure("Multi30k.files: source and target language are both \"\(source)\"") }
        return (try file(source), try file(target))
    }

    /// The pairs of `split`, read by ``ParallelText/init(source:target:maximumBytes:)``.
    public static func read(folder: URL, split: Split, source: String = "de", target: String = "en",
                            maximumBytes: Int = ParallelText.defaultMaximumBytes) throws -> ParallelText {
        let urls = try files(folder: folder, split: split, source: source, target: target)
        return try ParallelText(source: urls.source, target: urls.target, maximumBytes: maximumBytes)
    }
}
