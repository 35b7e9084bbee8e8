import Foundation
import SwiftProtobuf

/// Why a model cannot be exported to ONNX: one line naming what is unsupported
/// ("ONNX export: the peephole cell has no ONNX operator; supported cells: lstm, gru, rnn").
public struct ONNXExportError: Error, Equatable, CustomStringConvertible, LocalizedError {
    public var message: String
    public init(_ message: String) { self.message = "ONNX export: " + message }
    public var description: String { message }
    public var errorDescription: String? { message }
}

/// The element type of a graph input or output.
public enum ONNXElementType: Sendable {
    case float, int64

    var code: Int32 {
        switch self {
        case .float: Int32(Onnx_TensorProto.DataType.float.rawValue)
        case .int64: Int32(Onnx_TensorProto.DataType.int64.rawValue)
        }
    }
}

/// One dimension of a graph input or output: a fixed size or a named free one ("T", "B").
public enum ONNXDimension: Equatable, Sendable, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    case fixed(Int)
    case symbolic(String)
    public init(integerLiteral value: Int) { self = .fixed(value) }
    public init(stringLiteral value: String) { self = .symbolic(value) }
}

/// A node attribute (the ONNX operators' attributes, e.g. `hidden_size`, `direction`, `transB`).
public enum ONNXAttribute: Sendable {
    case int(String, Int)
    case float(String, Float)
    case string(String, String)
    case ints(String, [Int])
    case strings(String, [String])

    var proto: Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        switch self {
        case let .int(name, value): a.name = name; a.type = .int; a.i = Int64(value)
        case let .float(name, value): a.name = name; a.type = .float; a.f = value
        case let .string(name, value): a.name = name; a.type = .string; a.s = Data(value.utf8)
        case let .ints(name, values): a.name = name; a.type = .ints; a.ints = values.map(Int64.init)
        case let .strings(name, values): a.name = name; a.type = .strings; a.strings = values.map { Data($0.utf8) }
        }
        return a
    }
}

/// Builds an ONNX model (a `ModelProto` of the default domain, opset 17, IR version 8) node by node and
/// serializes it with swift-protobuf from the ONNX project's own `onnx.proto`.
///
/// Every method returns the name of the value it produces, so a model reads like its forward pass:
///
///     let graph = ONNXGraph(name: "classifier")
///     let x = graph.input("x", .float, shape: ["T", "B", 8])            // [T, B, D]
///     let r = try graph.recurrent(encoder, input: x)                      // [T, B, H]
///     graph.output("logits", graph.linear(head, r.lastStep, rank: 2), .float, shape: ["B", 3])
///     try graph.serializedData().write(to: url)
///
/// Weights are stored as float initializers in the PyTorch layouts of the modules they come from, except
/// where an operator wants another one (the recurrent gate order, `ONNXGraph+Recurrent.swift`; W^T for MatMul).
/// The graph's extensions add the layers: `recurrent` (LSTM, GRU, RNN), `embedding` (Gather), `linear`
/// (Gemm or MatMul + Add), `reduce`, `lastStep`, `softmax`.
public final class ONNXGraph {
    /// The operator set of the default domain the graph uses (ONNX 1.12+, ONNX Runtime 1.12+).
    public static let opsetVersion = 17
    /// The IR version that goes with opset 17.
    public static let irVersion = 8

    public let name: String
    var nodes: [Onnx_NodeProto] = []
    var initializers: [Onnx_TensorProto] = []
    var inputs: [Onnx_ValueInfoProto] = []
    var outputs: [Onnx_ValueInfoProto] = []
    var used: Set<String> = []

    public init(name: String) { self.name = name }

    /// `base`, or `base_2`, `base_3`... when the name is taken (every value name in a graph is unique).
    public func uniqueName(_ base: String) -> String {
        var name = base, k = 2
        while used.contains(name) { name = "\(base)_\(k)"; k += 1 }
        used.insert(name)
        return name
    }

