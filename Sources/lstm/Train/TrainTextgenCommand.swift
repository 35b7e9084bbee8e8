import ArgumentParser
import LSTMKit
import LSTMKitApps

/// `lstm train textgen`: a character language model (char-rnn) on a text file, tiny-shakespeare by default.
struct TrainTextgenCommand: TaskTrainCommand {
    static let configuration = CommandConfiguration(
        commandName: "textgen",
        abstract: "Train a character language model (embedding -> recurrent stack -> linear) on a UTF-8 text.",
        discussion: """
            --data: a UTF-8 text file (default Data/tiny-shakespeare/input.txt);
            the LAST --validation-fraction (0.1) of it is validation. Training is
            stateful truncated backpropagation through time: the text is cut into
            --batch-size streams; each update reads --seq-length new characters
            of every stream (or k1 with --tbptt k1,k2, backpropagating k2), the
            state carried from update to update. Evaluates and checkpoints every
            --eval-every steps; best.safetensors has the best validation loss.
            Defaults: LSTM 256 x 2, embedding 64, Adam 0.002 with a cosine decay
            to a tenth, clip norm 5, batch 64, seq length 100, 2000 steps.
              lstm train textgen --output runs/textgen
              lstm sample runs/textgen --prime "ROMEO:" --length 500
              lstm evaluate runs/textgen
            """
    )

    @Option(parsing: .unconditional, help: "Characters per stream and update, k1 = k2 (default 100).")
    var seqLength: Int?

    @Option(help: "k1,k2: k1 new characters per update, gradients through the last k2 (k1 <= k2).")
    var tbptt: TBPTTOption?

    @Option(parsing: .unconditional, help: "Characters of the sample printed after training (default 300; 0: none).")
    var sampleLength: Int?

    @OptionGroup var input: DataOptions
    @OptionGroup var embedding: EmbeddingOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup var training: TrainingOptions
    @OptionGroup var common: CommonOptions

    typealias Task = TextgenTask
    var defaults: TextgenConfig { TextgenConfig() }

    func apply(to c: inout TextgenConfig) throws {
        if let data = input.data { c.data = data }
        if let fraction = input.validationFraction { c.validationFraction = fraction }
        if let size = embedding.embeddingSize { c.embeddingSize = size }
        if let seqLength { c.seqLength = seqLength }
        if let tbptt {
            c.updateEvery = tbptt.k1
            c.seqLength = tbptt.k2
        }
        if let sampleLength { c.sampleLength = sampleLength }
        model.apply(to: &c.model)
        if let dropout = model.dropout { c.dropout = dropout }
    }
}
