/// A model or a layer: something that owns parameters and possibly other modules.
///
/// Conforming classes get `namedParameters()`, `parameters()`, `parameterCount`, `train()`, `eval()` and
/// `zeroGrad()` for free: the default `children` finds stored properties by reflection (`Mirror`), so a user
/// model needs nothing more than its properties:
///
///     final class TwoLayer: Layer {
///         let hidden = Linear<Float>(inputSize: 2, outputSize: 8, rng: rng)
///         let out = Linear<Float>(inputSize: 8, outputSize: 1, rng: rng)
///         var isTraining = true
///         func callAsFunction(_ x: Tensor<Float>) -> Tensor<Float> { out(tanh(hidden(x))) }
///     }
///     TwoLayer().namedParameters().map(\.path)   // ["hidden.weight", "hidden.bias", "out.weight", "out.bias"]
///
/// Paths are stable dotted names (`encoder.layers.0.weightIH`) built from property names and array
/// positions, in declaration order; optimizers and checkpoints key on them. Properties whose names start with
/// an underscore are skipped.
public protocol Module<Scalar>: AnyObject {
    associatedtype Scalar: TensorScalar
    /// Training mode (dropout active) or evaluation mode. Set it for the whole tree with `train()` / `eval()`.
    var isTraining: Bool { get set }
    /// The direct parameters and submodules, named. The default implementation reflects stored properties
    /// (`Parameter`, `Module`, arrays and optionals of either).
    var children: [(name: String, child: ModuleChild<Scalar>)] { get }
}

/// One entry of `Module.children`.
public enum ModuleChild<Scalar: TensorScalar> {
    case parameter(Parameter<Scalar>)
    case module(any Module<Scalar>)
}

/// A module with a single tensor input and output, usable in `Sequential`.
public protocol Layer<Scalar>: Module {
    func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar>
}

extension Module {
    public var children: [(name: String, child: ModuleChild<Scalar>)] {
        var result: [(name: String, child: ModuleChild<Scalar>)] = []
        var mirror: Mirror? = Mirror(reflecting: self)
        var mirrors: [Mirror] = []
        while let m = mirror { mirrors.insert(m, at: 0); mirror = m.superclassMirror }
        for m in mirrors {
            for case let (label?, value) in m.children where !label.hasPrefix("_") {
                Self.collect(label, value, into: &result)
            }
        }
        return result
    }

    private static func collect(_ name: String, _ value: Any, into result: inout [(name: String, child: ModuleChild<Scalar>)]) {
        if let p = value as? Parameter<Scalar> {
            result.append((name, .parameter(p)))
        } else if let m = value as? any Module<Scalar> {
            result.append((name, .module(m)))
        } else if let ps = value as? [Parameter<Scalar>] {
            for (i, p) in ps.enumerated() { result.append(("\(name).\(i)", .parameter(p))) }
        } else if let ms = value as? [any Module<Scalar>] {
            for (i, m) in ms.enumerated() { result.append(("\(name).\(i)", .module(m))) }
        } else {
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .optional, let wrapped = mirror.children.first?.value {
                collect(name, wrapped, into: &result)
            }
        }
    }

    /// Every parameter in the tree with its dotted path, in a stable order (each parameter once).
    public func namedParameters() -> [(path: String, parameter: Parameter<Scalar>)] {
        var seen = Set<ObjectIdentifier>()
        var result: [(path: String, parameter: Parameter<Scalar>)] = []
        func visit(_ module: any Module<Scalar>, _ prefix: String) {
            for (name, child) in module.children {
                switch child {
                case .parameter(let p):
                    if seen.insert(ObjectIdentifier(p)).inserted {
                        if p.name.isEmpty { p.name = prefix + name }
                        result.append((prefix + name, p))
                    }
                case .module(let m):
                    visit(m, prefix + name + ".")
                }
            }
        }
        visit(self, "")
        return result
    }

    /// Every parameter in the tree (the order of `namedParameters()`).
    public func parameters() -> [Parameter<Scalar>] { namedParameters().map(\.parameter) }

    /// The total number of trainable scalars.
    public var parameterCount: Int { parameters().reduce(0) { $0 + $1.count } }

    /// Every submodule in the tree, this one first.
    public func modules() -> [any Module<Scalar>] {
        var result: [any Module<Scalar>] = [self]
        for (_, child) in children { if case .module(let m) = child { result += m.modules() } }
        return result
    }

    /// Training mode for the whole tree (dropout on).
    public func train() { modules().forEach { $0.isTraining = true } }
    /// Evaluation mode for the whole tree (dropout off, deterministic).
    public func eval() { modules().forEach { $0.isTraining = false } }
    /// Clears every parameter's gradient.
    public func zeroGrad() { parameters().forEach { $0.grad = nil } }
}
