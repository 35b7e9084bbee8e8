import Foundation

/// An echo state network (Jaeger 2001): a fixed random recurrent reservoir and a linear readout trained in
/// closed form by ridge regression.
///
/// Shape letters: K input features, N reservoir units, L outputs, T time steps, M = 1 + K + N readout features.
///
///     x[t] = (1 - a) * x[t-1] + a * tanh(W_in @ [1; u[t]] + W @ x[t-1])      // [N], x[-1] = 0 unless given
///     y[t] = W_out @ [1; u[t]; x[t]]                                          // [L]
///
/// - W [N, N] (`reservoir`): each entry is nonzero with probability 1 - sparsity, drawn from U(-1, 1); the
///   matrix is then rescaled so that its spectral radius max |lambda_i(W)| equals rho (`spectralRadius`). The
///   eigenvalues come from LAPACK's `dgeev` (`LAPACK.spectralRadius`): power iteration does not converge when
///   the leading eigenvalues of a non-symmetric matrix are a complex pair, which is the usual case here.
/// - W_in [N, 1 + K] (`inputWeights`): column 0 is the bias, U(-biasScaling, biasScaling); the others are
///   U(-inputScaling, inputScaling).
/// - a in (0, 1] is the leak rate (1: no leaking, the original ESN).
/// - W_out [L, M] (`readout`) is the only trained part. With the features z[t] = [1; u[t]; x[t]] of the steps
///   after the washout stacked as the rows of Z [T', M] and the targets as the rows of Y [T', L]:
///
///       (Z^T @ Z + beta * I) @ W_out^T = Z^T @ Y                                 // Cholesky (LAPACK dposv)
///
///   (beta = `ridge`; the bias column is regularized too, as in Lukosevicius 2012's ridge-regression readout).
/// - Training is teacher-forced: the reservoir is driven by the true inputs. `generate` runs free: each output
///   is fed back as the next input (one-step-ahead prediction, so K = L).
///
/// References: H. Jaeger, "The 'echo state' approach to analysing and training recurrent neural networks",
/// GMD Report 148, 2001; M. Lukosevicius, "A Practical Guide to Applying Echo State Networks", in Neural
/// Networks: Tricks of the Trade, 2nd ed., LNCS 7700, 2012 (the leaky-integrator update and the ridge readout).
///
/// There is no PyTorch equivalent; `Tools/fixtures/esn.py` computes the same equations with NumPy.
public struct EchoStateNetwork: Sendable {
    /// The hyperparameters. Every random draw comes from `seed`.
    public struct Configuration: Codable, Equatable, Sendable {
        /// K: features of u[t].
        public var inputSize: Int
        /// N: reservoir units.
        public var reservoirSize: Int
        /// L: features of y[t].
        public var outputSize: Int
        /// rho > 0: the spectral radius W is rescaled to.
        public var spectralRadius: Double
        /// a in (0, 1].
        public var leakRate: Double
        /// The half-width of the uniform input weights (columns 1... of W_in).
        public var inputScaling: Double
        /// The half-width of the uniform bias (column 0 of W_in).
        public var biasScaling: Double
        /// The fraction of zero entries of W, in [0, 1).
        public var sparsity: Double
        /// beta >= 0, the ridge-regression regularization.
        public var ridge: Double
        public var seed: UInt64

        public init(inputSize: Int = 1, reservoirSize: Int, outputSize: Int = 1, spectralRadius: Double = 0.9,
                    leakRate: Double = 1, inputScaling: Double = 1, biasScaling: Double = 0.2, sparsity: Double = 0.9,
                    ridge: Double = 1e-8, seed: UInt64 = 0) {
            self.inputSize = inputSize; self.reservoirSize = reservoirSize; self.outputSize = outputSize
            self.spectralRadius = spectralRadius; self.leakRate = leakRate; self.inputScaling = inputScaling
            self.biasScaling = biasScaling; self.sparsity = sparsity; self.ridge = ridge; self.seed = seed
        }

