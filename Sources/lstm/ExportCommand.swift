import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps

/// `lstm export`: a checkpoint as an ONNX model (ONNX Runtime and every other ONNX consumer can run it).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a checkpoint's network as an ONNX model (opset \(ONNXGraph.opsetVersion)).",
        discussion: """
            Exports the network of a `lstm train textgen`, `sentiment`, `classify` or `forecast` checkpoint in evaluation mode (no dropout) over one unpadded batch, T and B free: an ONNX LSTM, GRU or RNN node per layer (gate blocks reordered to ONNX's i,o,f,c and z,r,h; GRU with linear_before_reset = 1), Gather for the embedding, Gemm or MatMul for linear layers, ReduceMax, ReduceMean or attention pooling, and Softmax for class probabilities.

            textgen: ids [T, B] int64 and the states h_0, c_0 [L, B, H] (zeros start a text) give logits [T, B, V] and h_n, c_n. sentiment: ids [T, B] give logits and probabilities [B, C]. classify: raw features x [T, B, D] (the checkpoint's scaler is in the graph) give logits and probabilities. forecast: a scaled window [W, B, F] gives forecast [B, horizon]. The other models start from zero states.

            Unsupported models (other cells, an LSTM projection, zoneout, a Conv1D front-end, other tasks) stop with a one-line error naming what is unsupported.

            --sample-io writes a seeded sample input and LSTMKit's outputs for it as JSON ({"inputs": {name: {dtype, shape, data}}, "outputs": {...}}), so a checker can run the ONNX file on the same input (Scripts/check-onnx.py does, in ONNX Runtime).

              lstm export runs/textgen --onnx textgen.onnx --sample-io io.json --seed 1
            """
    )

    @Argument(help: "The checkpoint (.safetensors file, or a training output directory).")
    var checkpoint: String

    @Option(help: "The ONNX file to write (model.onnx).")
    var onnx: String

    @Option(help: "Also write a seeded sample input and LSTMKit's outputs for it (JSON).")
    var sampleIO: String?

    @Option(parsing: .unconditional, help: "Steps T of the sample input (1...1000).")
    var sampleSteps = 7

    @Option(parsing: .unconditional, help: "Batch size B of the sample input (1...1000).")
    var sampleBatch = 3

    @OptionGroup var common: CommonOptions

    func run() throws {
        for (name, value) in [("--sample-steps", sampleSteps), ("--sample-batch", sampleBatch)] where !(1...1000).contains(value) {
            throw CLIError("\(name) must be in 1...1000, got \(value)")
        }
        let loaded = try CLIError.wrapping { try TaskCheckpoint.load(checkpoint) }
        let export = try CLIError.wrapping {
            try ONNXExport(loaded, seed: common.seed ?? 0, steps: sampleSteps, batch: sampleBatch)
        }
        var sample: Data? = nil
        if sampleIO != nil {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            sample = try encoder.encode(export.sampleIO)
        }
        try write(export.model, to: onnx, option: "--onnx")
        if let sampleIO, let sample { try write(sample, to: sampleIO, option: "--sample-io") }
        try common.console.report(ONNXExportReport(checkpoint: checkpoint, export: export, onnx: onnx, sampleIO: sampleIO))
    }

    /// Writes through a temporary file and a rename, so `path` is either the old file or the whole new one.
    func write(_ data: Data, to path: String, option: String) throws {
        do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw CLIError("cannot write \(option) \(path) (\(error.localizedDescription))")
        }
    }
}
