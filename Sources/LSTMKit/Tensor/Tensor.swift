/// An n-dimensional array of `Float` or `Double`, row-major and contiguous, with value semantics.
///
/// The scalars live in a Swift `Array`, so copies are cheap until one side is mutated (copy-on-write).
/// A tensor produced by a differentiable operation also remembers where it came from (`tapeEntry`), which is
/// what `backward()` walks; see `Autodiff/`.
///
///     let x = Tensor<Float>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
///     print(x)
///     // Tensor<Float> [2, 3]
///     // [[1.0, 2.0, 3.0],
///     //  [4.0, 5.0, 6.0]]
///
/// Errors: operations check shapes, axes and indices and stop with a message that names the operation and the
/// shapes involved ("matmul: [2, 3] @ [4, 5]: inner dimensions differ (3 vs 4)"). These are programming errors
/// (like an out-of-range array index), so they are preconditions, not thrown errors; reading files and user data
/// throws instead.
public struct Tensor<Scalar: TensorScalar> {
    /// The size of each axis; `[]` for a scalar.
    public internal(set) var shape: [Int]
    /// The elements in row-major order.
    public internal(set) var scalars: [Scalar]
    /// The autodiff record of the operation that produced this tensor (nil for constants).
    var tapeEntry: TapeEntry<Scalar>?

    /// A tensor of the given shape holding `scalars` in row-major order.
    public init(shape: [Int], scalars: [Scalar]) {
        for s in shape where s < 0 { failure("Tensor(shape:scalars:): negative dimension in shape \(shape)") }
        let count = shape.reduce(1, *)
        if count != scalars.count {
            failure("Tensor(shape:scalars:): shape \(shape) needs \(count) scalars, got \(scalars.count)")
        }
        self.shape = shape
        self.scalars = scalars
        self.tapeEntry = nil
    }

    init(shape: [Int], scalars: [Scalar], tapeEntry: TapeEntry<Scalar>?) {
        self.shape = shape
        self.scalars = scalars
        self.tapeEntry = tapeEntry
    }

    /// A scalar (rank-0) tensor.
    public init(_ value: Scalar) { self.init(shape: [], scalars: [value]) }

    /// A rank-1 tensor.
    public init(_ values: [Scalar]) { self.init(shape: [values.count], scalars: values) }

    /// A rank-2 tensor from rows of equal length.
    public init(rows: [[Scalar]]) {
        let width = rows.first?.count ?? 0
        for (r, row) in rows.enumerated() where row.count != width {
            failure("Tensor(rows:): row \(r) has \(row.count) elements, row 0 has \(width)")
        }
        self.init(shape: [rows.count, width], scalars: rows.flatMap { $0 })
    }

    /// The number of axes.
    public var rank: Int { shape.count }
    /// The number of elements.
    public var count: Int { scalars.count }
    /// The single value of a tensor with one element.
    public var item: Scalar {
        if scalars.count != 1 { failure("item: tensor of shape \(shape) has \(scalars.count) elements, not 1") }
        return scalars[0]
    }

    /// The value at a multi-dimensional index, e.g. `x[1, 2]`.
    public subscript(_ index: Int...) -> Scalar {
        get { scalars[flatIndex(index)] }
        set { scalars[flatIndex(index)] = newValue; tapeEntry = nil }
    }

    func flatIndex(_ index: [Int]) -> Int {
        if index.count != shape.count {
            failure("subscript: \(index.count) indices for a tensor of shape \(shape)")
        }
        var flat = 0
        for (axis, i) in index.enumerated() {
            if i < 0 || i >= shape[axis] {
                failure("subscript: index \(i) out of range for axis \(axis) of size \(shape[axis]) (shape \(shape))")
            }
            flat = flat * shape[axis] + i
        }
        return flat
    }

    /// The same values, cut from the autodiff graph: gradients do not flow through the result.
    public func detached() -> Tensor { Tensor(shape: shape, scalars: scalars, tapeEntry: nil) }

    /// Whether gradients flow back through this tensor (it is a parameter, a tracked input, or computed from one).
    public var requiresGrad: Bool { tapeEntry != nil }

    /// The same tensor converted to another scalar type (not differentiable).
    public func converted<Other: TensorScalar>(to: Other.Type = Other.self) -> Tensor<Other> {
        Tensor<Other>(shape: shape, scalars: scalars.map { Other($0) })
    }
}

// MARK: - Creation

extension Tensor {
    /// All zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { full(shape, 0) }
    /// All ones.
    public static func ones(_ shape: [Int]) -> Tensor { full(shape, 1) }
    /// Every element equal to `value`.
    public static func full(_ shape: [Int], _ value: Scalar) -> Tensor {
        for s in shape where s < 0 { failure("full: negative dimension in shape \(shape)") }
        return Tensor(shape: shape, scalars: filledScalars(value, count: shape.reduce(1, *)))
    }
    /// Zeros with the shape of `other`.
    public static func zeros(like other: Tensor) -> Tensor { full(other.shape, 0) }

    /// `[start, start + step, ...]` up to but excluding `end`, like `torch.arange`.
    public static func arange(_ start: Scalar = 0, _ end: Scalar, step: Scalar = 1) -> Tensor {
        if step == 0 { failure("arange: step must not be 0") }
        let n = Swift.max(0, Int(((end - start) / step).rounded(.up)))
        return Tensor([Scalar]((0..<n).map { start + Scalar($0) * step }))
    }

    /// Samples from N(mean, std^2), reproducible for a given generator state.
    public static func randomNormal(
        _ shape: [Int], mean: Scalar = 0, std: Scalar = 1, using rng: RandomSource
    ) -> Tensor {
        let n = shape.reduce(1, *)
        return Tensor(shape: shape, scalars: rng.normals(count: n).map { mean + std * Scalar($0) })
    }

    /// Samples from U[low, high).
    public static func randomUniform(
        _ shape: [Int], low: Scalar = 0, high: Scalar = 1, using rng: RandomSource
    ) -> Tensor {
        if !(low <= high) { failure("randomUniform: low \(low) > high \(high)") }
        let n = shape.reduce(1, *)
        return Tensor(shape: shape, scalars: rng.uniforms(count: n).map { low + (high - low) * Scalar($0) })
    }

    /// 1 with probability `p`, else 0.
    public static func bernoulli(_ shape: [Int], p: Double, using rng: RandomSource) -> Tensor {
        if !(0...1).contains(p) { failure("bernoulli: probability \(p) is outside [0, 1]") }
        let n = shape.reduce(1, *)
        return Tensor(shape: shape, scalars: rng.uniforms(count: n).map { $0 < p ? 1 : 0 })
    }
}

/// `count` copies of `value`, filled as concrete Float or Double code: called from generic code, a plain
/// `Array(repeating:count:)` copies each element through the type's value witness (~10x slower; 4% of a
/// translation model's training step went to zero-filling gradients that way).
@_specialize(where S == Float)
@_specialize(where S == Double)
func filledScalars<S: TensorScalar>(_ value: S, count: Int) -> [S] {
    [S](unsafeUninitializedCapacity: count) { buffer, initialized in
        buffer.initialize(repeating: value)
        initialized = count
    }
}