        /// The first problem with these values, as a one-line message, or nil when they are valid.
        public var problem: String? {
            let name = "EchoStateNetwork"
            if reservoirSize < 1 { return "\(name): reservoir size \(reservoirSize) must be at least 1" }
            if inputSize < 1 { return "\(name): input size \(inputSize) must be at least 1" }
            if outputSize < 1 { return "\(name): output size \(outputSize) must be at least 1" }
            if !(spectralRadius > 0 && spectralRadius.isFinite) {
                return "\(name): spectral radius \(spectralRadius) must be a finite number > 0"
            }
            if !(leakRate > 0 && leakRate <= 1) { return "\(name): leak rate \(leakRate) is outside (0, 1]" }
            if !(sparsity >= 0 && sparsity < 1) { return "\(name): sparsity \(sparsity) is outside [0, 1)" }
            if !(inputScaling >= 0 && inputScaling.isFinite) {
                return "\(name): input scaling \(inputScaling) must be a finite number >= 0"
            }
            if !(biasScaling >= 0 && biasScaling.isFinite) {
                return "\(name): bias scaling \(biasScaling) must be a finite number >= 0"
            }
            if !(ridge >= 0 && ridge.isFinite) { return "\(name): ridge \(ridge) must be a finite number >= 0" }
            return nil
        }
    }

    public let configuration: Configuration
    /// W [N, N], row-major, rescaled to spectral radius rho.
    public let reservoir: [Double]
    /// W_in [N, 1 + K], row-major; column 0 is the bias.
    public let inputWeights: [Double]
    /// W_out [L, 1 + K + N], row-major; zero until `train`.
    public private(set) var readout: [Double]

    /// A random reservoir and input weights drawn from `configuration.seed`.
    public init(_ configuration: Configuration) {
        if let problem = configuration.problem { failure(problem) }
        let n = configuration.reservoirSize, k = configuration.inputSize
        let rng = RandomSource(seed: configuration.seed)
        let draws = rng.uniforms(count: 2 * n * n)
        var w = [Double](repeating: 0, count: n * n)
        for i in 0..<(n * n) where draws[2 * i] >= configuration.sparsity { w[i] = 2 * draws[2 * i + 1] - 1 }
        let u = rng.uniforms(count: n * (1 + k))
        var wIn = [Double](repeating: 0, count: n * (1 + k))
        for i in 0..<n {
            for j in 0...k {
                let scale = j == 0 ? configuration.biasScaling : configuration.inputScaling
                wIn[i * (1 + k) + j] = scale * (2 * u[i * (1 + k) + j] - 1)
            }
        }
        self.init(configuration, unscaledReservoir: w, inputWeights: wIn)
    }

    /// Given weights: `unscaledReservoir` [N, N] is rescaled to spectral radius rho (its sparsity is what it is);
    /// `inputWeights` [N, 1 + K] are used as they are (the scalings and the seed of `configuration` are unused).
    public init(_ configuration: Configuration, unscaledReservoir w: [Double], inputWeights: [Double]) {
        if let problem = configuration.problem { failure(problem) }
        let n = configuration.reservoirSize, k = configuration.inputSize, l = configuration.outputSize
        if w.count != n * n { failure("EchoStateNetwork: reservoir has \(w.count) values, expected [N, N] = [\(n), \(n)]") }
        if inputWeights.count != n * (1 + k) {
            failure("EchoStateNetwork: input weights have \(inputWeights.count) values, expected [N, 1 + K] = [\(n), \(1 + k)]")
        }
        let radius = LAPACK.spectralRadius(of: w, n: n)
        let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if !(radius > 1e-10 * norm) || !radius.isFinite {
            failure("EchoStateNetwork: the reservoir (N = \(n), sparsity \(configuration.sparsity)) has spectral " +
                    "radius \(radius) and cannot be rescaled to \(configuration.spectralRadius); lower the sparsity " +
                    "or change the seed")
        }
        let scale = configuration.spectralRadius / radius
        self.configuration = configuration
        self.reservoir = w.map { $0 * scale }
        self.inputWeights = inputWeights
        self.readout = [Double](repeating: 0, count: l * (1 + k + n))
    }

