/// Adagrad (Duchi et al., 2011): PyTorch's `torch.optim.Adagrad` (same defaults, same formulas; see
/// `update`).
///
///     let optimizer = Adagrad(parameters: model.parameters(), learningRate: 0.01)
///
/// State per parameter: `step` and `sum` (the accumulated squared gradients). Unlike the other optimizers,
/// and as in PyTorch, the state exists from construction: `sum` starts at `initialAccumulatorValue`.
public final class Adagrad<S: TensorScalar>: Optimizer {
    public typealias Scalar = S

    /// The state of one parameter.
    public struct State {
        /// How many updates this parameter received.
        public var step: Int
        /// The sum of squared gradients (PyTorch `sum`), starting at `initialAccumulatorValue`.
        public var sum: [S]

        public init(step: Int, sum: [S]) {
            self.step = step
            self.sum = sum
        }
    }

    public let parameters: [Parameter<S>]
    public var learningRate: Double { didSet { validateLearningRate(learningRate, "Adagrad") } }
    /// Step-size decay: step `t` uses `lr / (1 + (t - 1) * learningRateDecay)`.
    public let learningRateDecay: Double
    /// L2 coefficient added to the gradient (`g + weightDecay * p`).
    public let weightDecay: Double
    public let initialAccumulatorValue: Double
    public let epsilon: Double
    public var stepCount = 0
    /// One entry per parameter.
    var states: [State]

    public init(
        parameters: [Parameter<S>], learningRate: Double = 0.01, learningRateDecay: Double = 0,
        weightDecay: Double = 0, initialAccumulatorValue: Double = 0, epsilon: Double = 1e-10
    ) {
        validateParameterList(parameters, "Adagrad")
        validateLearningRate(learningRate, "Adagrad")
        checkNonNegative(learningRateDecay, "Adagrad", "learning rate decay")
        checkNonNegative(weightDecay, "Adagrad", "weight decay")
        checkNonNegative(initialAccumulatorValue, "Adagrad", "initial accumulator value")
        checkNonNegative(epsilon, "Adagrad", "epsilon")
        self.parameters = parameters
        self.learningRate = learningRate
        self.learningRateDecay = learningRateDecay
        self.weightDecay = weightDecay
        self.initialAccumulatorValue = initialAccumulatorValue
        self.epsilon = epsilon
        self.states = parameters.map {
            State(step: 0, sum: [S](repeating: S(initialAccumulatorValue), count: $0.count))
        }
    }

    public func step() {
        stepCount += 1
        forEachParameterWithGradient(parameters) { i, values, grad in
            Self.update(&values, grad: grad, state: &states[i], learningRate: learningRate,
                        learningRateDecay: learningRateDecay, weightDecay: weightDecay, epsilon: epsilon)
        }
    }

    /// One step for one parameter (PyTorch `_single_tensor_adagrad`). With `t` the parameter's step count after
    /// incrementing it, `clr = lr / (1 + (t - 1) * learningRateDecay)` (in Double), elementwise:
    ///
    ///     g = grad + weightDecay * p          (only if weightDecay != 0)
    ///     sum = sum + g * g
    ///     p = p - clr * g / (sqrt(sum) + epsilon)
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public static func update(
        _ param: inout [S], grad: [S], state: inout State, learningRate: Double, learningRateDecay: Double,
        weightDecay: Double, epsilon: Double
    ) {
        let n = param.count
        state.step += 1
        let clr = S(learningRate / (1 + Double(state.step - 1) * learningRateDecay))
        let eps = S(epsilon), wd = S(weightDecay), decays = weightDecay != 0
        param.withUnsafeMutableBufferPointer { p in
            grad.withUnsafeBufferPointer { g in
                state.sum.withUnsafeMutableBufferPointer { sum in
                    for i in 0..<n {
                        let gi = decays ? g[i] + wd * p[i] : g[i]
                        sum[i] = sum[i] + gi * gi
                        p[i] = p[i] - clr * (gi / (sum[i].squareRoot() + eps))
                    }
                }
            }
        }
    }

    /// `"<index>.step"` and `"<index>.sum"` for every parameter. Assigning resets parameters without keys to the
    /// initial state.
    public var stateTensors: [String: Tensor<S>] {
        get {
            OptimizerState.export(states.enumerated().map { i, state in
                [("step", Tensor(S(state.step))), ("sum", Tensor(shape: parameters[i].shape, scalars: state.sum))]
            })
        }
        set {
            let split = OptimizerState.split(newValue, parameters: parameters, names: stateNames, "Adagrad")
            states = split.enumerated().map { i, b in
                guard let b else {
                    return State(step: 0, sum: [S](repeating: S(initialAccumulatorValue), count: parameters[i].count))
                }
                return State(step: OptimizerState.takeStep(b, index: i, "Adagrad"),
                             sum: OptimizerState.take("sum", b, index: i, "Adagrad"))
            }
        }
    }

    public var stateNames: Set<String> { ["step", "sum"] }
}
