import ArgumentParser
import LSTMKit
import LSTMKitApps

extension ClassifyDataset: ExpressibleByArgument {}
extension SequenceClassifierConfig.Pooling: ExpressibleByArgument {}

/// `lstm train classify`: a recurrent sequence classifier on a built-in dataset or your own sequences.
struct TrainClassifyCommand: TaskTrainCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Train a recurrent sequence classifier (built-in datasets, UCR/UEA .ts pairs, or a CSV).",
        discussion: """
            Built-in datasets (--dataset) and their defaults (cell H x layers,
            pooling, epochs, batch, learning rate):
              digits  8x8 digits, 80/10/10     bi-lstm 64x1 last, 40, 32, 0.003
              mnist   MNIST-5k rows, 80/10/10  lstm 128x1 last, 30, 64, 0.002
              hapt    UCI HAPT by subject;     lstm 64x2 mean, 15, 64, 0.003,
                      --data required          dropout 0.2
              vowels  Japanese Vowels, test    bi-lstm 64x1 last, 60, 16, 0.003,
                      file; validation 20%     validation fraction 0.2
            Your data (--data): a UCR/UEA .ts pair (the *_TRAIN.ts file or a folder
            with one *_TRAIN.ts and *_TEST.ts), or a CSV of labeled sequences: one
            row per step with --id-column, --label-column, optional --time-column
            and feature columns (or one row per sequence: label,v1,v2,...); see
            docs/apps/classify.md. Features are standardized with the training
            part's statistics. The best checkpoint has the best validation accuracy.
              lstm train classify --dataset digits
              lstm train classify --data BasicMotions/ --cell gru --epochs 50
            A Conv1D front-end (CNN-LSTM): --conv-channels C [--conv-kernel K]
            [--conv-layers N] [--conv-pool P].
            """
    )

    @Option(help: "A built-in dataset.")
    var dataset: ClassifyDataset?

    @Option(parsing: .unconditional, help: "CSV data: fraction held out for test (default 0.1).")
    var testFraction: Double?

    @Option(help: "CSV data: the sequence-id column (default id; without it the CSV is one row per sequence).")
    var idColumn: String?

    @Option(help: "CSV data: the label column (default label).")
    var labelColumn: String?

    @Option(help: "CSV data: a column that orders the steps of a sequence (default: file order).")
    var timeColumn: String?

    @Option(help: "CSV data: the feature columns, comma-separated (default: every other column).")
    var features: String?

    @Flag(help: ".ts data: drop the steps with a missing value ('?') instead of stopping.")
    var dropMissing = false

    @Option(help: "How the outputs become one vector.")
    var pooling: SequenceClassifierConfig.Pooling?

    @Option(parsing: .unconditional,
            help: "Channels of a Conv1D front-end before the recurrent stack (CNN-LSTM); 0: none (default: none).")
    var convChannels: Int?

    @Option(parsing: .unconditional, help: "Front-end: kernel size over time, 'same' padding (default 5).")
    var convKernel: Int?

    @Option(parsing: .unconditional, help: "Front-end: convolution + ReLU blocks (default 1).")
    var convLayers: Int?

    @Option(parsing: .unconditional, help: "Front-end: max-pooling window over time after the blocks; 1: none (default 1).")
    var convPool: Int?

    @OptionGroup var input: DataOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup var training: TrainingOptions
    @OptionGroup var common: CommonOptions

    typealias Task = ClassifyTask

    var defaults: ClassifyConfig {
        var defaults = dataset?.defaults ?? ClassifyConfig()
        if dataset == nil, let data = input.data { defaults.output = "runs/classify-" + Self.name(data) }
        return defaults
    }

    func apply(to c: inout ClassifyConfig) throws {
        if let data = input.data { c.data = data }
        if let fraction = input.validationFraction { c.validationFraction = fraction }
        if let testFraction { c.testFraction = testFraction }
        if let idColumn { c.idColumn = idColumn }
        if let labelColumn { c.labelColumn = labelColumn }
        if let timeColumn { c.timeColumn = timeColumn }
        if let features { c.features = features.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        if dropMissing { c.dropMissing = true }
        if let pooling { c.pooling = pooling }
        if let convChannels {
            if convChannels == 0 { c.conv = nil } else { c.conv = c.conv ?? ConvFrontEndConfig(channels: convChannels) }
            c.conv?.channels = convChannels
        }
        for (value, name) in [(convKernel, "--conv-kernel"), (convLayers, "--conv-layers"), (convPool, "--conv-pool")]
        where value != nil && c.conv == nil {
            throw CLIError("\(name) needs a front-end: give --conv-channels too")
        }
        if let convKernel { c.conv?.kernelSize = convKernel }
        if let convLayers { c.conv?.layerCount = convLayers }
        if let convPool { c.conv?.pool = convPool }
        model.apply(to: &c.model)
        if let dropout = model.dropout { c.dropout = dropout }
    }

    /// "BasicMotions" for "data/BasicMotions_TRAIN.ts" or "data/BasicMotions/".
    static func name(_ path: String) -> String {
        var name = path.split(separator: "/").last.map(String.init) ?? "data"
        for suffix in ["_TRAIN.ts", "_train.ts", ".csv.gz", ".csv", ".ts"] where name.hasSuffix(suffix) {
            name = String(name.dropLast(suffix.count))
        }
        return name
    }
}
