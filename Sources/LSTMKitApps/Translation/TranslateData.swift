import Foundation
import LSTMKit

/// One sentence pair as token IDs: the source words and `<eos>`, the target words (no `<bos>` or `<eos>`:
/// `Seq2SeqBatch` adds them).
public struct EncodedPair: Equatable, Sendable {
    public var source: [Int]
    public var target: [Int]
}

/// The splits of a Multi30k-layout folder, tokenized, with the vocabularies of the training side.
struct TranslateData {
    var train: ParallelText
    var validation: ParallelText
    var vocabularies: TranslationVocabularies
    var trainPairs: [EncodedPair]

    /// Reads the train and val splits of `config.data` and builds both vocabularies from the training pairs.
    static func read(_ config: TranslateConfig) throws -> TranslateData {
        let folder = try dataFolder(config.data)
        let train = try readSplit(folder, .train, config)
        let validation = try readSplit(folder, .validation, config)
        let tokenizer = config.tokenizer
        let sources = train.sources.map(tokenizer.tokenize), targets = train.targets.map(tokenizer.tokenize)
        let vocabularies = TranslationVocabularies(sourceSentences: sources, targetSentences: targets,
                                                   minFrequency: config.minFrequency)
        let pairs = zip(sources, targets).map { s, t in
            EncodedPair(source: vocabularies.encodeSource(s), target: vocabularies.target.encode(t))
        }
        return TranslateData(train: train, validation: validation, vocabularies: vocabularies, trainPairs: pairs)
    }

    /// The folder as an absolute URL, or a one-line error when it is missing or a file.
    static func dataFolder(_ path: String) throws -> URL {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw TaskError("data folder \(path) does not exist (give --data with a folder holding " +
                            "train.<language>.gz, val.<language>.gz and test_2016_flickr.<language>.gz)")
        }
        guard isDirectory.boolValue else {
            throw TaskError("--data \(path) is a file; give the folder holding the Multi30k files")
        }
        return URL(fileURLWithPath: absolutePath(path))
    }

    /// One split's pairs; the library's errors name the file and line.
    static func readSplit(_ folder: URL, _ split: Multi30k.Split, _ config: TranslateConfig) throws -> ParallelText {
        try describingErrors("reading \(folder.path)") {
            try Multi30k.read(folder: folder, split: split, source: config.source, target: config.target)
        }
    }
}

/// The batches of one training epoch: shuffled, bucketed by source length (each batch holds sentences of
/// similar length, so little of it is padding), in a shuffled batch order (`DataLoader`'s bucketing).
func translationBatches(_ pairs: [EncodedPair], batchSize: Int, config: Seq2SeqConfig, rng: RandomSource)
    -> DataLoader<EncodedPair, Seq2SeqBatch>.Epoch {
    DataLoader(ArrayDataset(pairs), batchSize: batchSize, shuffle: true, rng: rng,
               bucketBy: { $0.source.count }, bucketChunkBatches: 50) { examples in
        Seq2SeqBatch(sources: examples.map(\.source), targets: examples.map(\.target), config: config)
    }.epoch()
}
