// Checking saved optimizer state before it is assigned: `Optimizer.stateTensors` stops the program on state
// that does not fit (a precondition for programming errors), while a file is user data and must throw.

extension Checkpoint {
    /// The optimizer's type name without generic arguments: "Adam" for `Adam<Float>`.
    static func optimizerName(_ optimizer: AnyObject) -> String {
        let full = String(describing: type(of: optimizer))
        return String(full.prefix { $0 != "<" })
    }

    /// The optimizer state stored in `file` (keys `optimizer.<index>.<name>`), checked against `optimizer`:
    /// the type name, the parameter count, each key's index and name, the shapes (`[]` for `step`, else the
    /// parameter's), whole-number steps, and the complete set of names for every parameter that has state.
    /// Returns the state with the prefix removed, ready for `optimizer.stateTensors`.
    static func validatedOptimizerState<S: TensorScalar>(
        _ file: SafeTensors, _ info: CheckpointInfo, _ optimizer: any Optimizer<S>, allowDTypeConversion: Bool
    ) throws -> [String: Tensor<S>] {
        let path = info.path
        func mismatch(_ problem: String) -> CheckpointError { CheckpointError(.optimizerMismatch, path: path, problem) }
        let name = optimizerName(optimizer)
        guard let saved = info.optimizer else {
            throw mismatch("has no optimizer state (it was saved without an optimizer), but a \(name) optimizer " +
                           "was given to restore")
        }
        if saved.name != name {
            throw mismatch("optimizer state is from \(saved.name), but the optimizer to restore is \(name)")
        }
        let parameters = optimizer.parameters
        if saved.parameterCount != parameters.count {
            throw mismatch("optimizer state covers \(saved.parameterCount) parameters, but the \(name) optimizer " +
                           "has \(parameters.count)")
        }
        let expectedNames = optimizer.stateNames
        var state: [String: Tensor<S>] = [:]
        var namesByIndex: [Int: Set<String>] = [:]
        for key in file.tensors.keys.sorted() where key.hasPrefix(CheckpointKey.optimizerTensorPrefix) {
            let stateKey = String(key.dropFirst(CheckpointKey.optimizerTensorPrefix.count))
            let parts = stateKey.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let index = Int(parts[0]), index >= 0, index < parameters.count else {
                throw mismatch("optimizer tensor '\(key)' is not 'optimizer.<parameter index>.<name>' with an " +
                               "index below \(parameters.count)")
            }
            let stateName = String(parts[1])
            if !expectedNames.contains(stateName) {
                throw mismatch("optimizer tensor '\(key)': \(name) with these options keeps " +
                               "\(expectedNames.sorted()), not '\(stateName)'")
            }
            let tensor = try convertedTensor(file.tensors[key]!, key, S.self, allowDTypeConversion, path)
            let expectedShape = stateName == "step" ? [] : parameters[index].shape
            if tensor.shape != expectedShape {
                throw CheckpointError(.shapeMismatch, path: path, "optimizer tensor '\(key)' has shape " +
                                      "\(tensor.shape), the optimizer expects \(expectedShape)")
            }
            if stateName == "step" {
                let v = Double(tensor.scalars[0])
                if !(v >= 0 && v < 1e15 && v == v.rounded()) {
                    throw mismatch("optimizer tensor '\(key)' is \(v), not a whole number of steps >= 0")
                }
            }
            state[stateKey] = tensor
            namesByIndex[index, default: []].insert(stateName)
        }
        for (index, names) in namesByIndex.sorted(by: { $0.key < $1.key }) where names != expectedNames {
            throw mismatch("optimizer state of parameter \(index) has \(names.sorted()), but \(name) with " +
                           "these options needs \(expectedNames.sorted())")
        }
        return state
    }

    /// The stored tensor as `S`: exactly, or converted when allowed.
    static func convertedTensor<S: TensorScalar>(
        _ stored: AnyTensor, _ key: String, _ type: S.Type, _ allowDTypeConversion: Bool, _ path: String
    ) throws -> Tensor<S> {
        if let exact = stored.tensor(as: S.self) { return exact }
        if allowDTypeConversion { return stored.converted(to: S.self) }
        throw CheckpointError(.dtypeMismatch, path: path, "tensor '\(key)' has dtype \(stored.dtype), but the model " +
                              "uses \(S.dtypeName) (load with allowDTypeConversion: true to convert)")
    }
}
