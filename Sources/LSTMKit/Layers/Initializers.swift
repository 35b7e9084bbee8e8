import Foundation

/// Weight initializers with PyTorch's formulas and defaults (`torch.nn.init`), drawing from a seeded
/// `RandomSource`.
///
/// Fans follow `torch.nn.init._calculate_fan_in_and_fan_out` for a weight of shape [out, in, k1, k2, ...]:
///
///     receptive = k1 * k2 * ...          (1 for a matrix)
///     fanIn     = in  * receptive
///     fanOut    = out * receptive
///
/// The bounds are computed in Double, so a `Float` and a `Double` tensor drawn from the same seed agree up to
/// rounding. A shape with no elements gives an empty tensor (PyTorch warns and does nothing).
///
///     let rng = RandomSource(seed: 42)
///     let w: Tensor<Float> = Initializers.xavierUniform([4, 3], using: rng)   // U(-a, a), a = sqrt(6 / 7)
public enum Initializers {
    /// Which fan `kaimingUniform` / `kaimingNormal` scale by (PyTorch `mode="fan_in"` / `"fan_out"`).
    public enum FanMode: Sendable {
        /// Preserves the variance of the activations in the forward pass (the default).
        case fanIn
        /// Preserves the variance of the gradients in the backward pass.
        case fanOut
    }

    /// The nonlinearity that follows the layer, for the recommended gain (`torch.nn.init.calculate_gain`).
    public enum Nonlinearity: Sendable {
        /// gain 1 (also PyTorch's conv and identity).
        case linear
        /// gain 1.
        case sigmoid
        /// gain 5/3.
        case tanh
        /// gain sqrt(2).
        case relu
        /// gain sqrt(2 / (1 + slope^2)), with the slope passed as `a`.
        case leakyRelu
    }

    /// The recommended gain for `nonlinearity` (`torch.nn.init.calculate_gain`); `slope` is the negative
    /// slope of a leaky ReLU.
    public static func gain(for nonlinearity: Nonlinearity, slope: Double = 0.01) -> Double {
        switch nonlinearity {
        case .linear, .sigmoid: return 1
        case .tanh: return 5.0 / 3.0
        case .relu: return 2.0.squareRoot()
        case .leakyRelu: return (2.0 / (1 + slope * slope)).squareRoot()
        }
    }

    /// `(fanIn, fanOut)` of a weight of `shape` [out, in, k...] (rank >= 2, like PyTorch).
    public static func fans(_ shape: [Int]) -> (fanIn: Int, fanOut: Int) { fans(shape, "Initializers.fans") }

    static func fans(_ shape: [Int], _ op: String) -> (fanIn: Int, fanOut: Int) {
        if shape.count < 2 {
            failure("\(op): fan in and fan out cannot be computed for shape \(shape) with fewer than 2 dimensions")
        }
        let receptive = shape.dropFirst(2).reduce(1, *)
        return (shape[1] * receptive, shape[0] * receptive)
    }

    // MARK: - Plain distributions

    /// U[low, high) (`torch.nn.init.uniform_`, defaults a=0, b=1).
    public static func uniform<S: TensorScalar>(
        _ shape: [Int], low: S = 0, high: S = 1, using rng: RandomSource
    ) -> Tensor<S> {
        if !(low <= high) { failure("Initializers.uniform: low \(low) > high \(high)") }
        return uniform(shape, Double(low), Double(high), rng, "Initializers.uniform")
    }

    /// N(mean, std^2) (`torch.nn.init.normal_`, defaults mean=0, std=1).
    public static func normal<S: TensorScalar>(
        _ shape: [Int], mean: S = 0, std: S = 1, using rng: RandomSource
    ) -> Tensor<S> {
        if !(std >= 0) { failure("Initializers.normal: std \(std) is negative") }
        return normal(shape, Double(mean), Double(std), rng, "Initializers.normal")
    }

    /// All zeros (`torch.nn.init.zeros_`).
    public static func zeros<S: TensorScalar>(_ shape: [Int]) -> Tensor<S> { .zeros(shape) }

    /// All ones (`torch.nn.init.ones_`).
    public static func ones<S: TensorScalar>(_ shape: [Int]) -> Tensor<S> { .ones(shape) }

