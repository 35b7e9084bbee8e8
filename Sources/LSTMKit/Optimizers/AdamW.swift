/// Adam with decoupled weight decay (Loshchilov and Hutter, 2019): PyTorch's `torch.optim.AdamW`.
///
///     let optimizer = AdamW(parameters: model.parameters(), learningRate: 1e-3, weightDecay: 0.01)
///
/// The only difference from `Adam`: weight decay shrinks the parameter directly, `p = p * (1 - lr * weightDecay)`,
/// before the Adam update, instead of being added to the gradient (so it is not rescaled by the adaptive
/// denominator). Default `weightDecay` is 0.01, as in PyTorch. The math is `Adam.update` with
/// `decoupledWeightDecay: true`; the state (`step`, `exp_avg`, `exp_avg_sq`, `max_exp_avg_sq`) is `Adam.State`.
public final class AdamW<S: TensorScalar>: Optimizer {
    public typealias Scalar = S
    public typealias State = Adam<S>.State

    public let parameters: [Parameter<S>]
    public var learningRate: Double { didSet { validateLearningRate(learningRate, "AdamW") } }
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double
    /// Decoupled decay coefficient: each step multiplies the parameter by `1 - lr * weightDecay`.
    public let weightDecay: Double
    public let amsgrad: Bool
    public var stepCount = 0
    /// One entry per parameter, nil until the parameter's first update.
    var states: [State?]

    public init(
        parameters: [Parameter<S>], learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
        epsilon: Double = 1e-8, weightDecay: Double = 0.01, amsgrad: Bool = false
    ) {
        Adam<S>.validate("AdamW", parameters, learningRate, beta1, beta2, epsilon, weightDecay)
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
            Adam<S>.update(&values, grad: grad, state: &states[i]!, learningRate: learningRate, beta1: beta1,
                           beta2: beta2, epsilon: epsilon, weightDecay: weightDecay, decoupledWeightDecay: true,
                           amsgrad: amsgrad)
        }
    }

    /// `"<index>.step"`, `".exp_avg"`, `".exp_avg_sq"` (and `".max_exp_avg_sq"` with amsgrad).
    public var stateTensors: [String: Tensor<S>] {
        get { Adam<S>.export(states, parameters, amsgrad: amsgrad) }
        set { states = Adam<S>.import(newValue, parameters, amsgrad: amsgrad, "AdamW") }
    }

    public var stateNames: Set<String> { Adam<S>.stateNames(amsgrad: amsgrad) }
}
