import Foundation
import LSTMKit

/// The full, class-based and Huffman-tree softmax side by side on the same data, model and budget
/// (`lstm demo output-layers`): each is trained with `WordLMTask.train` for the same number of steps, then
/// timed on the first training batch: the output layer's forward and backward alone (on the LSTM's
/// outputs for that batch, detached) and a whole step's forward and backward (embedding, LSTM, output
/// layer), each the median of `repeats` runs.
public struct OutputLayerComparison: TaskReport {
    public struct Row: Codable, Equatable, Sendable {
        public var outputLayer: String
        /// Forward + backward of the output layer for one batch, milliseconds (median).
        public var outputLayerMilliseconds: Double
        /// Forward + backward of the whole model for one batch, milliseconds (median; no optimizer update).
        public var stepMilliseconds: Double
        public var steps: Int
        public var trainingSeconds: Double
        public var validPerplexity: Double
        public var testPerplexity: Double
    }

    public var task = "output-layers"
    public var batch: String
    public var rows: [Row]

    public var lines: [String] {
        var lines = ["\(batch)",
                     "output layer  output fwd+bwd ms  speed-up  step fwd+bwd ms  speed-up  steps  train s  valid ppl  test ppl  vs full"]
        let full = rows.first { $0.outputLayer == WordOutputLayer.full.rawValue }
        for r in rows {
            let outSpeed = full.map { $0.outputLayerMilliseconds / r.outputLayerMilliseconds } ?? .nan
            let stepSpeed = full.map { $0.stepMilliseconds / r.stepMilliseconds } ?? .nan
            let relative = full.map { r.testPerplexity / $0.testPerplexity - 1 } ?? .nan
            let name = r.outputLayer.padding(toLength: 12, withPad: " ", startingAt: 0)
            lines.append(name + String(format: "  %17.2f  %7.2fx  %15.2f  %7.2fx  %5d  %7.0f  %9.2f  %8.2f  %+6.1f%%",
                                r.outputLayerMilliseconds, outSpeed, r.stepMilliseconds,
                                stepSpeed, r.steps, r.trainingSeconds, r.validPerplexity, r.testPerplexity, relative * 100))
        }
        return lines
    }
}

extension WordLMTask {
    /// Trains `config` once per output layer (outputs in `config.output`/<layer>) and measures each.
    public static func compareOutputLayers(_ config: WordLMConfig, layers: [WordOutputLayer] = WordOutputLayer.allCases,
                                           repeats: Int = 10, observer: TaskObserver) throws -> OutputLayerComparison {
        try Check.atLeast(repeats, 1, "repeats")
        var rows: [OutputLayerComparison.Row] = []
        var batchText = ""
        for layer in layers {
            var c = config
            c.model.outputLayer = layer
            c.output = URL(fileURLWithPath: config.output).appendingPathComponent(layer.rawValue).path
            c.sampleLength = 0
            observer.say("--- output layer \(layer.rawValue)")
            let report = try train(c, resume: false, observer: observer)
            let model = try load(URL(fileURLWithPath: report.training.best))
            let train = try readWords(absolutePath(c.train), option: "train", maxVocabulary: c.maxVocabulary)
            let batch = TruncatedTextBatches(train, batchSize: c.training.batchSize, k1: c.seqLength, k2: c.seqLength)[0].batch
            let network = model.network
            network.train()
            let rowsH = withoutGrad {
                network.hidden(batch.inputs, shape: batch.shape, states: nil).outputs
                    .reshaped([batch.inputs.count, c.model.hiddenSize])
            }.detached().requiringGrad()
            func median(_ body: () -> Void) -> Double {
                var times: [Double] = []
                for _ in 0..<repeats {
                    let start = Date()
                    body()
                    times.append(Date().timeIntervalSince(start) * 1000)
                    network.zeroGrad()
                }
                return times.sorted()[times.count / 2]
            }
            let output = median { network.outputLoss(rowsH, targets: batch.targets).backward() }
            let step = median { network.loss(batch, states: nil).loss.backward() }
            batchText = "batch [T, B] = [\(batch.steps), \(batch.batchSize)] (\(batch.inputs.count) words), H = " +
                        "\(c.model.hiddenSize), V = \(report.vocabularySize); medians of \(repeats) runs"
            rows.append(.init(outputLayer: layer.rawValue, outputLayerMilliseconds: output, stepMilliseconds: step,
                              steps: report.training.steps, trainingSeconds: report.training.seconds,
                              validPerplexity: report.valid.perplexity, testPerplexity: report.test.perplexity))
        }
        return OutputLayerComparison(batch: batchText, rows: rows)
    }
}
