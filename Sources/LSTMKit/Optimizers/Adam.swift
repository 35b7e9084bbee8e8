import Dispatch
import Foundation

/// Adam (Kingma and Ba, 2015) with optional L2 weight decay and AMSGrad: PyTorch's `torch.optim.Adam`
/// (same defaults, same formulas, bias correction by each parameter's own step count; see `update`).
///
///     let optimizer = Adam(parameters: model.parameters(), learningRate: 1e-3)
///
/// `weightDecay` here adds `weightDecay * p` to the gradient before the moments (classic L2, coupled with the
/// adaptive scaling); for decoupled weight decay use `AdamW`.
///
/// State per parameter (created at its first step): `step`, `exp_avg`, `exp_avg_sq`, and `max_exp_avg_sq`
/// when `amsgrad` is on.
public final class Adam<S: TensorScalar>: Optimizer {
    public typealias Scalar = S

    /// The state of one parameter (shared with `AdamW`).
    public struct State {
        /// How many updates this parameter received (`t` in the bias corrections).
        public var step: Int
        /// The first moment `m` (PyTorch `exp_avg`).
        public var expAvg: [S]
        /// The second moment `v` (PyTorch `exp_avg_sq`).
        public var expAvgSq: [S]
        /// The running maximum of `v` for AMSGrad (`max_exp_avg_sq`); empty when AMSGrad is off.
        public var maxExpAvgSq: [S]

        /// The state before the first step: zeros.
        public init(count: Int, amsgrad: Bool) {
            step = 0
            expAvg = [S](repeating: 0, count: count)
            expAvgSq = expAvg
            maxExpAvgSq = amsgrad ? expAvg : []
        }

        public init(step: Int, expAvg: [S], expAvgSq: [S], maxExpAvgSq: [S]) {
            self.step = step
            self.expAvg = expAvg
            self.expAvgSq = expAvgSq
            self.maxExpAvgSq = maxExpAvgSq
        }
    }

    public let parameters: [Parameter<S>]
    public var learningRate: Double { didSet { validateLearningRate(learningRate, "Adam") } }
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double
    /// L2 coefficient added to the gradient (`g + weightDecay * p`).
    public let weightDecay: Double
    public let amsgrad: Bool
    public var stepCount = 0
    /// One entry per parameter, nil until the parameter's first update.
    var states: [State?]

    /// - Parameters:
    ///   - parameters: the parameters to update, in a fixed order (the optimizer state follows it).
    ///   - learningRate: the step size.
    ///   - beta1: the decay rate of the first moment, in [0, 1).
    ///   - beta2: the decay rate of the second moment, in [0, 1).
    ///   - epsilon: added to the denominator, after the square root and bias correction.
    ///   - weightDecay: L2 coefficient added to the gradient.
    ///   - amsgrad: divide by the running maximum of the second moment (Reddi et al., 2018).
    public init(
        parameters: [Parameter<S>], learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
        epsilon: Double = 1e-8, weightDecay: Double = 0, amsgrad: Bool = false
    ) {
        Self.validate("Adam", parameters, learningRate, beta1, beta2, epsilon, weightDecay)
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.amsgrad = amsgrad
        self.states = Array(repeating: nil, count: parameters.count)
    }

    public func step() {
        stepCount += 1
        forEachParameterWithGradient(parameters) { i, values, grad in
            if states[i] == nil { states[i] = State(count: values.count, amsgrad: amsgrad) }
            Self.update(&values, grad: grad, state: &states[i]!, learningRate: learningRate, beta1: beta1,
                        beta2: beta2, epsilon: epsilon, weightDecay: weightDecay, decoupledWeightDecay: false,
                        amsgrad: amsgrad)
        }
    }