    /// One reservoir step: x = (1 - a) * x + a * tanh(W_in @ [1; u] + W @ x).
    public func update(_ x: inout [Double], input u: [Double]) {
        let n = configuration.reservoirSize, k = configuration.inputSize, a = configuration.leakRate
        if x.count != n || u.count != k {
            failure("EchoStateNetwork.update: state of \(x.count) values and input of \(u.count), expected N = \(n) and K = \(k)")
        }
        var pre = [Double](repeating: 0, count: n)                                  // [N]
        reservoir.withUnsafeBufferPointer { w in
            inputWeights.withUnsafeBufferPointer { wIn in
                for i in 0..<n {
                    var s = wIn[i * (1 + k)]
                    for j in 0..<k { s += wIn[i * (1 + k) + 1 + j] * u[j] }
                    let row = i * n
                    for j in 0..<n { s += w[row + j] * x[j] }
                    pre[i] = s
                }
            }
        }
        for i in 0..<n { x[i] = (1 - a) * x[i] + a * Foundation.tanh(pre[i]) }
    }

    /// The states x[0], ..., x[T-1] ([T][N]) driven by `inputs` ([T][K]) from `initial` (zeros if nil).
    public func states(_ inputs: [[Double]], from initial: [Double]? = nil) -> [[Double]] {
        var x = initial ?? [Double](repeating: 0, count: configuration.reservoirSize)
        var out = [[Double]](); out.reserveCapacity(inputs.count)
        for u in inputs { update(&x, input: u); out.append(x) }
        return out
    }

    /// y = W_out @ [1; u; x]  // [L]
    public func output(state x: [Double], input u: [Double]) -> [Double] {
        let n = configuration.reservoirSize, k = configuration.inputSize, m = 1 + k + n
        if x.count != n || u.count != k {
            failure("EchoStateNetwork.output: state of \(x.count) values and input of \(u.count), expected N = \(n) and K = \(k)")
        }
        return (0..<configuration.outputSize).map { l in
            var s = readout[l * m]
            for j in 0..<k { s += readout[l * m + 1 + j] * u[j] }
            for j in 0..<n { s += readout[l * m + 1 + k + j] * x[j] }
            return s
        }
    }

    /// What `train` returns: the teacher-forced outputs after the washout and the state after the last input.
    public struct Training: Sendable {
        /// y[t] for t = washout..<T, [T - washout][L].
        public var outputs: [[Double]]
        /// x[T-1], where `generate` continues.
        public var finalState: [Double]
    }

    /// Fits W_out by ridge regression on the teacher-forced states of `inputs` ([T][K]) against `targets`
    /// ([T][L]), leaving out the first `washout` steps (the reservoir forgets its zero initial state there).
    /// For one-step-ahead prediction of a series s, pass inputs s[0..<T] and targets s[1...T].
    @discardableResult
    public mutating func train(inputs: [[Double]], targets: [[Double]], washout: Int) -> Training {
        let n = configuration.reservoirSize, k = configuration.inputSize, l = configuration.outputSize
        let t = inputs.count, m = 1 + k + n
        if targets.count != t { failure("EchoStateNetwork.train: \(t) input steps but \(targets.count) target steps") }
        if washout < 0 || washout >= t {
            failure("EchoStateNetwork.train: washout \(washout) must be in 0..<\(t) (the series length)")
        }
        for (i, u) in inputs.enumerated() where u.count != k {
            failure("EchoStateNetwork.train: input step \(i) has \(u.count) features, expected K = \(k)")
        }
        for (i, y) in targets.enumerated() where y.count != l {
            failure("EchoStateNetwork.train: target step \(i) has \(y.count) features, expected L = \(l)")
        }
        let x = states(inputs)                                                      // [T][N]
        let rows = t - washout
        var z = [Double](repeating: 0, count: rows * m)                             // [T', M]
        var y = [Double](repeating: 0, count: rows * l)                             // [T', L]
        for r in 0..<rows {
            z[r * m] = 1
            for j in 0..<k { z[r * m + 1 + j] = inputs[washout + r][j] }
            for j in 0..<n { z[r * m + 1 + k + j] = x[washout + r][j] }
            for j in 0..<l { y[r * l + j] = targets[washout + r][j] }
        }
        readout = Self.ridgeReadout(features: z, targets: y, rows: rows, columns: m, outputs: l,
                                    ridge: configuration.ridge)
        let outputs = (washout..<t).map { output(state: x[$0], input: inputs[$0]) }
        return Training(outputs: outputs, finalState: x[t - 1])
    }

