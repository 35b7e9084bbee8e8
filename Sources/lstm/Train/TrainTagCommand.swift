import ArgumentParser
import LSTMKit
import LSTMKitApps

extension TagSchemeChoice: ExpressibleByArgument {
    /// The names, case-insensitive, and TagScheme's aliases: bio = iob2, bioes = iobes.
    public init?(argument: String) {
        let name = argument.lowercased()
        if let choice = TagSchemeChoice(rawValue: name) { self = choice; return }
        guard let scheme = try? TagScheme(name: name) else { return nil }
        self.init(rawValue: scheme.rawValue)
    }
}

/// `lstm train tag`: a BiLSTM-CRF (or BiLSTM) sequence tagger, MASC parts of speech by default.
struct TrainTagCommand: TaskTrainCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Train a BiLSTM-CRF tagger: parts of speech, chunks or named entities (MASC POS by default).",
        discussion: """
            --data: a folder with train.txt and test.txt (and validation.txt,
            dev.txt or valid.txt; each may be .gz) in the CoNLL column format:
            one word per line, the word first, the tag last (or --tag-column),
            a blank line between sentences. Default: Data/masc-pos (MASC POS,
            committed). Without a validation file, --validation-fraction of
            the training sentences is held out. One file instead of a folder
            is split 80/10/10 (--validation-fraction, --test-fraction; split
            seed 0). The tags are chunks (IOB1, IOB2, IOBES: scored by chunk
            F1 as conlleval counts it) or plain tags (POS: token accuracy);
            --scheme auto detects which. The other columns (e.g. CoNLL-2000's
            POS tags) are inputs too, unless --no-features.
            Defaults: words 100, characters BiLSTM 25 x 2, columns 25, BiLSTM
            200 per direction, CRF, dropout 0.5, Adam 0.002, batch 32, 12
            epochs, patience 4, clip norm 5. Measured (docs/apps/tag.md): MASC
            POS 95.97% with --epochs 4 (26 min), CoNLL-2000 chunking F1 93.99
            (20 min).
              lstm train tag --epochs 4 --output runs/pos
              lstm tag runs/pos "The dog barked at the mailman ."
              lstm train tag --data /path/to/conll2000 --output runs/chunk
              lstm tag runs/chunk "He|PRP reckons|VBZ the|DT deficit|NN .|."
            """
    )

    @Option(parsing: .unconditional, help: "The tag column, 0-based with the word as column 0 (default: the last).")
    var tagColumn: Int?

    @Option(help: "The tag scheme: auto (detect), none (plain tags such as POS), iob1, iob2, iobes.")
    var scheme: TagSchemeChoice?

    @Flag(inversion: .prefixedNo, help: "Use the file's other columns (e.g. POS tags) as inputs (default on).")
    var features: Bool?

    @Flag(inversion: .prefixedNo, help: "Score tag sequences with a linear-chain CRF (default on); off: one softmax per word.")
    var crf: Bool?

    @Option(parsing: .unconditional, help: "With one file as --data: the fraction of its sentences held out for the test (default 0.1).")
    var testFraction: Double?

    @Option(parsing: .unconditional, help: "Words seen fewer times in the training file become <unk> (default 1).")
    var minCount: Int?

    @Option(parsing: .unconditional, help: "Probability that a training word seen once is read as <unk>, in [0, 1] (default 0.5).")
    var unknownReplacement: Double?

    @Option(parsing: .unconditional, help: "Vector size of every extra column's values (default 25).")
    var featureSize: Int?

    @Option(parsing: .unconditional, help: "Character vector size (default 25).")
    var charEmbeddingSize: Int?

    @Option(parsing: .unconditional, help: "Each direction of the character BiLSTM (default 25; 0: no character features).")
    var charHiddenSize: Int?

    @OptionGroup var input: DataOptions
    @OptionGroup var embedding: EmbeddingOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup var training: TrainingOptions
    @OptionGroup var common: CommonOptions

    typealias Task = TagTask
    var defaults: TagConfig { TagConfig() }

    func apply(to c: inout TagConfig) throws {
        if let data = input.data { c.data = data }
        if let fraction = input.validationFraction { c.validationFraction = fraction }
        if let testFraction { c.testFraction = testFraction }
        if let tagColumn { c.tagColumn = tagColumn }
        if let scheme { c.scheme = scheme }
        if let features { c.features = features }
        if let crf { c.crf = crf }
        if let minCount { c.minCount = minCount }
        if let unknownReplacement { c.unknownReplacement = unknownReplacement }
        if let size = embedding.embeddingSize { c.wordEmbeddingSize = size }
        if let featureSize { c.featureEmbeddingSize = featureSize }
        if let charEmbeddingSize { c.characterEmbeddingSize = charEmbeddingSize }
        if let charHiddenSize { c.characterHiddenSize = charHiddenSize }
        model.apply(to: &c.model)
        if let dropout = model.dropout { c.dropout = dropout }
    }
}