    // MARK: - Glorot / Xavier

    /// U(-a, a) with `a = gain * sqrt(6 / (fanIn + fanOut))` (`torch.nn.init.xavier_uniform_`).
    public static func xavierUniform<S: TensorScalar>(
        _ shape: [Int], gain: Double = 1, using rng: RandomSource
    ) -> Tensor<S> {
        let (fanIn, fanOut) = fans(shape, "Initializers.xavierUniform")
        let a = 3.0.squareRoot() * gain * (2.0 / Double(fanIn + fanOut)).squareRoot()
        return uniform(shape, -a, a, rng, "Initializers.xavierUniform")
    }

    /// N(0, std^2) with `std = gain * sqrt(2 / (fanIn + fanOut))` (`torch.nn.init.xavier_normal_`).
    public static func xavierNormal<S: TensorScalar>(
        _ shape: [Int], gain: Double = 1, using rng: RandomSource
    ) -> Tensor<S> {
        let (fanIn, fanOut) = fans(shape, "Initializers.xavierNormal")
        let std = gain * (2.0 / Double(fanIn + fanOut)).squareRoot()
        return normal(shape, 0, std, rng, "Initializers.xavierNormal")
    }

    // MARK: - He / Kaiming

    /// U(-bound, bound) with `bound = gain * sqrt(3 / fan)` (`torch.nn.init.kaiming_uniform_`), where `fan`
    /// is chosen by `mode` and `gain = gain(for: nonlinearity, slope: a)`. PyTorch's defaults: a = 0,
    /// fan in, leaky ReLU (so gain sqrt(2)). `Linear`'s default init is this with `a = sqrt(5)`, which gives
    /// bound `1 / sqrt(fanIn)`.
    public static func kaimingUniform<S: TensorScalar>(
        _ shape: [Int], a: Double = 0, mode: FanMode = .fanIn, nonlinearity: Nonlinearity = .leakyRelu,
        using rng: RandomSource
    ) -> Tensor<S> {
        let std = kaimingStd(shape, a: a, mode: mode, nonlinearity: nonlinearity, "Initializers.kaimingUniform")
        let bound = 3.0.squareRoot() * std
        return uniform(shape, -bound, bound, rng, "Initializers.kaimingUniform")
    }

    /// N(0, std^2) with `std = gain / sqrt(fan)` (`torch.nn.init.kaiming_normal_`); arguments as in
    /// `kaimingUniform`.
    public static func kaimingNormal<S: TensorScalar>(
        _ shape: [Int], a: Double = 0, mode: FanMode = .fanIn, nonlinearity: Nonlinearity = .leakyRelu,
        using rng: RandomSource
    ) -> Tensor<S> {
        let std = kaimingStd(shape, a: a, mode: mode, nonlinearity: nonlinearity, "Initializers.kaimingNormal")
        return normal(shape, 0, std, rng, "Initializers.kaimingNormal")
    }

    // MARK: - Orthogonal

    /// A (semi-)orthogonal matrix scaled by `gain` (`torch.nn.init.orthogonal_`).
    ///
    /// The shape [rows, d1, d2, ...] is treated as the matrix [rows, cols] with cols = d1 * d2 * ... . As in
    /// PyTorch: draw G ~ N(0, 1) of that shape (transposed when rows < cols, so it is tall), factor G = Q R
    /// (reduced QR), multiply column j of Q by sign(R[j, j]) so the factorization is unique, transpose back
    /// and scale by `gain`. The rows of the result are orthonormal when rows <= cols (W W^T = gain^2 I),
    /// its columns when rows >= cols (W^T W = gain^2 I).
    public static func orthogonal<S: TensorScalar>(
        _ shape: [Int], gain: Double = 1, using rng: RandomSource
    ) -> Tensor<S> {
        if shape.count < 2 {
            failure("Initializers.orthogonal: shape \(shape) has fewer than 2 dimensions")
        }
        for s in shape where s < 0 { failure("Initializers.orthogonal: negative dimension in shape \(shape)") }
        let count = shape.reduce(1, *)
        if count == 0 { return .zeros(shape) }
        let rows = shape[0], cols = count / rows
        let g = rng.normals(count: count)                      // [rows, cols]
        let tall = rows >= cols
        let (m, n) = tall ? (rows, cols) : (cols, rows)
        // a: the tall matrix [m, n], row-major.
        var a = [Double](repeating: 0, count: m * n)
        for r in 0..<rows {
            for c in 0..<cols { if tall { a[r * n + c] = g[r * cols + c] } else { a[c * n + r] = g[r * cols + c] } }
        }
        let q = householderQ(a, m: m, n: n)                   // [m, n], R with positive diagonal
        var out = [S](repeating: 0, count: count)
        for r in 0..<rows {
            for c in 0..<cols { out[r * cols + c] = S(gain * (tall ? q[r * n + c] : q[c * n + r])) }
        }
        return Tensor(shape: shape, scalars: out)
    }

