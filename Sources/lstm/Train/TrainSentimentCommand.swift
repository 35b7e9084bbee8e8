import ArgumentParser
import LSTMKit
import LSTMKitApps

extension SentimentPooling: ExpressibleByArgument {}

/// `lstm train sentiment`: a (Bi)LSTM text classifier, MR movie-review polarity by default.
struct TrainSentimentCommand: TaskTrainCommand {
    static let configuration = CommandConfiguration(
        commandName: "sentiment",
        abstract: "Train a (Bi)LSTM text classifier (MR movie-review polarity by default, or your texts).",
        discussion: """
            --data: a directory with rt-polarity.pos and rt-polarity.neg (MR, the
            default: Data/mr-sentence-polarity), a
            directory of per-class folders of text files (DIR/pos/*.txt, ...), or
            a CSV with --text-column and --label-column. The texts are split
            80/10/10 (stratified, split seed 0, independent of --seed); the
            vocabulary comes from the training part. The best checkpoint has the
            best validation accuracy; test scores of best and last are printed.
            Defaults: BiLSTM 150 per direction, embedding 300, max pooling,
            dropout 0.5, Adam 0.001, batch 32, 10 epochs, patience 3, clip norm 5.
              lstm train sentiment --output runs/sentiment
              lstm predict runs/sentiment "a gorgeous, witty, seductive movie."
            """
    )

    @Option(help: "CSV data: the column with the text (default text).")
    var textColumn: String?

    @Option(help: "CSV data: the column with the label (default label).")
    var labelColumn: String?

    @Option(parsing: .unconditional, help: "Keep only the first N tokens of each text (for long documents).")
    var maxTokens: Int?

    @Option(parsing: .unconditional, help: "Words seen fewer times in the training part become <unk> (default 1).")
    var minCount: Int?

    @Option(help: "How the word outputs become one vector (default max).")
    var pooling: SentimentPooling?

    @Option(parsing: .unconditional, help: "Dropout on the word vectors, in [0, 1) (default 0.5).")
    var embeddingDropout: Double?

    @OptionGroup var input: DataOptions
    @OptionGroup var embedding: EmbeddingOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup var training: TrainingOptions
    @OptionGroup var common: CommonOptions

    typealias Task = SentimentTask
    var defaults: SentimentConfig { SentimentConfig() }

    func apply(to c: inout SentimentConfig) throws {
        if let data = input.data { c.data = data }
        if let textColumn { c.textColumn = textColumn }
        if let labelColumn { c.labelColumn = labelColumn }
        if let maxTokens { c.maxTokens = maxTokens }
        if let minCount { c.minCount = minCount }
        if let fraction = input.validationFraction {
            // Training takes what the test part (0.1) and validation leave: 0.9 - the fraction.
            if !(fraction > 0 && fraction < 0.9) {
                throw ConfigError("validationFraction", "must be in (0, 0.9) (the test part keeps 0.1), got \(fraction)")
            }
            c.validationFraction = fraction
            c.trainFraction = 0.9 - fraction
        }
        if let size = embedding.embeddingSize { c.embeddingSize = size }
        if let pooling { c.pooling = pooling }
        if let embeddingDropout { c.embeddingDropout = embeddingDropout }
        model.apply(to: &c.model)
        if let dropout = model.dropout { c.dropout = dropout }
    }
}