    /// Declares a graph input and returns its name.
    @discardableResult
    public func input(_ name: String, _ type: ONNXElementType, shape: [ONNXDimension]) -> String {
        let name = uniqueName(name)
        inputs.append(Self.valueInfo(name, type, shape))
        return name
    }

    /// Declares `value` as the graph output `name` (through an Identity node when the names differ).
    public func output(_ name: String, _ value: String, _ type: ONNXElementType, shape: [ONNXDimension]) {
        let name = uniqueName(name)
        node("Identity", [value], outputNames: [name])
        outputs.append(Self.valueInfo(name, type, shape))
    }

    /// Adds a float initializer (a weight) of `shape` and returns its name.
    public func initializer(_ name: String, shape: [Int], _ scalars: [Float]) -> String {
        if shape.reduce(1, *) != scalars.count {
            failure("ONNXGraph.initializer \(name): \(scalars.count) values for shape \(shape)")
        }
        var t = Onnx_TensorProto()
        t.name = uniqueName(name)
        t.dataType = ONNXElementType.float.code
        t.dims = shape.map(Int64.init)
        t.floatData = scalars
        initializers.append(t)
        return t.name
    }

    /// Adds an int64 initializer (shapes, axes, indices; `shape` [] is a scalar) and returns its name.
    public func constant(_ name: String, shape: [Int], _ values: [Int]) -> String {
        var t = Onnx_TensorProto()
        t.name = uniqueName(name)
        t.dataType = ONNXElementType.int64.code
        t.dims = shape.map(Int64.init)
        t.int64Data = values.map(Int64.init)
        initializers.append(t)
        return t.name
    }

    /// Adds a node of the default domain and returns the names of its `outputCount` outputs (named after the
    /// operator unless `outputNames` are given). An empty input name is an omitted optional input.
    @discardableResult
    public func node(_ op: String, _ inputNames: [String], outputCount: Int = 1, outputNames: [String]? = nil,
                     attributes: [ONNXAttribute] = []) -> [String] {
        var n = Onnx_NodeProto()
        n.opType = op
        n.name = uniqueName("\(op)_node")
        n.input = inputNames
        n.output = outputNames ?? (0..<outputCount).map { _ in uniqueName(op.lowercased()) }
        n.attribute = attributes.map(\.proto)
        nodes.append(n)
        return n.output
    }

    /// The operator types of the nodes so far, each once, in order of first use.
    public var operatorTypes: [String] {
        var seen: [String] = []
        for n in nodes where !seen.contains(n.opType) { seen.append(n.opType) }
        return seen
    }

    /// The model's bytes (a serialized `onnx.ModelProto`).
    public func serializedData(docString: String = "") throws -> Data {
        try model(docString: docString).serializedData()
    }

    func model(docString: String) -> Onnx_ModelProto {
        var graph = Onnx_GraphProto()
        graph.name = name
        graph.node = nodes
        graph.initializer = initializers
        graph.input = inputs
        graph.output = outputs
        var opset = Onnx_OperatorSetIdProto()
        opset.domain = ""
        opset.version = Int64(Self.opsetVersion)
        var model = Onnx_ModelProto()
        model.irVersion = Int64(Self.irVersion)
        model.opsetImport = [opset]
        model.producerName = "LSTMKit"
        model.producerVersion = "1"
        model.docString = docString
        model.graph = graph
        return model
    }

    static func valueInfo(_ name: String, _ type: ONNXElementType, _ shape: [ONNXDimension]) -> Onnx_ValueInfoProto {
        var tensor = Onnx_TypeProto.Tensor()
        tensor.elemType = type.code
        tensor.shape.dim = shape.map { d in
            var dim = Onnx_TensorShapeProto.Dimension()
            switch d {
            case let .fixed(n): dim.dimValue = Int64(n)
            case let .symbolic(s): dim.dimParam = s
            }
            return dim
        }
        var info = Onnx_ValueInfoProto()
        info.name = name
        info.type.tensorType = tensor
        return info
    }
}
