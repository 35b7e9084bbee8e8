import Foundation
import Testing
@testable import LSTMKit

/// The exported proto parsed back: model header, nodes, attributes, initializer names and shapes, and the
/// gate blocks of W, R and B against the PyTorch-layout weights they come from (sizes D = 5, H = 4, B and T
/// free, two layers, so a swapped axis or block cannot pass).
@Suite struct ONNXGraphTests {
    /// `encoder` read by an exported graph, parsed back from its bytes.
    func roundTrip(_ encoder: RecurrentEncoder<Float>) throws -> Onnx_ModelProto {
        let graph = ONNXGraph(name: "test")
        let x = graph.input("x", .float, shape: ["T", "B", .fixed(encoder.config.inputSize)])
        let r = try graph.recurrent(encoder, input: x)
        graph.output("y", r.outputs, .float, shape: ["T", "B", .fixed(encoder.config.outputSize)])
        graph.output("h_n", r.finalH, .float, shape: [4, "B", 4])
        return try Onnx_ModelProto(serializedBytes: try graph.serializedData())
    }

    func initializer(_ model: Onnx_ModelProto, _ name: String) throws -> Onnx_TensorProto {
        try #require(model.graph.initializer.first { $0.name == name }, "no initializer \(name)")
    }

    func attribute(_ node: Onnx_NodeProto, _ name: String) throws -> Onnx_AttributeProto {
        try #require(node.attribute.first { $0.name == name }, "\(node.opType) has no attribute \(name)")
    }

    /// Rows k * H ..< (k + 1) * H of a [G*H, C] matrix (a gate block).
    func block(_ w: [Float], _ k: Int, h: Int, columns: Int) -> [Float] {
        Array(w[(k * h * columns)..<((k + 1) * h * columns)])
    }

