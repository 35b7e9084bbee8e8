import Foundation

/// A PyTorch `state_dict` saved with `safetensors.torch.save_file`, read and checked for import into LSTMKit
/// models (`lstm import`, docs/interop.md):
///
///     # PyTorch
///     from safetensors.torch import save_file
///     save_file(model.state_dict(), "model.safetensors")
///
///     // Swift
///     let file = try PyTorchStateDict(contentsOf: URL(fileURLWithPath: "model.safetensors"))
///     let encoder = try file.recurrentEncoder(module: "")     // an nn.LSTM / nn.GRU saved on its own
///
/// Reading checks, each a `CheckpointError` naming the file and the tensor:
/// - the safetensors bytes (`SafeTensors`: header, offsets, shapes);
/// - dtypes: F32 as is, F64 rounded to Float (`convertedFromDouble` says so); F16 and BF16 are refused with
///   a hint to save `.float()` tensors, every other dtype (integers) as unsupported;
/// - values: a NaN or infinite element is refused, naming the tensor and the flat index.
///
/// The prefix: with `prefix` (`"model."`), only the tensors whose names start with it are imported, without
/// it (the others are listed in `ignored`); without, the longest dotted prefix common to every name is
/// removed (a model saved from a wrapper attribute, `model.lstm.weight_ih_l0`, reads as `lstm.weight_ih_l0`).
/// Names in errors are the file's full names.
public struct PyTorchStateDict {
    /// The file, for error messages.
    public let path: String
    /// The tensors by name, without `prefix`.
    public let tensors: [String: Tensor<Float>]
    /// What was removed from the front of every imported name ("" for none).
    public let prefix: String
    /// The file's tensors outside an explicit prefix (not imported), sorted.
    public let ignored: [String]
    /// Whether the file held F64 tensors (rounded to Float on reading).
    public let convertedFromDouble: Bool

    /// Reads and checks a `state_dict` file (see the type's documentation).
    /// - Parameters:
    ///   - url: the `.safetensors` file written by `safetensors.torch.save_file(model.state_dict(), ...)`.
    ///   - prefix: import only the names that start with it (nil: remove the common prefix).
    public init(contentsOf url: URL, prefix: String? = nil) throws {
        let path = url.path
        self.path = path
        let file: SafeTensors
        do {
            file = try SafeTensors(contentsOf: url)
        } catch let error as CheckpointError where error.kind == .malformed
                    && Self.halfPrecision.contains(where: { error.problem.contains("has dtype '\($0)'") }) {
            throw CheckpointError(.dtypeMismatch, path: path, error.problem.replacingOccurrences(
                of: "(supported: F32, F64)", with: "(supported: F32, F64); save float32 tensors: " +
                "save_file({k: v.float() for k, v in model.state_dict().items()}, ...)"))
        }
        var names = file.tensors.keys.sorted()
        if names.isEmpty { throw CheckpointError(.missingTensor, path: path, "holds no tensors") }
        var ignored: [String] = []
        if let prefix {
            if prefix.isEmpty { throw CheckpointError(.missingTensor, path: path, "the prefix is empty") }
            ignored = names.filter { !$0.hasPrefix(prefix) }
            names = names.filter { $0.hasPrefix(prefix) && $0.count > prefix.count }
            if names.isEmpty {
                let shown = ignored.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
                throw CheckpointError(.missingTensor, path: path, "no tensor name starts with the prefix '\(prefix)' " +
                                      "(the names are \(shown)\(ignored.count > 5 ? ", ..." : ""))")
            }
        }
        let removed = prefix ?? Self.commonPrefix(names)
        self.prefix = removed
        self.ignored = ignored

        var tensors: [String: Tensor<Float>] = [:]
        var converted = false
        for name in names {
            let tensor: Tensor<Float>
            switch file.tensors[name]! {
            case .float(let t): tensor = t
            case .double(let t): tensor = t.converted(to: Float.self); converted = true
            }
            if let bad = tensor.scalars.firstIndex(where: { !$0.isFinite }) {
                let original = file.tensors[name]!
                let value: String
                switch original {
                case .float(let t): value = "\(t.scalars[bad])"
                case .double(let t): value = "\(t.scalars[bad])"
                }
                throw CheckpointError(.malformed, path: path, "tensor '\(name)' of shape \(tensor.shape) holds " +
                                      (value == "\(tensor.scalars[bad])" ? value : "\(value) (\(tensor.scalars[bad]) as Float)") +
                                      " at flat index \(bad); every weight must be finite")
            }
            tensors[String(name.dropFirst(removed.count))] = tensor
        }
        self.tensors = tensors
        convertedFromDouble = converted
    }

