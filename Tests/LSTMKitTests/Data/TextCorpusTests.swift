import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct TextCorpusTests {
    /// A corpus whose IDs are 0..<n (every token distinct), so positions can be read off the IDs.
    func counting(_ n: Int) -> TextCorpus {
        TextCorpus(ids: Array(0..<n), vocabulary: Vocabulary(tokens: (0..<n).map(String.init), specials: .empty))
    }

    @Test func buildsCharacterVocabularyFromText() {
        let corpus = TextCorpus(text: "abcab")
        #expect(corpus.vocabulary.tokens == ["a", "b", "c"])
        #expect(corpus.ids == [0, 1, 2, 0, 1])
        #expect(corpus.text() == "abcab")
        #expect(corpus.text(1..<3) == "bc")
        let words = TextCorpus(text: "the cat. the", tokenizer: WordTokenizer())
        #expect(words.vocabulary.tokens == ["the", ".", "cat"])
        #expect(words.ids == [0, 2, 1, 0])
    }

    @Test func statefulBatchesShapeAndLayout() {
        // 23 tokens, B = 2 streams of L = 11 (token 22 dropped), T = 4: 10 pairs per stream -> 3 batches (4, 4, 2).
        let batches = counting(23).statefulBatches(batchSize: 2, steps: 4)
        #expect(batches.streamLength == 11)
        #expect(batches.count == 3)
        #expect(batches.map(\.steps) == [4, 4, 2])
        let first = batches[0]
        #expect(first.shape == [4, 2])
        #expect(first.inputs == [0, 11, 1, 12, 2, 13, 3, 14])           // inputs[t * B + b] = stream b at t
        #expect(first.targets == [1, 12, 2, 13, 3, 14, 4, 15])
        #expect(batches[2].inputs == [8, 19, 9, 20] && batches[2].targets == [9, 20, 10, 21])
        #expect(counting(23).statefulBatches(batchSize: 2, steps: 4, dropLast: true).count == 2)
    }

    @Test func statefulBatchesLineUpAcrossBatches() {
        let batches = TextCorpus(text: String(repeating: "the quick brown fox jumps over the lazy dog. ", count: 5))
            .statefulBatches(batchSize: 3, steps: 5)
        let corpusIDs = batches.ids
        for k in 0..<(batches.count - 1) {
            let (a, b) = (batches[k], batches[k + 1])
            for stream in 0..<3 {
                // The target of the last step of batch k is the input of the first step of batch k + 1.
                #expect(a.targets[(a.steps - 1) * 3 + stream] == b.inputs[stream])
            }
        }
        // Within a batch, targets are the inputs shifted by one step, and each column is a contiguous piece.
        let L = batches.streamLength
        for (k, batch) in batches.enumerated() {
            for t in 0..<batch.steps {
                for stream in 0..<3 {
                    #expect(batch.inputs[t * 3 + stream] == corpusIDs[stream * L + k * 5 + t])
                    #expect(batch.targets[t * 3 + stream] == corpusIDs[stream * L + k * 5 + t + 1])
                }
            }
        }
    }

    @Test func carriedStateEqualsOneRunOverTheWholeStreams() {
        // Running batch after batch with the carried state gives the outputs of one run over each stream.
        let rng = RandomSource(seed: 3)
        let corpus = TextCorpus(text: "hello stateful world, hello again")
        let batches = corpus.statefulBatches(batchSize: 2, steps: 5)
        let embed = Embedding<Double>(count: corpus.vocabulary.count, dimension: 3, rng: rng)
        let rnn = Recurrent(LSTMCell<Double>(inputSize: 3, hiddenSize: 4, rng: rng))
        var state: LSTMState<Double>? = nil
        var pieces: [Tensor<Double>] = []
        for batch in batches {
            let out = rnn(embed(batch.inputs, shape: batch.shape), initialState: state)
            pieces.append(out.outputs)
            state = out.finalState.detached()
        }
        let L = batches.streamLength
        let whole = (0..<(L - 1)).flatMap { t in (0..<2).map { b in corpus.ids[b * L + t] } }   // [L - 1, 2]
        let full = rnn(embed(whole, shape: [L - 1, 2])).outputs
        expectClose(Tensor.concat(pieces, axis: 0), full, atol: 1e-12)
    }

    @Test func shuffledWindowsAreSeededAndCoverTheWindows() {
        let corpus = counting(101)
        let windows = corpus.windows(length: 10)
        #expect(windows.count == 10)
        #expect(windows[3] == TextWindow(inputs: Array(30..<40), targets: Array(31..<41)))
        #expect(corpus.windows(length: 10, stride: 5).count == 19)
        func epochs(seed: UInt64) -> [[LanguageModelBatch]] {
            let loader = corpus.shuffledBatches(batchSize: 4, steps: 10, rng: RandomSource(seed: seed))
            return (0..<2).map { _ in Array(loader.epoch()) }
        }
        let a = epochs(seed: 1)
        #expect(a == epochs(seed: 1))
        #expect(a != epochs(seed: 2))
        #expect(a[0] != a[1])
        #expect(a[0].map(\.batchSize) == [4, 4, 2] && a[0][0].shape == [10, 4])
        // Every window once per epoch: the first inputs of all columns are the window starts 0, 10, ..., 90.
        let starts = a[0].flatMap { batch in Array(batch.inputs[0..<batch.batchSize]) }
        #expect(starts.sorted() == Array(stride(from: 0, to: 100, by: 10)))
        for batch in a[0] {
            #expect(zip(batch.inputs, batch.targets).allSatisfy { $1 == $0 + 1 })
        }
    }

    @Test func splitByPosition() {
        let (train, validation) = counting(50).split(validationFraction: 0.1)
        #expect(train.ids == Array(0..<45))
        #expect(validation.ids == Array(45..<50))
        #expect(train.vocabulary == validation.vocabulary)
    }

    @Test func textFileRoundTrip() throws {
        try withTextDataDirectory { dir in
            let url = dir.appendingPathComponent("tiny.txt")
            let text = "To be, or not to be:\nthat is the question. – Ünïcødé ✓\n"
            try Data(("\u{FEFF}" + text).utf8).write(to: url)               // a byte-order mark is dropped
            let corpus = try TextCorpus(contentsOf: url)
            #expect(corpus.text() == text)
            #expect(corpus.count == text.count)
            let vocabURL = dir.appendingPathComponent("vocab.json")
            try corpus.vocabulary.write(to: vocabURL)
            let again = try TextCorpus(contentsOf: url, vocabulary: try Vocabulary(contentsOf: vocabURL))
            #expect(again.ids == corpus.ids)
            let words = try TextCorpus(contentsOf: url, tokenizer: WordTokenizer(lowercased: true))
            #expect(words.text(0..<6, tokenizer: WordTokenizer()) == "to be, or not to")
        }
    }

    @Test func badTextFilesThrowClearErrors() throws {
        try withTextDataDirectory { dir in
            let missing = dir.appendingPathComponent("missing.txt")
            let e1 = textDataError(TextCorpusError.self) { _ = try TextCorpus(contentsOf: missing) }
            #expect(e1?.description == "text file \(missing.path): no such file")

            let e2 = textDataError(TextCorpusError.self) { _ = try TextCorpus(contentsOf: dir) }
            #expect(e2?.description == "text file \(dir.path): is a directory, not a file")

            let empty = dir.appendingPathComponent("empty.txt")
            try Data().write(to: empty)
            let e3 = textDataError(TextCorpusError.self) { _ = try TextCorpus(contentsOf: empty) }
            #expect(e3 == .emptyFile(path: empty.path, byteCount: 0))
            let blank = dir.appendingPathComponent("blank.txt")
            try Data(" \n\n".utf8).write(to: blank)
            let e4 = textDataError(TextCorpusError.self) { _ = try TextCorpus(contentsOf: blank, tokenizer: WordTokenizer()) }
            #expect(e4?.description == "text file \(blank.path) is empty: no tokens in its 3 bytes")

            let latin1 = dir.appendingPathComponent("latin1.txt")
            try Data([0x61, 0x0A, 0x62, 0x63, 0xE9, 0x0A]).write(to: latin1)  // "a\nbc" + Latin-1 é
            let e5 = textDataError(TextCorpusError.self) { _ = try TextCorpus(contentsOf: latin1) }
            #expect(e5 == .notUTF8(path: latin1.path, line: 2, byteOffset: 4, byte: 0xE9))
            #expect(e5?.description == "text file \(latin1.path) is not valid UTF-8: byte 0xE9 at offset 4 (line 2)")

            let other = dir.appendingPathComponent("other.txt")
            try Data("abz".utf8).write(to: other)
            let vocabulary = Vocabulary(from: ["a", "b"], specials: .empty)
            let e6 = textDataError(TextCorpusError.self) { _ = try TextCorpus(contentsOf: other, vocabulary: vocabulary) }
            #expect(e6 == .unknownToken(path: other.path, token: "z", position: 2))
            // With an unknown token, unseen characters map to it.
            let withUnknown = try TextCorpus(contentsOf: other, vocabulary: Vocabulary(from: ["a", "b"]))
            #expect(withUnknown.ids == [4, 5, 1])
        }
    }

    @Test func tooShortForStreamsStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = TextCorpus(text: "abcde").statefulBatches(batchSize: 4, steps: 2)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("5 tokens in 4 streams give 1 token(s) per stream; each stream needs at least 2"))
    }
}