    /// Q of the reduced QR factorization of the row-major [m, n] matrix `a` (m >= n) by Householder
    /// reflections, with the signs chosen so that diag(R) >= 0 (PyTorch's `q *= sign(diag(r))`).
    static func householderQ(_ a: [Double], m: Int, n: Int) -> [Double] {
        var a = a
        var reflectors: [[Double]] = []                         // v_k, of length m - k, |v_k| = 1
        var signs = [Double](repeating: 1, count: n)            // sign(R[k, k])
        for k in 0..<n {
            var v = (k..<m).map { a[$0 * n + k] }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            // H x = alpha e1 with alpha = -sign(x0) |x| (no cancellation); R[k, k] = alpha.
            let alpha = v[0] >= 0 ? -norm : norm
            signs[k] = alpha > 0 ? 1 : (alpha < 0 ? -1 : 0)
            v[0] -= alpha
            let vnorm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if vnorm > 0 { v = v.map { $0 / vnorm } }
            // A[k:, k:] -= 2 v (v^T A[k:, k:])
            for j in k..<n {
                var dot = 0.0
                for i in k..<m { dot += v[i - k] * a[i * n + j] }
                for i in k..<m { a[i * n + j] -= 2 * v[i - k] * dot }
            }
            reflectors.append(v)
        }
        // Q = H_0 H_1 ... H_{n-1} [I_n; 0], applied right to left.
        var q = [Double](repeating: 0, count: m * n)
        for j in 0..<n { q[j * n + j] = 1 }
        for k in stride(from: n - 1, through: 0, by: -1) {
            let v = reflectors[k]
            for j in 0..<n {
                var dot = 0.0
                for i in k..<m { dot += v[i - k] * q[i * n + j] }
                for i in k..<m { q[i * n + j] -= 2 * v[i - k] * dot }
            }
        }
        for i in 0..<m { for j in 0..<n { q[i * n + j] *= signs[j] } }
        return q
    }

    // MARK: - Shared draws (in Double, converted at the end)

    static func uniform<S: TensorScalar>(
        _ shape: [Int], _ low: Double, _ high: Double, _ rng: RandomSource, _ op: String
    ) -> Tensor<S> {
        for s in shape where s < 0 { failure("\(op): negative dimension in shape \(shape)") }
        let n = shape.reduce(1, *)
        return Tensor(shape: shape, scalars: rng.uniforms(count: n).map { S(low + (high - low) * $0) })
    }

    static func normal<S: TensorScalar>(
        _ shape: [Int], _ mean: Double, _ std: Double, _ rng: RandomSource, _ op: String
    ) -> Tensor<S> {
        for s in shape where s < 0 { failure("\(op): negative dimension in shape \(shape)") }
        let n = shape.reduce(1, *)
        return Tensor(shape: shape, scalars: rng.normals(count: n).map { S(mean + std * $0) })
    }

    static func kaimingStd(
        _ shape: [Int], a: Double, mode: FanMode, nonlinearity: Nonlinearity, _ op: String
    ) -> Double {
        let (fanIn, fanOut) = fans(shape, op)
        let fan = mode == .fanIn ? fanIn : fanOut
        if fan == 0 { return 0 }   // no elements: nothing is drawn
        return gain(for: nonlinearity, slope: a) / Double(fan).squareRoot()
    }
}