    /// W_out [L, M] solving (Z^T @ Z + beta * I) @ W_out^T = Z^T @ Y for Z [rows, M] and Y [rows, L] (row-major).
    public static func ridgeReadout(features z: [Double], targets y: [Double], rows: Int, columns m: Int,
                                    outputs l: Int, ridge beta: Double) -> [Double] {
        if z.count != rows * m || y.count != rows * l || rows < 1 || m < 1 || l < 1 {
            failure("EchoStateNetwork.ridgeReadout: Z has \(z.count) values for [\(rows), \(m)], Y \(y.count) for [\(rows), \(l)]")
        }
        var gram = [Double](repeating: 0, count: m * m)                             // Z^T @ Z  [M, M]
        var rhs = [Double](repeating: 0, count: l * m)                              // Y^T @ Z  [L, M] = (Z^T @ Y)^T
        z.withUnsafeBufferPointer { zp in
            BLAS.dgemm(transA: true, transB: false, m: m, n: m, k: rows, alpha: 1, a: zp.baseAddress!, lda: m,
                       b: zp.baseAddress!, ldb: m, beta: 0, c: &gram, ldc: m)
            y.withUnsafeBufferPointer { yp in
                BLAS.dgemm(transA: true, transB: false, m: l, n: m, k: rows, alpha: 1, a: yp.baseAddress!, lda: l,
                           b: zp.baseAddress!, ldb: m, beta: 0, c: &rhs, ldc: m)
            }
        }
        for i in 0..<m { gram[i * m + i] += beta }
        // Each row of rhs is one right-hand side (B column-major [M, L]); the solution comes back as W_out [L, M].
        guard let w = LAPACK.solvePositiveDefinite(gram, n: m, rightHandSides: rhs, count: l) else {
            failure("EchoStateNetwork.ridgeReadout: Z^T Z + beta I [\(m), \(m)] is not positive definite in " +
                    "floating point (ridge beta = \(beta)); use a larger ridge")
        }
        return w
    }

    /// Free-running generation: starting from state x (after the input `lastInput`), returns `steps` outputs,
    /// each fed back as the next input: y[0] = W_out @ [1; u; x], then x = update(x, y[i-1]),
    /// y[i] = W_out @ [1; y[i-1]; x]. Needs K = L.
    public func generate(steps: Int, from state: [Double], lastInput: [Double]) -> [[Double]] {
        if configuration.inputSize != configuration.outputSize {
            failure("EchoStateNetwork.generate: output size L = \(configuration.outputSize) must equal input size " +
                    "K = \(configuration.inputSize) to feed outputs back")
        }
        if steps < 1 { failure("EchoStateNetwork.generate: steps \(steps) must be at least 1") }
        var x = state, u = lastInput
        var out = [[Double]](); out.reserveCapacity(steps)
        var y = output(state: x, input: u)
        out.append(y)
        for _ in 1..<steps {
            u = y
            update(&x, input: u)
            y = output(state: x, input: u)
            out.append(y)
        }
        return out
    }
}