    /// One Adam or AdamW step for one parameter (PyTorch `_single_tensor_adam` / `_single_tensor_adamw`).
    /// With `t` the parameter's step count after incrementing it, elementwise:
    ///
    ///     p = p * (1 - lr * weightDecay)                 (AdamW: decoupled decay, before everything else)
    ///     g = grad + weightDecay * p                     (Adam: L2 term, only if weightDecay != 0)
    ///     m = m + (1 - beta1) * (g - m)                  (= beta1 * m + (1 - beta1) * g)
    ///     v = beta2 * v + (1 - beta2) * g * g
    ///     vMax = max(vMax, v)                            (amsgrad; then v below means vMax)
    ///     denom = sqrt(v) / sqrt(1 - beta2^t) + epsilon
    ///     p = p - (lr / (1 - beta1^t)) * m / denom
    ///
    /// The bias corrections `1 - beta^t` and the step size are computed in Double, then converted to `S`.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public static func update(
        _ param: inout [S], grad: [S], state: inout State, learningRate: Double, beta1: Double, beta2: Double,
        epsilon: Double, weightDecay: Double, decoupledWeightDecay: Bool, amsgrad: Bool
    ) {
        let n = param.count
        state.step += 1
        let t = Double(state.step)
        let stepSize = S(learningRate / (1 - Foundation.pow(beta1, t)))
        let bc2Sqrt = S((1 - Foundation.pow(beta2, t)).squareRoot())
        let w1 = S(1 - beta1), b2 = S(beta2), w2 = S(1 - beta2), eps = S(epsilon)
        let l2 = !decoupledWeightDecay && weightDecay != 0, wd = S(weightDecay)
        let shrink = S(1 - learningRate * weightDecay)
        param.withUnsafeMutableBufferPointer { p in
            grad.withUnsafeBufferPointer { g in
                state.expAvg.withUnsafeMutableBufferPointer { m in
                    state.expAvgSq.withUnsafeMutableBufferPointer { v in
                        state.maxExpAvgSq.withUnsafeMutableBufferPointer { vMax in   // empty unless amsgrad
                            if !decoupledWeightDecay, !l2, !amsgrad, Swift.abs(w1) < 0.5 {
                                // The common case: the same operations as the general loop below (lerp with
                                // |weight| < 0.5 is m + w1 * (g - m)), 8 lanes at a time for Float.
                                var start = 0
                                if S.self == Float.self, n >= 8 {
                                    start = adamStepFloatParallel(
                                        floats(p.baseAddress!), floats(g.baseAddress!), floats(m.baseAddress!),
                                        floats(v.baseAddress!), n, Float(w1), Float(b2), Float(w2),
                                        Float(stepSize), Float(bc2Sqrt), Float(eps))
                                }
                                for i in start..<n {
                                    let gi = g[i]
                                    let mi = m[i] + w1 * (gi - m[i])
                                    let vi = v[i] * b2 + w2 * gi * gi
                                    m[i] = mi
                                    v[i] = vi
                                    p[i] = p[i] - stepSize * (mi / (vi.squareRoot() / bc2Sqrt + eps))
                                }
                                return
                            }
                            for i in 0..<n {
                                if decoupledWeightDecay { p[i] = p[i] * shrink }
                                let gi = l2 ? g[i] + wd * p[i] : g[i]
                                m[i] = lerp(m[i], gi, weight: w1)
                                v[i] = v[i] * b2 + w2 * gi * gi
                                var vi = v[i]
                                if amsgrad {
                                    vMax[i] = Swift.max(vMax[i], vi)
                                    vi = vMax[i]
                                }
                                let denom = vi.squareRoot() / bc2Sqrt + eps
                                p[i] = p[i] - stepSize * (m[i] / denom)
                            }
                        }
                    }
                }
            }
        }
    }

    /// `"<index>.step"`, `".exp_avg"`, `".exp_avg_sq"` (and `".max_exp_avg_sq"` with amsgrad).
    public var stateTensors: [String: Tensor<S>] {
        get { Self.export(states, parameters, amsgrad: amsgrad) }
        set { states = Self.import(newValue, parameters, amsgrad: amsgrad, "Adam") }
    }

    public var stateNames: Set<String> { Self.stateNames(amsgrad: amsgrad) }

    // MARK: Shared with AdamW

    static func validate(
        _ name: String, _ parameters: [Parameter<S>], _ learningRate: Double, _ beta1: Double, _ beta2: Double,
        _ epsilon: Double, _ weightDecay: Double
    ) {
        validateParameterList(parameters, name)
        validateLearningRate(learningRate, name)
        checkHyperparameter(beta1 >= 0 && beta1 < 1, name, "beta1", beta1, "must be in [0, 1)")
        checkHyperparameter(beta2 >= 0 && beta2 < 1, name, "beta2", beta2, "must be in [0, 1)")
        checkNonNegative(epsilon, name, "epsilon")
        checkNonNegative(weightDecay, name, "weight decay")
    }

    static func export(_ states: [State?], _ parameters: [Parameter<S>], amsgrad: Bool) -> [String: Tensor<S>] {
        OptimizerState.export(states.enumerated().map { i, state in
            guard let state else { return nil }
            let shape = parameters[i].shape
            var list = [("step", Tensor(S(state.step))),
                        ("exp_avg", Tensor(shape: shape, scalars: state.expAvg)),
                        ("exp_avg_sq", Tensor(shape: shape, scalars: state.expAvgSq))]
            if amsgrad {
                list.append(("max_exp_avg_sq", Tensor(shape: shape, scalars: state.maxExpAvgSq)))
            }
            return list
        })
    }

    static func stateNames(amsgrad: Bool) -> Set<String> {
        amsgrad ? ["step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"] : ["step", "exp_avg", "exp_avg_sq"]
    }

    static func `import`(
        _ tensors: [String: Tensor<S>], _ parameters: [Parameter<S>], amsgrad: Bool, _ name: String
    ) -> [State?] {
        let names = stateNames(amsgrad: amsgrad)
        return OptimizerState.split(tensors, parameters: parameters, names: names, name).enumerated().map { i, b in
            guard let b else { return nil }
            return State(step: OptimizerState.takeStep(b, index: i, name),
                         expAvg: OptimizerState.take("exp_avg", b, index: i, name),
                         expAvgSq: OptimizerState.take("exp_avg_sq", b, index: i, name),
                         maxExpAvgSq: amsgrad ? OptimizerState.take("max_exp_avg_sq", b, index: i, name) : [])
        }
    }
}

