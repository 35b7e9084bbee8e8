import Foundation
import LSTMKit

/// A seeded sample input of an exported model and LSTMKit's own outputs for it, by graph input and output
/// name (what `lstm export --sample-io` writes, so a checker can run the ONNX file on the same input).
public struct ONNXSampleIO: Codable, Equatable, Sendable {
    /// One tensor: "float32" or "int64", its shape, and its values row-major (floats exactly as Float).
    public struct Value: Codable, Equatable, Sendable {
        public var dtype: String
        public var shape: [Int]
        public var data: [Double]
    }

    public var task: String
    public var seed: UInt64
    public var inputs: [String: Value]
    public var outputs: [String: Value]

    static func float(_ t: Tensor<Float>) -> Value { Value(dtype: "float32", shape: t.shape, data: t.scalars.map(Double.init)) }
    static func int64(_ v: [Int], _ shape: [Int]) -> Value { Value(dtype: "int64", shape: shape, data: v.map(Double.init)) }
}

/// An ONNX model built from a task checkpoint, with a sample input and LSTMKit's outputs for it.
///
/// The graph is the task's network in evaluation mode (no dropout) on one unpadded batch, from zero states
/// except textgen's, which takes its states as inputs (so generation can carry them):
///
///     textgen    ids [T, B] int64, h_0 (, c_0) [L, B, H] -> Gather -> LSTM/GRU/RNN layers -> MatMul + Add ->
///                logits [T, B, V]; h_n (, c_n) [L, B, H]
///     sentiment  ids [T, B] int64 -> Gather -> layers -> ReduceMax | ReduceMean | attention -> Gemm -> logits [B, C],
///                Softmax -> probabilities [B, C]
///     classify   x [T, B, D] float (raw features) -> Mul + Add (the checkpoint's standard scaler) -> layers ->
///                last h_n | ReduceMean -> Gemm -> logits, probabilities
///     forecast   window [W, B, F] float (scaled, transformed as in training) -> layers -> last step -> Gemm ->
///                forecast [B, horizon] (scaled)
public struct ONNXExport {
    /// The serialized `onnx.ModelProto`.
    public let model: Data
    public let sampleIO: ONNXSampleIO
    /// The operator types the graph uses.
    public let operators: [String]

    /// The tasks whose checkpoints export.
    public static let supportedTasks = [TextgenTask.name, SentimentTask.name, ClassifyTask.name, ForecastTask.name]

