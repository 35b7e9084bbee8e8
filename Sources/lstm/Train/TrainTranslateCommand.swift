import ArgumentParser
import LSTMKit
import LSTMKitApps

extension AttentionScore: ExpressibleByArgument {}

/// `lstm train translate`: an attentional LSTM encoder-decoder on Multi30k (German -> English by default).
struct TrainTranslateCommand: TaskTrainCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate",
        abstract: "Train an attentional LSTM encoder-decoder to translate (Multi30k, German -> English by default).",
        discussion: """
            --data: a folder in the Multi30k layout, <split>.<language>.gz (or not
            gzip'd) for the splits train, val and test_2016_flickr, one sentence
            per line, aligned line by line. Multi30k is not in the repository
            (non-commercial use only): put a copy in Data/multi30k (the
            default) or give its folder. The text is tokenized into words
            (lower-cased by default); both vocabularies come from the training
            side only (words seen fewer than --min-frequency times become <unk>).
            Each evaluation (every epoch by default) translates val greedily and
            scores it with corpus BLEU (sacrebleu's defaults, against the raw
            references); the best checkpoint has the best validation BLEU. At the
            end the best checkpoint is scored on test2016 with greedy decoding
            and with beam search.
            Defaults: embedding 256, bidirectional LSTM encoder 256 per direction,
            LSTM decoder 256 with general attention and input feeding, dropout
            0.3, label smoothing 0.1, Adam 0.002 with cosine decay to 0.1x, batch
            64 (bucketed by length), clip norm 1, 20 epochs, beam width 5.
              lstm train translate --data multi30k --minutes 45 --output runs/translate
              lstm translate runs/translate "Ein Mann fährt Fahrrad." --attention
            """
    )

    @Option(help: "The language translated from (a Multi30k code: en, de, fr, cs; default de).")
    var source: String?

    @Option(help: "The language translated into (default en).")
    var target: String?

    @Flag(inversion: .prefixedNo, help: "Lower-case the text before tokenizing (default: yes).")
    var lowercase: Bool?

    @Option(parsing: .unconditional, help: "Words seen fewer times in the training side become <unk> (default 2).")
    var minFrequency: Int?

    @Option(help: "The recurrent cell of the encoder and the decoder (default lstm).")
    var cell: RecurrentCellKind?

    @Option(parsing: .unconditional, help: "The encoder's state size per direction (default 256).")
    var encoderHiddenSize: Int?

    @Option(parsing: .unconditional, help: "Stacked encoder layers (default 1).")
    var encoderLayers: Int?

    @Flag(inversion: .prefixedNo, help: "Read the source in both directions (default: yes).")
    var bidirectional: Bool?

    @Option(parsing: .unconditional, help: "The decoder's state size H (default 256).")
    var decoderHiddenSize: Int?

    @Option(parsing: .unconditional, help: "Stacked decoder layers (default 1).")
    var decoderLayers: Int?

    @Option(help: "The attention score (default general; dot needs --decoder-hidden-size = the encoder's output size).")
    var attention: AttentionScore?

    @Flag(inversion: .prefixedNo, help: "Feed the previous attentional vector into the decoder (default: yes).")
    var inputFeeding: Bool?

    @Option(parsing: .unconditional, help: "Dropout on word vectors, between layers and before the output layer, in [0, 1) (default 0.3).")
    var dropout: Double?

    @Option(parsing: .unconditional, help: "Label smoothing of the training loss, in [0, 1) (default 0.1).")
    var labelSmoothing: Double?

    @Option(parsing: .unconditional, help: "The most tokens of a translation (default 80).")
    var maxLength: Int?

    @Option(parsing: .unconditional, help: "Beam width of the final test evaluation (default 5).")
    var beamWidth: Int?

    @Option(parsing: .unconditional, help: "Beam search ranks by score / length^alpha (default 1).")
    var lengthPenalty: Double?

    @OptionGroup var input: DataOptions
    @OptionGroup var embedding: EmbeddingOptions
    @OptionGroup var training: TrainingOptions
    @OptionGroup var common: CommonOptions

    typealias Task = TranslateTask
    var defaults: TranslateConfig { TranslateConfig() }

    func apply(to c: inout TranslateConfig) throws {
        if let data = input.data { c.data = data }
        if input.validationFraction != nil {
            throw ConfigError("validationFraction", "does not apply: the corpus has its own val split")
        }
        if let source { c.source = source }
        if let target { c.target = target }
        if let lowercase { c.lowercase = lowercase }
        if let minFrequency { c.minFrequency = minFrequency }
        if let size = embedding.embeddingSize { c.embeddingSize = size }
        if let cell { c.encoderCell = cell; c.decoderCell = cell }
        if let encoderHiddenSize { c.encoderHiddenSize = encoderHiddenSize }
        if let encoderLayers { c.encoderLayers = encoderLayers }
        if let bidirectional { c.bidirectional = bidirectional }
        if let decoderHiddenSize { c.decoderHiddenSize = decoderHiddenSize }
        if let decoderLayers { c.decoderLayers = decoderLayers }
        if let attention { c.attention = attention }
        if let inputFeeding { c.inputFeeding = inputFeeding }
        if let dropout { c.dropout = dropout }
        if let labelSmoothing { c.labelSmoothing = labelSmoothing }
        if let maxLength { c.maxLength = maxLength }
        if let beamWidth { c.beamWidth = beamWidth }
        if let lengthPenalty { c.lengthPenalty = lengthPenalty }
    }
}
