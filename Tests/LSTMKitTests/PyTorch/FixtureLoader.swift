import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

// Reading the PyTorch fixtures (Tests/LSTMKitTests/Fixtures/*.json, written by Tools/fixtures/generate.py).
// Every case is stored twice, computed by PyTorch in float64 and in float32 from the same inputs; the tests
// run LSTMKit in the matching precision and compare with the tolerance of that precision.

/// The two precisions each fixture case is stored in, with the tolerance LSTMKit must meet.
enum Precision: String, CaseIterable, Sendable {
    case float64, float32

    /// atol = rtol. Double: both sides compute the same formulas up to summation order and libm ulps
    /// (~1e-15 relative), so 1e-10 leaves a wide margin. Float: ~1e-7 relative per operation.
    var tolerance: Double { self == .float64 ? 1e-10 : 1e-5 }
}

/// A tensor as stored: row-major `data` with `shape`. Float32 values are written so that parsing them as
/// Double and rounding to Float gives PyTorch's float32 value exactly.
struct FixtureTensor: Decodable, Sendable {
    let shape: [Int]
    let data: [Double]

    func tensor<S: TensorScalar>(_: S.Type = S.self) -> Tensor<S> {
        Tensor(shape: shape, scalars: data.map { S($0) })
    }

    /// The value of a single-element tensor.
    var scalar: Double { data.count == 1 ? data[0] : .nan }
}

/// Any JSON value (case parameters are heterogeneous).
enum JSONValue: Decodable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let v = try? c.decode(Bool.self) { self = .bool(v) }
        else if let v = try? c.decode(Double.self) { self = .number(v) }
        else if let v = try? c.decode(String.self) { self = .string(v) }
        else if let v = try? c.decode([JSONValue].self) { self = .array(v) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    var isNull: Bool { if case .null = self { return true } else { return false } }
}

/// A case's parameters. A missing or mistyped parameter records an issue naming the case and returns a
/// neutral value, so a broken fixture fails one case instead of crashing the test process.
struct FixtureParams: Decodable, Sendable {
    let values: [String: JSONValue]
    var caseName = ""

    init(from decoder: Decoder) throws { values = try [String: JSONValue](from: decoder) }
    init(_ values: [String: JSONValue], caseName: String) { self.values = values; self.caseName = caseName }

    private func missing<T>(_ key: String, _ kind: String, _ fallback: T) -> T {
        Issue.record("fixture \(caseName): parameter '\(key)' is missing or not \(kind)")
        return fallback
    }

    /// True when the key is absent or null (e.g. "axes": null means all axes).
    func isNull(_ key: String) -> Bool { values[key]?.isNull ?? true }

    func double(_ key: String) -> Double {
        if case .number(let v)? = values[key] { return v }
        return missing(key, "a number", 0)
    }
    func int(_ key: String) -> Int {
        if case .number(let v)? = values[key], let i = Int(exactly: v) { return i }
        return missing(key, "an integer", 0)
    }
    func optionalInt(_ key: String) -> Int? { isNull(key) ? nil : int(key) }
    func bool(_ key: String) -> Bool {
        if case .bool(let v)? = values[key] { return v }
        return missing(key, "a Bool", false)
    }
    func string(_ key: String) -> String {
        if case .string(let v)? = values[key] { return v }
        return missing(key, "a string", "")
    }
    func ints(_ key: String) -> [Int] {
        if case .array(let items)? = values[key] {
            let ints = items.compactMap { item -> Int? in
                if case .number(let v) = item { return Int(exactly: v) } else { return nil }
            }
            if ints.count == items.count { return ints }
        }
        return missing(key, "an integer array", [])
    }
    func optionalInts(_ key: String) -> [Int]? { isNull(key) ? nil : ints(key) }
    func optionalBools(_ key: String) -> [Bool]? {
        if isNull(key) { return nil }
        if case .array(let items)? = values[key] {
            let flags = items.compactMap { item -> Bool? in if case .bool(let v) = item { return v } else { return nil } }
            if flags.count == items.count { return flags }
        }
        return missing(key, "a Bool array", nil)
    }
}

/// One case of a function fixture (ops.json, losses.json): inputs -> outputs, and the gradients of
/// `sum_i sum(outputs[i] * upstream[i])` with respect to the inputs marked differentiable.
struct FunctionCase: Decodable, Sendable {
    struct Record: Decodable, Sendable {
        let inputs: [FixtureTensor]
        let outputs: [FixtureTensor]
        let upstream: [FixtureTensor]
        /// One per differentiable input, in input order.
        let grads: [FixtureTensor]
    }

    let name: String
    let op: String
    private let params: FixtureParams
    let differentiable: [Bool]
    let float64: Record
    let float32: Record

    var parameters: FixtureParams { FixtureParams(params.values, caseName: name) }
    func record(_ precision: Precision) -> Record { precision == .float64 ? float64 : float32 }
}

/// A fixture file of function cases.
struct FunctionFixtureFile: Decodable, Sendable {
    let generator: String
    let command: String
    let torch_version: String
    let cases: [FunctionCase]

    func named(_ name: String) -> FunctionCase? { cases.first { $0.name == name } }
}

enum Fixtures {
    /// The URL of a fixture file in the test bundle's Fixtures folder.
    static func url(_ name: String) -> URL? {
        Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures")
    }

    /// Decodes Fixtures/<name>.json.
    static func load<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let url = url(name) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Fixtures/\(name).json"])
        }
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }
}

/// Runs one function case in precision `precision`: computes LSTMKit's outputs with `apply` and the
/// gradients of `sum_i sum(output_i * upstream_i)` with respect to the differentiable inputs, and compares
/// both with PyTorch's.
func checkFunctionCase<S: TensorScalar>(
    _ fixture: FunctionCase, _ precision: Precision, _: S.Type,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ apply: ([Tensor<S>]) -> [Tensor<S>]
) {
    let record = fixture.record(precision)
    let tol = precision.tolerance
    let inputs: [Tensor<S>] = record.inputs.map { $0.tensor() }
    let upstream: [Tensor<S>] = record.upstream.map { $0.tensor() }
    let differentiable = fixture.differentiable
    let positions = differentiable.indices.filter { differentiable[$0] }
    var outputs: [Tensor<S>] = []
    let (_, grads) = gradients(of: { xs in
        var all = inputs
        for (k, p) in positions.enumerated() { all[p] = xs[k] }
        outputs = apply(all)
        var total = Tensor<S>(0)
        for (o, u) in zip(outputs, upstream) where o.shape == u.shape { total = total + (o * u).sum() }
        return total
    }, at: positions.map { inputs[$0] })

    let label = "\(fixture.name) [\(precision.rawValue)]"
    #expect(outputs.count == record.outputs.count, "\(label): \(outputs.count) outputs, PyTorch has \(record.outputs.count)",
            sourceLocation: sourceLocation)
    for (k, (actual, expected)) in zip(outputs, record.outputs).enumerated() {
        expectClose(actual.detached(), expected.tensor(), atol: tol, rtol: tol, "\(label) output \(k)",
                    sourceLocation: sourceLocation)
    }
    #expect(grads.count == record.grads.count, sourceLocation: sourceLocation)
    for (k, (actual, expected)) in zip(grads, record.grads).enumerated() {
        expectClose(actual, expected.tensor(), atol: tol, rtol: tol, "\(label) gradient of input \(positions[k])",
                    sourceLocation: sourceLocation)
    }
}
