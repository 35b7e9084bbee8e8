/// A tensor of either scalar type, as stored in a safetensors file ("F32" or "F64").
///
///     let stored = AnyTensor(Tensor<Float>([1, 2, 3]))
///     stored.dtype                       // "F32"
///     stored.tensor(as: Float.self)      // the tensor back
///     stored.tensor(as: Double.self)     // nil: a different scalar type
///     stored.converted(to: Double.self)  // [1.0, 2.0, 3.0] as Double
public enum AnyTensor: CustomStringConvertible {
    case float(Tensor<Float>)
    case double(Tensor<Double>)

    /// Wraps a `Tensor<Float>` or `Tensor<Double>` (detached from any autodiff graph).
    public init<S: TensorScalar>(_ tensor: Tensor<S>) {
        if let t = tensor as? Tensor<Float> {
            self = .float(t.detached())
        } else if let t = tensor as? Tensor<Double> {
            self = .double(t.detached())
        } else {
            failure("AnyTensor: unsupported scalar type \(S.self) (safetensors checkpoints hold Float or Double)")
        }
    }

    /// The safetensors dtype name: "F32" or "F64".
    public var dtype: String {
        switch self {
        case .float: return Float.dtypeName
        case .double: return Double.dtypeName
        }
    }

    /// The size of one element in bytes (4 or 8).
    public var elementSize: Int {
        switch self {
        case .float: return 4
        case .double: return 8
        }
    }

    public var shape: [Int] {
        switch self {
        case .float(let t): return t.shape
        case .double(let t): return t.shape
        }
    }

    /// The number of elements.
    public var count: Int {
        switch self {
        case .float(let t): return t.count
        case .double(let t): return t.count
        }
    }

    /// The tensor if it holds `S` exactly, else nil.
    public func tensor<S: TensorScalar>(as type: S.Type = S.self) -> Tensor<S>? {
        switch self {
        case .float(let t): return t as? Tensor<S>
        case .double(let t): return t as? Tensor<S>
        }
    }

    /// The tensor as `S`, converting Float <-> Double if needed (Double -> Float rounds to nearest).
    public func converted<S: TensorScalar>(to type: S.Type = S.self) -> Tensor<S> {
        switch self {
        case .float(let t): return t.converted(to: S.self)
        case .double(let t): return t.converted(to: S.self)
        }
    }

    public var description: String { "AnyTensor(\(dtype), shape \(shape))" }
}