/// `adamStepFloat8` over the first `n / 8 * 8` elements, split over `BLAS.threadCount` threads for large
/// parameters (2^18 elements and more: an embedding table; waking a thread costs microseconds). Each element
/// gets the same operations whatever the split, so the result is the same bit for bit. Returns how many
/// elements it updated.
func adamStepFloatParallel(
    _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
    _ v: UnsafeMutablePointer<Float>, _ n: Int, _ w1: Float, _ b2: Float, _ w2: Float, _ stepSize: Float,
    _ bc2Sqrt: Float, _ eps: Float, threads: Int = BLAS.threadCount
) -> Int {
    let vectors = n / 8
    let parts = min(threads, n >> 17)
    if parts <= 1 { return adamStepFloat8(p, g, m, v, n, w1, b2, w2, stepSize, bc2Sqrt, eps) }
    // The buffers cross into the worker threads as addresses (pointers are not Sendable); each part updates
    // its own range of whole 8-lane vectors.
    let (pa, ga, ma, va) = (Int(bitPattern: p), Int(bitPattern: g), Int(bitPattern: m), Int(bitPattern: v))
    DispatchQueue.concurrentPerform(iterations: parts) { part in
        let first = 8 * (vectors * part / parts), end = 8 * (vectors * (part + 1) / parts)
        _ = adamStepFloat8(UnsafeMutablePointer<Float>(bitPattern: pa)! + first,
                           UnsafePointer<Float>(bitPattern: ga)! + first,
                           UnsafeMutablePointer<Float>(bitPattern: ma)! + first,
                           UnsafeMutablePointer<Float>(bitPattern: va)! + first,
                           end - first, w1, b2, w2, stepSize, bc2Sqrt, eps)
    }
    return 8 * vectors
}

/// The common-case Adam update (no weight decay, no AMSGrad) on the first `n / 8 * 8` elements, 8 lanes at
/// a time, with exactly the scalar loop's operations per lane; returns how many elements it updated.
private func adamStepFloat8(
    _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
    _ v: UnsafeMutablePointer<Float>, _ n: Int, _ w1: Float, _ b2: Float, _ w2: Float, _ stepSize: Float,
    _ bc2Sqrt: Float, _ eps: Float
) -> Int {
    typealias V = SIMD8<Float>
    var i = 0
    while i + 8 <= n {
        let gi = UnsafeRawPointer(g + i).loadUnaligned(as: V.self)
        let m0 = UnsafeRawPointer(m + i).loadUnaligned(as: V.self)
        let v0 = UnsafeRawPointer(v + i).loadUnaligned(as: V.self)
        let p0 = UnsafeRawPointer(p + i).loadUnaligned(as: V.self)
        let mi = m0 + w1 * (gi - m0)
        let vi = v0 * b2 + w2 * gi * gi
        let pi = p0 - stepSize * (mi / (vi.squareRoot() / bc2Sqrt + eps))
        UnsafeMutableRawPointer(m + i).storeBytes(of: mi, as: V.self)
        UnsafeMutableRawPointer(v + i).storeBytes(of: vi, as: V.self)
        UnsafeMutableRawPointer(p + i).storeBytes(of: pi, as: V.self)
        i += 8
    }
    return i
}
