/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and weight decay:
/// PyTorch's `torch.optim.SGD` (same defaults, same formulas; see `update`).
///
///     let optimizer = SGD(parameters: model.parameters(), learningRate: 0.1, momentum: 0.9)
///
/// State per parameter: `momentum_buffer` (only when `momentum != 0`, created at the parameter's first step).
public final class SGD<S: TensorScalar>: Optimizer {
    public typealias Scalar = S

    /// The state of one parameter.
    public struct State {
        /// The velocity `b` (PyTorch `momentum_buffer`); nil before the first step or when momentum is 0.
        public var momentumBuffer: [S]?
        public init(momentumBuffer: [S]? = nil) { self.momentumBuffer = momentumBuffer }
    }

    public let parameters: [Parameter<S>]
    public var learningRate: Double { didSet { validateLearningRate(learningRate, "SGD") } }
    public let momentum: Double
    public let dampening: Double
    public let nesterov: Bool
    /// L2 penalty coefficient added to the gradient (`g + weightDecay * p`).
    public let weightDecay: Double
    public var stepCount = 0
    /// One entry per parameter, nil until the parameter's first update.
    var states: [State?]

    /// - Parameters:
    ///   - parameters: the parameters to update, in a fixed order (the optimizer state follows it).
    ///   - learningRate: the step size.
    ///   - momentum: the velocity factor `mu` (0 turns momentum off).
    ///   - dampening: scales the gradient's share of the velocity by `1 - dampening` (not on the first step).
    ///   - nesterov: use Nesterov momentum (needs `momentum > 0` and `dampening == 0`, as in PyTorch).
    ///   - weightDecay: the coefficient of the L2 term added to the gradient.
    public init(
        parameters: [Parameter<S>], learningRate: Double, momentum: Double = 0, dampening: Double = 0,
        nesterov: Bool = false, weightDecay: Double = 0
    ) {
        validateParameterList(parameters, "SGD")
        validateLearningRate(learningRate, "SGD")
        checkNonNegative(momentum, "SGD", "momentum")
        checkHyperparameter(dampening.isFinite, "SGD", "dampening", dampening, "must be finite")
        checkNonNegative(weightDecay, "SGD", "weight decay")
        if nesterov && (momentum <= 0 || dampening != 0) {
            failure("SGD: nesterov momentum requires momentum > 0 and dampening 0 " +
                    "(got momentum \(momentum), dampening \(dampening))")
        }
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
        self.states = Array(repeating: nil, count: parameters.count)
    }

    public func step() {
        stepCount += 1
        forEachParameterWithGradient(parameters) { i, values, grad in
            if states[i] == nil { states[i] = State() }
            Self.update(&values, grad: grad, state: &states[i]!, learningRate: learningRate, momentum: momentum,
                        dampening: dampening, nesterov: nesterov, weightDecay: weightDecay)
        }
    }

    /// One step for one parameter (PyTorch `_single_tensor_sgd`), elementwise:
    ///
    ///     g = grad + weightDecay * p                 (only if weightDecay != 0)
    ///     if momentum != 0:
    ///         b = g                                  (first step: the buffer starts as a copy of g)
    ///         b = momentum * b + (1 - dampening) * g (later steps)
    ///         g = g + momentum * b                   (nesterov)
    ///         g = b                                  (otherwise)
    ///     p = p - lr * g
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    public static func update(
        _ param: inout [S], grad: [S], state: inout State, learningRate: Double, momentum: Double,
        dampening: Double, nesterov: Bool, weightDecay: Double
    ) {
        let n = param.count
        let lr = S(learningRate), wd = S(weightDecay), decays = weightDecay != 0
        param.withUnsafeMutableBufferPointer { p in
            grad.withUnsafeBufferPointer { g in
                if momentum == 0 {
                    for i in 0..<n {
                        let gi = decays ? g[i] + wd * p[i] : g[i]
                        p[i] = p[i] - lr * gi
                    }
                    return
                }
                let mu = S(momentum), keep = S(1 - dampening)
                let first = state.momentumBuffer == nil
                if first { state.momentumBuffer = [S](repeating: 0, count: n) }
                state.momentumBuffer!.withUnsafeMutableBufferPointer { b in
                    for i in 0..<n {
                        var gi = decays ? g[i] + wd * p[i] : g[i]
                        b[i] = first ? gi : mu * b[i] + keep * gi
                        gi = nesterov ? gi + mu * b[i] : b[i]
                        p[i] = p[i] - lr * gi
                    }
                }
            }
        }
    }

    /// `"<index>.momentum_buffer"` for each parameter that has one.
    public var stateTensors: [String: Tensor<S>] {
        get {
            OptimizerState.export(states.enumerated().map { i, state in
                state?.momentumBuffer.map { [("momentum_buffer", Tensor(shape: parameters[i].shape, scalars: $0))] }
            })
        }
        set {
            let split = OptimizerState.split(newValue, parameters: parameters, names: stateNames, "SGD")
            states = split.map { buffers in buffers.map { State(momentumBuffer: $0["momentum_buffer"]) } }
        }
    }

    public var stateNames: Set<String> { momentum != 0 ? ["momentum_buffer"] : [] }
}
