import Foundation
import LSTMKit

/// The Penn Treebank language-modelling tokenization (Mikolov et al.'s files): words are separated by
/// whitespace and every line ends with the end-of-sentence token `<eos>`; blank lines give nothing.
/// `detokenize` joins words by spaces and turns `<eos>` back into a line break.
public struct SentenceWordTokenizer: Tokenizer {
    public static let endOfSentence = "<eos>"
    public static let unknown = "<unk>"

    public init() {}

    public func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            let words = line.split(whereSeparator: \.isWhitespace)
            if words.isEmpty { continue }
            tokens += words.map(String.init)
            tokens.append(Self.endOfSentence)
        }
        return tokens
    }

    public func detokenize(_ tokens: [String]) -> String {
        var text = ""
        for token in tokens {
            if token == Self.endOfSentence { text += "\n"; continue }
            if !text.isEmpty && !text.hasSuffix("\n") { text += " " }
            text += token
        }
        return text
    }
}

extension WordLMTask {
    /// The vocabulary's specials: only `<unk>` (ID 0); `<eos>` is a word like the others.
    static let specials = Vocabulary.SpecialTokens(padding: nil, unknown: SentenceWordTokenizer.unknown, begin: nil, end: nil)

    /// The words of one file, encoded with `vocabulary` (words it lacks become `<unk>`), or, without one, with
    /// a vocabulary of the file's `maxVocabulary` most frequent words. `option` names the file in errors.
    static func readWords(_ path: String, option: String, vocabulary: Vocabulary? = nil,
                          maxVocabulary: Int = 100_000) throws -> TextCorpus {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ConfigError(option, "\(path): no such file")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if size > maximumBytes {
            throw ConfigError(option, "\(path) has \(size) bytes, more than the \(maximumBytes >> 20) MB a word model reads")
        }
        let tokenizer = SentenceWordTokenizer()
        do {
            if let vocabulary {
                return try TextCorpus(contentsOf: URL(fileURLWithPath: path), tokenizer: tokenizer, vocabulary: vocabulary)
            }
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let words = tokenizer.tokenize(text)
            if words.isEmpty { throw TextCorpusError.emptyFile(path: path, byteCount: size) }
            let built = Vocabulary(from: words, specials: specials, maxSize: maxVocabulary)
            return try TextCorpus(contentsOf: URL(fileURLWithPath: path), tokenizer: tokenizer, vocabulary: built)
        } catch let error as TextCorpusError {
            throw TaskError("\(error)")
        } catch {
            throw TaskError("reading \(path) (\(option)): \(error.localizedDescription)")
        }
    }

    /// The training count of every word of the vocabulary.
    static func counts(_ corpus: TextCorpus) -> [Int] {
        var counts = [Int](repeating: 0, count: corpus.vocabulary.count)
        for id in corpus.ids { counts[id] += 1 }
        return counts
    }

    /// The largest file read (words are held as 8-byte IDs).
    static let maximumBytes = 256 << 20
}
