import ArgumentParser
import LSTMKit
import LSTMKitApps

extension SSTModelKind: ExpressibleByArgument {}

/// `lstm train sst`: Tree-LSTM or BiLSTM sentiment on the Stanford Sentiment Treebank.
struct TrainSSTCommand: TaskTrainCommand {
    static let configuration = CommandConfiguration(
        commandName: "sst",
        abstract: "Train a Tree-LSTM (Tai et al. 2015) or a BiLSTM on the Stanford Sentiment Treebank.",
        discussion: """
            --data: a folder with SST's train.txt, dev.txt and test.txt (one
            bracketed tree per line, a label 0-4 on every node; the treebank's
            licence keeps it out of the repository). --classes 5 predicts the
            root's label (fine-grained); --classes 2 drops neutral sentences
            and maps 0-1 to negative, 3-4 to positive (binary). The tree model
            is trained on every labeled phrase, the BiLSTM on sentences; both
            are scored on the root. The best checkpoint has the best dev
            accuracy. Defaults: embedding 300 (random, lower-cased words),
            hidden 150, dropout 0.5, Adagrad 0.05, batch 25, 10 epochs.
              lstm train sst --data DIR --model tree --classes 2 --output runs/sst-tree-2
              lstm evaluate runs/sst-tree-2
            """
    )

    @Option(help: "The model: tree (binary Tree-LSTM) or bilstm (default tree).")
    var model: SSTModelKind?

    @Option(parsing: .unconditional, help: "5 (fine-grained) or 2 (binary) (default 5).")
    var classes: Int?

    @Option(parsing: .unconditional, help: "Words seen fewer times in train.txt become <unk> (default 1).")
    var minCount: Int?

    @Option(parsing: .unconditional, help: "State size H (per direction for the BiLSTM; default 150).")
    var hiddenSize: Int?

    @Option(parsing: .unconditional, help: "Dropout before the output layer, in [0, 1) (default 0.5).")
    var dropout: Double?

    @Option(parsing: .unconditional, help: "Dropout on the word vectors, in [0, 1) (default 0.5).")
    var embeddingDropout: Double?

    @Flag(inversion: .prefixedNo, help: "Lower-case every word (default on).")
    var lowercase: Bool?

    @Option(help: "The folder with train.txt, dev.txt and test.txt.")
    var data: String?

    @OptionGroup var embedding: EmbeddingOptions
    @OptionGroup var training: TrainingOptions
    @OptionGroup var common: CommonOptions

    typealias Task = SSTTask
    var defaults: SSTConfig { SSTConfig() }

    func apply(to c: inout SSTConfig) throws {
        if let data { c.data = data }
        if let model { c.model = model }
        if let classes { c.classes = classes }
        if let minCount { c.minCount = minCount }
        if let hiddenSize { c.hiddenSize = hiddenSize }
        if let dropout { c.dropout = dropout }
        if let embeddingDropout { c.embeddingDropout = embeddingDropout }
        if let lowercase { c.lowercase = lowercase }
        if let size = embedding.embeddingSize { c.embeddingSize = size }
    }
}
