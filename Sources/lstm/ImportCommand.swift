import ArgumentParser
import Foundation
import LSTMKitApps

/// `lstm import`: a PyTorch `state_dict` saved with safetensors as an LSTMKit checkpoint (docs/interop.md).
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a PyTorch state_dict (safetensors) as an LSTMKit checkpoint.",
        discussion: """
            Save the model in PyTorch with
              from safetensors.torch import save_file
              save_file(model.state_dict(), "model.safetensors")
            then import it --as
              lstm      an nn.LSTM saved on its own (for Swift code)
              gru       an nn.GRU saved on its own
              textgen   nn.Embedding + nn.LSTM/GRU + nn.Linear (a char-rnn);
                        needs --data (the text), and --vocabulary unless
                        the rows are sorted(set(text))
              classify  nn.LSTM/GRU + nn.Linear on the last layer's final h
                        of each direction; needs --data (its classes)
            Cell, sizes, layers and directions are read from the tensor
            names and shapes; the modules are found by their tensors,
            whatever their names. Float64 tensors are rounded to float32.
            More: docs/interop.md.
              lstm import m.safetensors --as textgen --data input.txt \\
                  --output runs/imported
              lstm sample runs/imported --prime "ROMEO:"
              lstm import c.safetensors --as classify --data train.csv \\
                  --output runs/clf
              lstm predict runs/clf --file test.csv
            """
    )

    @Argument(help: "The state_dict file (FILE.safetensors, from safetensors.torch.save_file).")
    var file: String

    @Option(name: .customLong("as"), help: "What the file holds (see above).")
    var target: PyTorchImport.Target

    @Option(help: "The checkpoint to write: FILE.safetensors, or any other path a directory DIR that gets DIR/best.safetensors (what lstm sample/evaluate/predict DIR read).")
    var output: String

    @Option(help: "Import only the tensors whose names start with this (e.g. model. or lstm.); default: remove the prefix every name shares.")
    var prefix: String?

    @Option(help: "textgen: the training text (the vocabulary, and what `lstm evaluate` scores); classify: the labeled sequences (CSV or .ts, as `lstm train classify --data`).")
    var data: String?

    @Option(help: "textgen: a JSON list of the characters in embedding-row order (default: sorted(set(text)) of --data).")
    var vocabulary: String?

    @Option(help: "classify: the class names of the outputs in order, comma-separated; checked against the classes of --data.")
    var classes: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        if target != .textgen, vocabulary != nil { throw CLIError("--vocabulary applies to --as textgen only") }
        if target != .classify, classes != nil { throw CLIError("--classes applies to --as classify only") }
        if target == .lstm || target == .gru, data != nil { throw CLIError("--data applies to --as textgen and classify only") }
        let options = PyTorchImport.Options(
            prefix: prefix, data: data, vocabulary: vocabulary,
            classes: classes.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } })
        let report = try CLIError.wrapping { try PyTorchImport.run(file, as: target, options: options, output: output) }
        try common.console.report(report)
    }
}

extension PyTorchImport.Target: ExpressibleByArgument {}