    /// The dtypes refused with a hint (the safetensors reader reads F32 and F64 only).
    static let halfPrecision = ["F16", "BF16"]

    /// The longest prefix ending in "." shared by every name ("" when the names differ in their first part,
    /// or when removing it would leave a name empty).
    static func commonPrefix(_ names: [String]) -> String {
        guard let first = names.first else { return "" }
        var parts = first.split(separator: ".", omittingEmptySubsequences: false).dropLast().map(String.init)
        for name in names.dropFirst() {
            let other = name.split(separator: ".", omittingEmptySubsequences: false).dropLast().map(String.init)
            var k = 0
            while k < parts.count && k < other.count && parts[k] == other[k] { k += 1 }
            parts = Array(parts.prefix(k))
        }
        return parts.isEmpty ? "" : parts.joined(separator: ".") + "."
    }

    /// The file's own name of a tensor (with the prefix), for messages.
    public func fileName(_ name: String) -> String { prefix + name }

    /// The modules that hold a recurrent layer: the `m` of every `m.weight_ih_l0` ("" for a bare
    /// `nn.LSTM` / `nn.GRU`, "lstm." for a model's `self.lstm`), sorted.
    public var recurrentModules: [String] {
        tensors.keys.filter { $0.hasSuffix("weight_ih_l0") && ($0 == "weight_ih_l0" || $0.hasSuffix(".weight_ih_l0")) }
            .map { String($0.dropLast("weight_ih_l0".count)) }.sorted()
    }

    /// Every tensor not under `modules` grouped by module: "fc." -> ["bias", "weight"] (a top-level name
    /// goes under "").
    public func otherModules(excluding modules: [String]) -> [String: [String]] {
        var groups: [String: [String]] = [:]
        for name in tensors.keys.sorted() where !modules.contains(where: { !$0.isEmpty && name.hasPrefix($0) }) {
            if modules.contains("") && PyTorchRecurrentNames.isRecurrentName(name) { continue }
            let cut = name.lastIndex(of: ".").map { name.index(after: $0) } ?? name.startIndex
            groups[String(name[..<cut]), default: []].append(String(name[cut...]))
        }
        return groups
    }

    /// Loads `model`'s parameters from this state_dict, after checking that every parameter has a tensor of its
    /// shape and that every tensor of the file is used.
    /// - Parameters:
    ///   - model: the module whose parameters are assigned.
    ///   - names: model path -> state_dict name (without the prefix); paths without an entry are looked up
    ///     under their own name.
    /// - Throws: `CheckpointError` `.missingTensor`, `.shapeMismatch`, `.unexpectedTensor` naming the file's names;
    ///   nothing is assigned when it throws.
    public func load<M: Module>(into model: M, names: [String: String]) throws where M.Scalar == Float {
        var planned: [(Parameter<Float>, Tensor<Float>)] = []
        var missing: [String] = [], used = Set<String>()
        for (modelPath, parameter) in model.namedParameters() {
            let name = names[modelPath] ?? modelPath
            guard let tensor = tensors[name] else { missing.append("'\(fileName(name))'"); continue }
            used.insert(name)
            if tensor.shape != parameter.shape {
                throw CheckpointError(.shapeMismatch, path: path, "tensor '\(fileName(name))' has shape " +
                                      "\(tensor.shape), but the model built from the other tensors expects " +
                                      "\(parameter.shape)")
            }
            planned.append((parameter, tensor))
        }
        if !missing.isEmpty {
            throw CheckpointError(.missingTensor, path: path, "missing tensor\(missing.count > 1 ? "s" : "") " +
                                  Self.listed(missing))
        }
        let extra = tensors.keys.filter { !used.contains($0) }.sorted().map { "'\(fileName($0))'" }
        if !extra.isEmpty {
            throw CheckpointError(.unexpectedTensor, path: path, "\(extra.count) tensor\(extra.count > 1 ? "s" : "") " +
                                  "the model does not have: \(Self.listed(extra)) (--prefix imports a part of a model)")
        }
        for (parameter, tensor) in planned { parameter.data = tensor }
    }

    /// "a, b, c" for at most 8 items, then "and N more".
    static func listed(_ items: [String]) -> String {
        items.prefix(8).joined(separator: ", ") + (items.count > 8 ? " and \(items.count - 8) more" : "")
    }
}