    @Test func bidirectionalStackedLSTMRoundTrips() throws {
        let config = RecurrentEncoderConfig(cell: .lstm, inputSize: 5, hiddenSize: 4, layerCount: 2, bidirectional: true)
        let encoder = RecurrentEncoder<Float>(config, rng: RandomSource(seed: 3))
        let model = try roundTrip(encoder)
        #expect(model.irVersion == 8 && model.opsetImport.map(\.version) == [17] && model.opsetImport[0].domain == "")
        #expect(model.producerName == "LSTMKit" && model.graph.input.map(\.name) == ["x"])
        #expect(model.graph.output.map(\.name) == ["y", "h_n"])
        let dims = model.graph.input[0].type.tensorType.shape.dim
        #expect(dims.map(\.dimParam) == ["T", "B", ""] && dims[2].dimValue == 5)
        #expect(model.graph.node.map(\.opType) ==
                ["LSTM", "Transpose", "Reshape", "LSTM", "Transpose", "Reshape", "Transpose", "Reshape", "Concat",
                 "Concat", "Identity", "Identity"])      // h_n and c_n (unused here) concatenate the layers' states
        let lstm = model.graph.node.filter { $0.opType == "LSTM" }
        for node in lstm {
            #expect(try attribute(node, "hidden_size").i == 4)
            #expect(try attribute(node, "direction").s == Data("bidirectional".utf8))
            #expect(node.output.count == 3)
        }
        // Layer 1 reads layer 0's [T, B, 2H] output.
        #expect(lstm[1].input[0] == model.graph.node[2].output[0])
        let parameters = Dictionary(encoder.namedParameters().map { ($0.path, $0.parameter.data.scalars) },
                                    uniquingKeysWith: { a, _ in a })
        for (l, width) in [(0, 5), (1, 8)] {
            let w = try initializer(model, "lstm\(l).W"), r = try initializer(model, "lstm\(l).R")
            let b = try initializer(model, "lstm\(l).B")
            #expect(w.dims == [2, 16, Int64(width)] && r.dims == [2, 16, 4] && b.dims == [2, 32])
            #expect(lstm[l].input == ["lstm\(l).W", "lstm\(l).R", "lstm\(l).B"].reduce(into: [lstm[l].input[0]]) { $0.append($1) })
            for (d, prefix) in [(0, "layers.\(l).cell."), (1, "reverseLayers.\(l).cell.")] {
                let wd = Array(w.floatData[(d * 16 * width)..<((d + 1) * 16 * width)])
                let rd = Array(r.floatData[(d * 64)..<((d + 1) * 64)])
                let bd = Array(b.floatData[(d * 32)..<((d + 1) * 32)])
                let (wih, whh) = (parameters[prefix + "weightIH"]!, parameters[prefix + "weightHH"]!)
                let (bih, bhh) = (parameters[prefix + "biasIH"]!, parameters[prefix + "biasHH"]!)
                // ONNX (i, o, f, c) from PyTorch (i, f, g, o).
                for (onnx, pytorch) in [(0, 0), (1, 3), (2, 1), (3, 2)] {
                    #expect(block(wd, onnx, h: 4, columns: width) == block(wih, pytorch, h: 4, columns: width))
                    #expect(block(rd, onnx, h: 4, columns: 4) == block(whh, pytorch, h: 4, columns: 4))
                    #expect(block(bd, onnx, h: 4, columns: 1) == block(bih, pytorch, h: 4, columns: 1))
                    #expect(block(bd, 4 + onnx, h: 4, columns: 1) == block(bhh, pytorch, h: 4, columns: 1))
                }
            }
        }
    }

    @Test func gruIsReorderedWithLinearBeforeReset() throws {
        let config = RecurrentEncoderConfig(cell: .gru, inputSize: 5, hiddenSize: 4)
        let encoder = RecurrentEncoder<Float>(config, rng: RandomSource(seed: 4))
        let model = try roundTrip(encoder)
        let gru = try #require(model.graph.node.first { $0.opType == "GRU" })
        #expect(try attribute(gru, "linear_before_reset").i == 1)
        #expect(try attribute(gru, "direction").s == Data("forward".utf8) && gru.output.count == 2)
        let w = try initializer(model, "gru0.W"), b = try initializer(model, "gru0.B")
        #expect(w.dims == [1, 12, 5] && b.dims == [1, 24])
        let p = Dictionary(encoder.namedParameters().map { ($0.path, $0.parameter.data.scalars) }, uniquingKeysWith: { a, _ in a })
        // ONNX (z, r, h) from PyTorch (r, z, n).
        for (onnx, pytorch) in [(0, 1), (1, 0), (2, 2)] {
            #expect(block(w.floatData, onnx, h: 4, columns: 5) == block(p["layers.0.cell.weightIH"]!, pytorch, h: 4, columns: 5))
            #expect(block(b.floatData, 3 + onnx, h: 4, columns: 1) == block(p["layers.0.cell.biasHH"]!, pytorch, h: 4, columns: 1))
        }
        // One layer, one direction: h_n is the node's Y_h itself (no Concat).
        #expect(!model.graph.node.contains { $0.opType == "Concat" })
    }

    @Test func initialStatesAreSlicedPerLayer() throws {
        let config = RecurrentEncoderConfig(cell: .lstm, inputSize: 5, hiddenSize: 4, layerCount: 2)
        let encoder = RecurrentEncoder<Float>(config, rng: RandomSource(seed: 6))
        let graph = ONNXGraph(name: "states")
        let x = graph.input("x", .float, shape: ["T", "B", 5])
        let h0 = graph.input("h_0", .float, shape: [2, "B", 4]), c0 = graph.input("c_0", .float, shape: [2, "B", 4])
        let r = try graph.recurrent(encoder, input: x, initialH: h0, initialC: c0)
        graph.output("y", r.outputs, .float, shape: ["T", "B", 4])
        let model = try Onnx_ModelProto(serializedBytes: try graph.serializedData())
        let nodes = Dictionary(model.graph.node.flatMap { n in n.output.map { ($0, n) } }, uniquingKeysWith: { a, _ in a })
        let values = Dictionary(model.graph.initializer.map { ($0.name, $0.int64Data) }, uniquingKeysWith: { a, _ in a })
        for (l, node) in model.graph.node.filter({ $0.opType == "LSTM" }).enumerated() {
            #expect(node.input.count == 7 && node.input[4] == "")              // X, W, R, B, no sequence_lens, h, c
            for (k, state) in [(5, "h_0"), (6, "c_0")] {
                let slice = try #require(nodes[node.input[k]])
                #expect(slice.opType == "Slice" && slice.input[0] == state)
                #expect(slice.input[1...].map { values[$0] } == [[Int64(l)], [Int64(l + 1)], [0]])   // starts, ends, axes
            }
        }
    }

    @Test func gateOrderAndReorderBlocks() {
        #expect(ONNXGraph.gateOrder(.lstm) == [0, 3, 1, 2] && ONNXGraph.gateOrder(.gru) == [1, 0, 2])
        #expect(ONNXGraph.gateOrder(.rnn) == [0])
        // 4 blocks of 1 row x 2 columns: i, f, g, o -> i, o, f, g.
        #expect(ONNXGraph.reorderBlocks([1, 1, 2, 2, 3, 3, 4, 4], rows: 4, order: [0, 3, 1, 2]) == [1, 1, 4, 4, 2, 2, 3, 3])
        #expect(ONNXGraph.reorderBlocks([1, 2, 3, 4, 5, 6], rows: 6, order: [1, 0, 2]) == [3, 4, 1, 2, 5, 6])
    }

    @Test func linearIsGemmOrMatMul() throws {
        let linear = Linear<Float>(inputSize: 3, outputSize: 2, rng: RandomSource(seed: 5))
        let graph = ONNXGraph(name: "linear")
        let x2 = graph.input("x2", .float, shape: ["B", 3]), x3 = graph.input("x3", .float, shape: ["T", "B", 3])
        graph.output("y2", graph.linear(linear, input: x2, rank: 2), .float, shape: ["B", 2])
        graph.output("y3", graph.linear(linear, input: x3, rank: 3, name: "head"), .float, shape: ["T", "B", 2])
        let model = try Onnx_ModelProto(serializedBytes: try graph.serializedData())
        #expect(model.graph.node.map(\.opType) == ["Gemm", "Identity", "MatMul", "Add", "Identity"])
        #expect(try attribute(model.graph.node[0], "transB").i == 1)
        let w = linear.weight.data.scalars                                              // [2, 3]
        #expect(try initializer(model, "linear.weight").floatData == w)
        #expect(try initializer(model, "head.weight_T").dims == [3, 2])
        #expect(try initializer(model, "head.weight_T").floatData == [w[0], w[3], w[1], w[4], w[2], w[5]])
        #expect(graph.operatorTypes == ["Gemm", "Identity", "MatMul", "Add"])
    }

    @Test func unsupportedRecurrentStacksAreOneLine() {
        let cases: [(RecurrentEncoderConfig, String)] = [
            (RecurrentEncoderConfig(cell: .peephole, inputSize: 3, hiddenSize: 2),
             "ONNX export: the peephole cell has no ONNX operator; supported cells: lstm, gru, rnn"),
            (RecurrentEncoderConfig(cell: .layernorm, inputSize: 3, hiddenSize: 2),
             "ONNX export: the layernorm cell has no ONNX operator; supported cells: lstm, gru, rnn"),
            (RecurrentEncoderConfig(inputSize: 3, hiddenSize: 4, projectionSize: 2),
             "ONNX export: an LSTM projection (projectionSize 2) has no ONNX LSTM attribute"),
            (RecurrentEncoderConfig(inputSize: 3, hiddenSize: 4, zoneout: 0.1),
             "ONNX export: zoneout 0.1 mixes old and new states at inference, which ONNX's recurrent operators cannot"),
        ]
        for (config, message) in cases {
            let graph = ONNXGraph(name: "bad")
            let encoder = RecurrentEncoder<Float>(config, rng: RandomSource(seed: 1))
            #expect(throws: ONNXExportError(String(message.dropFirst("ONNX export: ".count)))) {
                try graph.recurrent(encoder, input: graph.input("x", .float, shape: ["T", "B", 3]))
            }
            #expect(!message.contains("\n"))
        }
    }
}