    /// Builds the ONNX model of `loaded`, and a sample of `steps` x `batch` drawn from `seed` run through LSTMKit.
    /// Throws `ONNXExportError` naming what is unsupported (task, cell, projection, zoneout, front-end).
    public init(_ loaded: LoadedModel, seed: UInt64 = 0, steps: Int = 7, batch: Int = 3) throws {
        let rng = RandomSource(seed: seed)
        let graph = ONNXGraph(name: loaded.taskName)
        var inputs: [String: ONNXSampleIO.Value] = [:], outputs: [String: ONNXSampleIO.Value] = [:]
        switch loaded {
        case .textgen(let m):
            let net = m.network, v = net.config.vocabularySize, r = net.config.recurrent
            // The state in and out ([L, B, H] each, h and for an LSTM c) carries generation from call to call.
            let layers = r.layerCount * (r.bidirectional ? 2 : 1), isLSTM = r.cell == .lstm
            let stateShape: [ONNXDimension] = [.fixed(layers), "B", .fixed(r.hiddenSize)]
            let ids = graph.input("ids", .int64, shape: ["T", "B"])
            let h0 = graph.input("h_0", .float, shape: stateShape)
            let c0 = isLSTM ? graph.input("c_0", .float, shape: stateShape) : nil
            let rec = try graph.recurrent(net.recurrent, input: graph.embedding(net.embedding, ids: ids),
                                          initialH: h0, initialC: c0)
            graph.output("logits", graph.linear(net.head, input: rec.outputs, rank: 3, name: "head"), .float,
                         shape: ["T", "B", .fixed(v)])
            graph.output("h_n", rec.finalH, .float, shape: stateShape)
            if let c = rec.finalC { graph.output("c_n", c, .float, shape: stateShape) }
            let sample = (0..<(steps * batch)).map { _ in rng.int(in: 0..<v) }
            let initial = (isLSTM ? ["h_0", "c_0"] : ["h_0"]).map { name in
                (name, Tensor<Float>.randomUniform([layers, batch, r.hiddenSize], low: -0.5, high: 0.5, using: rng))
            }
            let start = (0..<layers).map { l in
                EncoderState(components: initial.map { $0.1.slice(axis: 0, l..<(l + 1)).reshaped([batch, r.hiddenSize]) })
            }
            let (logits, states) = withoutGrad { net(sample, shape: [steps, batch], states: start) }
            inputs["ids"] = ONNXSampleIO.int64(sample, [steps, batch])
            for (name, value) in initial { inputs[name] = ONNXSampleIO.float(value) }
            outputs["logits"] = ONNXSampleIO.float(logits)
            for (k, name) in ["h_n", "c_n"].enumerated() where k < states[0].components.count {
                let parts = states.map { $0.components[k] }                                   // each [B, H]
                outputs[name] = ONNXSampleIO.float(Tensor.stack(parts, axis: 0))              // [L*dirs, B, H]
            }
        case .sentiment(let m):
            let net = m.network, c = net.config
            let ids = graph.input("ids", .int64, shape: ["T", "B"])
            let h = try graph.recurrent(net.recurrent, input: graph.embedding(net.embedding, ids: ids)).outputs
            let pooled: String                                                                // [B, F]
            switch c.pooling {
            case .max: pooled = graph.reduce("ReduceMax", h, axis: 0)
            case .mean: pooled = graph.reduce("ReduceMean", h, axis: 0)
            case .attention:
                let hidden = graph.node("Tanh", [graph.linear(net.attentionHidden!, input: h, rank: 3, name: "attention")])[0]
                let scores = graph.linear(net.attentionScore!, input: hidden, rank: 3, name: "attention_score")  // [T, B, 1]
                let weights = graph.softmax(scores, axis: 0)
                pooled = graph.reduceSum(graph.node("Mul", [weights, h])[0], axis: 0)
            }
            Self.classifierOutputs(graph, net.output, pooled, classes: c.classCount)
            let sample = (0..<(steps * batch)).map { _ in c.vocabularySize > 1 ? rng.int(in: 1..<c.vocabularySize) : 0 }
            let logits = withoutGrad { net.logits(ids: sample, lengths: Array(repeating: steps, count: batch)) }
            inputs["ids"] = ONNXSampleIO.int64(sample, [steps, batch])
            outputs["logits"] = ONNXSampleIO.float(logits)
            outputs["probabilities"] = ONNXSampleIO.float(softmax(logits, axis: 1))
        case .classify(let m):
            let net = m.network, c = net.config
            if c.conv != nil { throw ONNXExportError("the classifier's Conv1D front-end is not exported (classify --conv)") }
            // The checkpoint's standard scaler first (x * multiplier + offset per feature), so x is raw features.
            let raw = graph.input("x", .float, shape: ["T", "B", .fixed(c.inputSize)])
            let multipliers = graph.initializer("scaler.multipliers", shape: [c.inputSize], m.scaler.multipliers.map(Float.init))
            let offsets = graph.initializer("scaler.offsets", shape: [c.inputSize], m.scaler.offsets.map(Float.init))
            let x = graph.node("Add", [graph.node("Mul", [raw, multipliers])[0], offsets])[0]
            let rec = try graph.recurrent(net.recurrent, input: x)
            let pooled = c.pooling == .last ? rec.lastLayerFinalH : graph.reduce("ReduceMean", rec.outputs, axis: 0)
            Self.classifierOutputs(graph, net.head, pooled, classes: c.classCount)
            let sample = Tensor<Float>.randomNormal([steps, batch, c.inputSize], using: rng)
            let logits = withoutGrad { net(m.scaler.transform(sample)) }
            inputs["x"] = ONNXSampleIO.float(sample)
            outputs["logits"] = ONNXSampleIO.float(logits)
            outputs["probabilities"] = ONNXSampleIO.float(softmax(logits, axis: 1))
        case .forecast(let m):
            let net = m.network, r = net.recurrent.config
            let window = graph.input("window", .float, shape: ["T", "B", .fixed(r.inputSize)])
            let last = graph.lastStep(try graph.recurrent(net.recurrent, input: window).outputs)   // [B, O]
            graph.output("forecast", graph.linear(net.head, input: last, rank: 2, name: "head"), .float,
                         shape: ["B", .fixed(net.head.outputSize)])
            let sample = Tensor<Float>.randomNormal([steps, batch, r.inputSize], using: rng)
            inputs["window"] = ONNXSampleIO.float(sample)
            outputs["forecast"] = ONNXSampleIO.float(withoutGrad { net(sample) })
        default:
            throw ONNXExportError("a \(loaded.taskName) checkpoint cannot be exported; supported tasks: " +
                                  Self.supportedTasks.joined(separator: ", "))
        }
        model = try graph.serializedData(docString: "Exported by LSTMKit from a \(loaded.taskName) checkpoint")
        operators = graph.operatorTypes
        sampleIO = ONNXSampleIO(task: loaded.taskName, seed: seed, inputs: inputs, outputs: outputs)
    }

    /// The outputs of a classifier: logits = Gemm(pooled) [B, C] and probabilities = Softmax(logits) [B, C].
    static func classifierOutputs(_ graph: ONNXGraph, _ head: Linear<Float>, _ pooled: String, classes: Int) {
        let logits = graph.linear(head, input: pooled, rank: 2, name: "head")
        graph.output("logits", logits, .float, shape: ["B", .fixed(classes)])
        graph.output("probabilities", graph.softmax(logits, axis: 1), .float, shape: ["B", .fixed(classes)])
    }
}

/// What `lstm export` reports.
public struct ONNXExportReport: TaskReport {
    public var checkpoint: String
    public var task: String
    public var onnx: String
    public var bytes: Int
    public var opset: Int
    public var operators: [String]
    public var inputs: [String]
    public var outputs: [String]
    public var sampleIO: String?

    public init(checkpoint: String, export: ONNXExport, onnx: String, sampleIO: String?) {
        self.checkpoint = checkpoint
        task = export.sampleIO.task
        self.onnx = onnx
        bytes = export.model.count
        opset = ONNXGraph.opsetVersion
        operators = export.operators
        inputs = export.sampleIO.inputs.keys.sorted()
        outputs = export.sampleIO.outputs.keys.sorted()
        self.sampleIO = sampleIO
    }

    public var lines: [String] {
        ["Exported the \(task) model of \(checkpoint) to \(onnx) (\(bytes) bytes, ONNX opset \(opset))",
         "  inputs: \(inputs.joined(separator: ", ")); outputs: \(outputs.joined(separator: ", "))",
         "  operators: \(operators.joined(separator: ", "))"]
            + (sampleIO.map { ["  sample input and LSTMKit's outputs: \($0)"] } ?? [])
    }
}
