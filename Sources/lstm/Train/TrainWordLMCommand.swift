import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps

extension WordLMPreset: ExpressibleByArgument {}
extension WordOutputLayer: ExpressibleByArgument {}

/// `lstm train wordlm`: a word-level LSTM language model (Zaremba et al. 2014) on Penn Treebank-style files.
struct TrainWordLMCommand: TaskTrainCommand {
    static let configuration = CommandConfiguration(
        commandName: "wordlm",
        abstract: "Train a word-level LSTM language model (Zaremba et al. 2014) on PTB-style files.",
        discussion: """
            --data DIR reads DIR/ptb.train.txt, DIR/ptb.valid.txt and DIR/ptb.test.txt
            (or give --train, --valid, --test files): whitespace-separated words, an
            <eos> token at every line end; the vocabulary is the training file's
            (at most --max-vocabulary words, the rest <unk>). Training is stateful
            truncated BPTT: the words are cut into --batch-size streams read
            --seq-length words per update, the state carried. The learning rate is
            multiplied by --lr-decay after every epoch from --decay-after on.
            Zaremba et al.'s lr and clip norm act on the loss summed over the steps
            of a batch (--sum-over-time, on by default): the trainer runs lr x steps
            and clip / steps on the per-word mean loss, the same SGD update.
            Presets (Zaremba et al.; every value can be overridden):
              small   2 x 200, no dropout, 13 epochs, batch 20, 20 steps, SGD lr 1,
                      halved after epoch 4, clip norm 5, init U(-0.1, 0.1)
              medium  2 x 650, dropout 0.5, 39 epochs, 35 steps, lr x 0.8 after
                      epoch 6, init U(-0.05, 0.05)
            --output-layer full | class (class-based softmax, frequency binning)
            | huffman (hierarchical softmax over a Huffman tree).
              lstm train wordlm --data /path/to/ptb --tie-embeddings --output runs/wordlm
              lstm evaluate runs/wordlm           (test perplexity)
              lstm sample runs/wordlm --prime "the company" --length 40
            The first command, the small preset with tied embeddings, reached test
            perplexity 108.8 in 31 minutes on 2 cores (docs/apps/wordlm.md).
            """
    )

    @Option(help: "A folder with ptb.train.txt, ptb.valid.txt and ptb.test.txt.")
    var data: String?
    @Option(help: "The training file (instead of --data's).")
    var train: String?
    @Option(help: "The validation file (best checkpoint).")
    var valid: String?
    @Option(help: "The test file (reported perplexity).")
    var test: String?
    @Option(help: "Zaremba et al.'s configuration: small or medium (default small).")
    var preset: WordLMPreset?
    @Option(help: "The output layer: full, class or huffman (default full).")
    var outputLayer: WordOutputLayer?
    @Option(parsing: .unconditional, help: "Classes of --output-layer class (default: about sqrt(V)).")
    var classCount: Int?
    @Option(parsing: .unconditional, help: "Word-vector size E (default: the preset's, = H).")
    var embeddingSize: Int?
    @Option(parsing: .unconditional, help: "LSTM state size H.")
    var hiddenSize: Int?
    @Option(parsing: .unconditional, help: "Stacked LSTM layers.")
    var layers: Int?
    @Option(parsing: .unconditional, help: "Dropout on every LSTM layer's outputs, in [0, 1).")
    var dropout: Double?
    @Option(parsing: .unconditional, help: "Dropout on the word vectors, in [0, 1).")
    var embeddingDropout: Double?
    @Flag(inversion: .prefixedNo, help: "Variational (locked) dropout: one mask per sequence for all its steps.")
    var variationalDropout: Bool?
    @Flag(inversion: .prefixedNo, help: "Tie the output weights to the embedding (full output layer, E = H).")
    var tieEmbeddings: Bool?
    @Option(parsing: .unconditional, help: "Initial weights U(-s, s) for every parameter.")
    var initScale: Double?
    @Flag(inversion: .prefixedNo, help: "Zaremba et al.'s scale: --learning-rate and --clip-norm act on the loss summed over the --seq-length steps (default on).")
    var sumOverTime: Bool?
    @Option(parsing: .unconditional, help: "Words per stream and update (truncated BPTT length).")
    var seqLength: Int?
    @Option(parsing: .unconditional, help: "Learning-rate factor per epoch after --decay-after epochs.")
    var lrDecay: Double?
    @Option(parsing: .unconditional, help: "Epochs at the full learning rate.")
    var decayAfter: Int?
    @Option(parsing: .unconditional, help: "The largest vocabulary (most frequent training words).")
    var maxVocabulary: Int?
    @Option(parsing: .unconditional, help: "Words of the sample printed after training (default 50; 0: none).")
    var sampleLength: Int?

    @OptionGroup var training: TrainingOptions
    @OptionGroup var common: CommonOptions

    typealias Task = WordLMTask
    var defaults: WordLMConfig { WordLMConfig.preset(preset ?? .small) }

    func apply(to c: inout WordLMConfig) throws {
        if let data {
            let folder = URL(fileURLWithPath: data)
            c.train = folder.appendingPathComponent("ptb.train.txt").path
            c.valid = folder.appendingPathComponent("ptb.valid.txt").path
            c.test = folder.appendingPathComponent("ptb.test.txt").path
        }
        if let train { c.train = train }
        if let valid { c.valid = valid }
        if let test { c.test = test }
        if let outputLayer { c.model.outputLayer = outputLayer }
        if let classCount { c.model.classCount = classCount }
        if let hiddenSize {
            c.model.hiddenSize = hiddenSize
            if embeddingSize == nil { c.model.embeddingSize = hiddenSize }
        }
        if let embeddingSize { c.model.embeddingSize = embeddingSize }
        if let layers { c.model.layerCount = layers }
        if let dropout { c.model.dropout = dropout }
        if let embeddingDropout { c.model.embeddingDropout = embeddingDropout }
        if let variationalDropout { c.model.variationalDropout = variationalDropout }
        if let tieEmbeddings { c.model.tieEmbeddings = tieEmbeddings }
        if let initScale { c.model.initScale = initScale }
        if let seqLength { c.seqLength = seqLength }
        if let sumOverTime { c.sumOverTime = sumOverTime }
        if let lrDecay { c.lrDecay = lrDecay }
        if let decayAfter { c.decayAfter = decayAfter }
        if let maxVocabulary { c.maxVocabulary = maxVocabulary }
        if let sampleLength { c.sampleLength = sampleLength }
    }
}
