/// RMSProp (Hinton, 2012; centered variant from Graves, 2013): PyTorch's `torch.optim.RMSprop` (same
/// defaults, same formulas; see `update`).
///
///     let optimizer = RMSProp(parameters: model.parameters(), learningRate: 0.01)
///
/// State per parameter (created at its first step): `step`, `square_avg`, `momentum_buffer` (when
/// `momentum > 0`) and `grad_avg` (when `centered`).
public final class RMSProp<S: TensorScalar>: Optimizer {
    public typealias Scalar = S

    /// The state of one parameter.
    public struct State {
        /// How many updates this parameter received.
        public var step: Int
        /// The running mean of squared gradients (`square_avg`).
        public var squareAvg: [S]
        /// The velocity (`momentum_buffer`); empty when momentum is 0.
        public var momentumBuffer: [S]
        /// The running mean of gradients (`grad_avg`); empty unless centered.
        public var gradAvg: [S]

        /// The state before the first step: zeros.
        public init(count: Int, momentum: Bool, centered: Bool) {
            step = 0
            squareAvg = [S](repeating: 0, count: count)
            momentumBuffer = momentum ? squareAvg : []
            gradAvg = centered ? squareAvg : []
        }

        public init(step: Int, squareAvg: [S], momentumBuffer: [S], gradAvg: [S]) {
            self.step = step
            self.squareAvg = squareAvg
            self.momentumBuffer = momentumBuffer
            self.gradAvg = gradAvg
        }
    }

    public let parameters: [Parameter<S>]
    public var learningRate: Double { didSet { validateLearningRate(learningRate, "RMSProp") } }
    /// The smoothing constant of the running averages.
    public let alpha: Double
    public let epsilon: Double
    /// L2 coefficient added to the gradient (`g + weightDecay * p`).
    public let weightDecay: Double
    public let momentum: Double
    /// Normalize by the estimated variance `E[g^2] - E[g]^2` instead of `E[g^2]`.
    public let centered: Bool
    public var stepCount = 0
    /// One entry per parameter, nil until the parameter's first update.
    var states: [State?]

    public init(
        parameters: [Parameter<S>], learningRate: Double = 0.01, alpha: Double = 0.99, epsilon: Double = 1e-8,
        weightDecay: Double = 0, momentum: Double = 0, centered: Bool = false
    ) {
        validateParameterList(parameters, "RMSProp")
        validateLearningRate(learningRate, "RMSProp")
        checkHyperparameter(alpha >= 0 && alpha <= 1, "RMSProp", "alpha", alpha, "must be in [0, 1]")
        checkNonNegative(epsilon, "RMSProp", "epsilon")
        checkNonNegative(weightDecay, "RMSProp", "weight decay")
        checkNonNegative(momentum, "RMSProp", "momentum")
        self.parameters = parameters
        self.learningRate = learningRate
        self.alpha = alpha
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.momentum = momentum
        self.centered = centered
        self.states = Array(repeating: nil, count: parameters.count)
    }

    public func step() {
        stepCount += 1
        forEachParameterWithGradient(parameters) { i, values, grad in
            if states[i] == nil { states[i] = State(count: values.count, momentum: momentum > 0, centered: centered) }
            Self.update(&values, grad: grad, state: &states[i]!, learningRate: learningRate, alpha: alpha,
                        epsilon: epsilon, weightDecay: weightDecay, momentum: momentum, centered: centered)
        }
    }

    /// One step for one parameter (PyTorch `_single_tensor_rmsprop`), elementwise:
    ///
    ///     g = grad + weightDecay * p                 (only if weightDecay != 0)
    ///     s = alpha * s + (1 - alpha) * g * g         (square_avg)
    ///     a = a + (1 - alpha) * (g - a)               (centered: grad_avg, = alpha * a + (1 - alpha) * g)
    ///     d = sqrt(s - a * a) + epsilon               (centered)
    ///     d = sqrt(s) + epsilon                       (otherwise)
    ///     b = momentum * b + g / d;  p = p - lr * b   (momentum > 0; b starts at 0)
    ///     p = p - lr * g / d                          (otherwise)
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public static func update(
        _ param: inout [S], grad: [S], state: inout State, learningRate: Double, alpha: Double, epsilon: Double,
        weightDecay: Double, momentum: Double, centered: Bool
    ) {
        let n = param.count
        state.step += 1
        let lr = S(learningRate), a = S(alpha), w = S(1 - alpha), eps = S(epsilon)
        let wd = S(weightDecay), decays = weightDecay != 0, mu = S(momentum), usesMomentum = momentum > 0
        param.withUnsafeMutableBufferPointer { p in
            grad.withUnsafeBufferPointer { g in
                state.squareAvg.withUnsafeMutableBufferPointer { s in
                    state.gradAvg.withUnsafeMutableBufferPointer { gAvg in            // empty unless centered
                        state.momentumBuffer.withUnsafeMutableBufferPointer { b in    // empty unless momentum
                            for i in 0..<n {
                                let gi = decays ? g[i] + wd * p[i] : g[i]
                                s[i] = s[i] * a + w * gi * gi
                                var d: S
                                if centered {
                                    gAvg[i] = lerp(gAvg[i], gi, weight: w)
                                    d = (s[i] - gAvg[i] * gAvg[i]).squareRoot()
                                } else {
                                    d = s[i].squareRoot()
                                }
                                d = d + eps
                                if usesMomentum {
                                    b[i] = b[i] * mu + gi / d
                                    p[i] = p[i] - lr * b[i]
                                } else {
                                    p[i] = p[i] - lr * (gi / d)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `"<index>.step"`, `".square_avg"`, `".momentum_buffer"` (momentum > 0), `".grad_avg"` (centered).
    public var stateTensors: [String: Tensor<S>] {
        get {
            OptimizerState.export(states.enumerated().map { i, state in
                guard let state else { return nil }
                let shape = parameters[i].shape
                var list = [("step", Tensor(S(state.step))),
                            ("square_avg", Tensor(shape: shape, scalars: state.squareAvg))]
                if momentum > 0 {
                    list.append(("momentum_buffer", Tensor(shape: shape, scalars: state.momentumBuffer)))
                }
                if centered { list.append(("grad_avg", Tensor(shape: shape, scalars: state.gradAvg))) }
                return list
            })
        }
        set {
            let split = OptimizerState.split(newValue, parameters: parameters, names: stateNames, "RMSProp")
            states = split.enumerated().map { i, b in
                guard let b else { return nil }
                func take(_ name: String) -> [S] { OptimizerState.take(name, b, index: i, "RMSProp") }
                return State(step: OptimizerState.takeStep(b, index: i, "RMSProp"), squareAvg: take("square_avg"),
                             momentumBuffer: momentum > 0 ? take("momentum_buffer") : [],
                             gradAvg: centered ? take("grad_avg") : [])
            }
        }
    }

    public var stateNames: Set<String> {
        var names: Set<String> = ["step", "square_avg"]
        if momentum > 0 { names.insert("momentum_buffer") }
        if centered { names.insert("grad_avg") }
        return names
    }
}
