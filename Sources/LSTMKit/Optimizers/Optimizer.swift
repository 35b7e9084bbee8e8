/// Something that updates parameters from their gradients: `SGD`, `Adam`, `AdamW`, `RMSProp`, `Adagrad`.
///
/// The training loop, as in PyTorch:
///
///     let optimizer = Adam(parameters: model.parameters(), learningRate: 1e-3)
///     for batch in batches {
///         optimizer.zeroGrad()
///         let loss = crossEntropy(logits: model(batch.inputs), targets: batch.targets)
///         loss.backward()
///         clipGradientNorm(optimizer.parameters, maxNorm: 1)
///         optimizer.step()
///     }
///
/// Each optimizer keeps its math in one pure static `update` function over the raw buffers of one parameter
/// (the equations are in its doc comment); `step()` only loops over the parameters, skipping those whose
/// `grad` is nil (like PyTorch, so a parameter unused in a forward pass keeps its value and its state).
///
/// Formulas, defaults, the place weight decay is added and the per-parameter step counter used for bias
/// correction follow PyTorch 2.x's `torch.optim` (single-tensor implementations), so a PyTorch run with the
/// same initial values and gradients gives the same parameters up to rounding.
///
/// Checkpoints: `stateTensors` exports the per-parameter state under PyTorch's `state_dict` names, keyed
/// `"<parameter index>.<name>"` (`"0.exp_avg"`, `"1.momentum_buffer"`, `"0.step"` as a rank-0 tensor);
/// assigning it back (to an optimizer built over parameters of the same shapes, with the same options)
/// continues the run exactly. `stepCount` (calls of `step()`) is saved separately.
public protocol Optimizer<Scalar>: AnyObject {
    associatedtype Scalar: TensorScalar
    /// The parameters updated by `step()`, in order (the index used by `stateTensors`).
    var parameters: [Parameter<Scalar>] { get }
    /// The learning rate used by the next `step()` (schedules assign it between steps).
    var learningRate: Double { get set }
    /// How many times `step()` was called (settable to restore a checkpoint).
    var stepCount: Int { get set }
    /// The per-parameter state under PyTorch's names, `"<index>.<name>"` (get to save, set to restore).
    var stateTensors: [String: Tensor<Scalar>] { get set }
    /// The names `stateTensors` holds for every parameter that has state, with this optimizer's options
    /// (exactly this set: `["step", "exp_avg", "exp_avg_sq"]` for Adam without amsgrad). Checkpoints check a
    /// file against it before assigning `stateTensors`.
    var stateNames: Set<String> { get }
    /// Updates every parameter that has a gradient.
    func step()
}

extension Optimizer {
    /// Sets every parameter's gradient to nil (PyTorch's `zero_grad(set_to_none=True)`), so the next
    /// `backward()` starts from nothing and parameters it does not reach are skipped by `step()`.
    public func zeroGrad() {
        for p in parameters { p.grad = nil }
    }
}

// MARK: - Shared helpers (validation, the parameter loop, state export/import)

/// Stops unless `parameters` is non-empty and has no parameter twice (a duplicate would be stepped twice).
func validateParameterList<S: TensorScalar>(_ parameters: [Parameter<S>], _ optimizer: String) {
    if parameters.isEmpty { failure("\(optimizer): got an empty parameter list") }
    var seen = [ObjectIdentifier: Int]()
    for (i, p) in parameters.enumerated() {
        if let first = seen.updateValue(i, forKey: ObjectIdentifier(p)) {
            failure("\(optimizer): parameter \(i) ('\(p.name)') is the same object as parameter \(first)")
        }
    }
}

/// Stops with `"<optimizer>: invalid <what> <value> (<rule>)"` unless `isValid`.
func checkHyperparameter(
    _ isValid: Bool, _ optimizer: String, _ what: String, _ value: Double, _ rule: String
) {
    if !isValid { failure("\(optimizer): invalid \(what) \(value) (\(rule))") }
}

/// Stops unless `value` is finite and >= 0 (NaN fails).
func checkNonNegative(_ value: Double, _ optimizer: String, _ what: String) {
    checkHyperparameter(value >= 0 && value.isFinite, optimizer, what, value, "must be finite and >= 0")
}

/// Validates a learning rate: finite and >= 0 (NaN fails).
func validateLearningRate(_ lr: Double, _ optimizer: String) {
    checkNonNegative(lr, optimizer, "learning rate")
}

/// Calls `body(index, values, grad)` for each parameter that has a gradient and stores the updated values.
///
/// `values` is a copy of the parameter's scalars (`Parameter.data` is a value with a shape check on
/// assignment), written back once after the update.
func forEachParameterWithGradient<S: TensorScalar>(
    _ parameters: [Parameter<S>], _ body: (Int, inout [S], [S]) -> Void
) {
    for (i, p) in parameters.enumerated() {
        guard let grad = p.grad else { continue }
        var values = p.data.scalars
        body(i, &values, grad.scalars)
        p.data = Tensor(shape: p.shape, scalars: values)
    }
}

/// The export/import of per-parameter state in PyTorch's `state_dict` layout.
///
/// Export: each parameter's named buffers become `"<index>.<name>"`. Import: keys are split by index, checked
/// (index in range, known name, shape equal to the parameter's, or `[]` for `step`) and handed back per
/// parameter; parameters without any key get no state (as before their first step).
enum OptimizerState {
    /// `["0.exp_avg": ..., "0.step": ...]` from per-parameter lists of (name, tensor).
    static func export<S: TensorScalar>(_ entries: [[(String, Tensor<S>)]?]) -> [String: Tensor<S>] {
        var result = [String: Tensor<S>]()
        for (i, list) in entries.enumerated() {
            for (name, tensor) in list ?? [] { result["\(i).\(name)"] = tensor }
        }
        return result
    }

    /// Splits `tensors` per parameter index, checking every key against `names` and every shape.
    /// Returns nil for a parameter with no keys.
    static func split<S: TensorScalar>(
        _ tensors: [String: Tensor<S>], parameters: [Parameter<S>], names: Set<String>, _ optimizer: String
    ) -> [[String: [S]]?] {
        var result = [[String: [S]]?](repeating: nil, count: parameters.count)
        for key in tensors.keys.sorted() {
            let tensor = tensors[key]!
            let parts = key.split(separator: ".", maxSplits: 1)
            guard parts.count == 2, let index = Int(parts[0]) else {
                failure("\(optimizer): state key '\(key)' is not '<parameter index>.<name>'")
            }
            let name = String(parts[1])
            if index < 0 || index >= parameters.count {
                failure("\(optimizer): state key '\(key)' names parameter \(index), " +
                        "but there are \(parameters.count) parameters")
            }
            if !names.contains(name) {
                failure("\(optimizer): unknown state '\(key)' " +
                        "(expected one of \(names.sorted()) for this configuration)")
            }
            let expected = name == "step" ? [] : parameters[index].shape
            if tensor.shape != expected {
                failure("\(optimizer): state '\(key)' has shape \(tensor.shape), expected \(expected)")
            }
            var entry = result[index] ?? [:]
            entry[name] = tensor.scalars
            result[index] = entry
        }
        return result
    }

    /// The buffer `name` of parameter `index`, which must be present.
    static func take<S: TensorScalar>(
        _ name: String, _ buffers: [String: [S]], index: Int, _ optimizer: String
    ) -> [S] {
        guard let values = buffers[name] else {
            failure("\(optimizer): state of parameter \(index) has \(buffers.keys.sorted()) but lacks '\(name)'")
        }
        return values
    }

    /// The `step` entry of parameter `index` as an integer.
    static func takeStep<S: TensorScalar>(_ buffers: [String: [S]], index: Int, _ optimizer: String) -> Int {
        let value = take("step", buffers, index: index, optimizer)[0]
        if !(value >= 0) || value != value.rounded() {
            failure("\(optimizer): state '\(index).step' is \(value), not a whole number >= 0")
        }
        return Int(value)
    }
}

/// PyTorch's `torch.lerp(a, b, w) = a + w * (b - a)`, evaluated the way its kernel does for accuracy:
/// from `a` when `|w| < 0.5`, from `b` (`b - (b - a) * (1 - w)`) otherwise. Used for running averages.
@inline(__always)
func lerp<S: BinaryFloatingPoint>(_ a: S, _ b: S, weight w: S) -> S {
    Swift.abs(w) < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w)
}
