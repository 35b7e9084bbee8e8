/// A policy with a value head, stepped one time step at a time over a batch of B environments:
/// observation x [B, D] and recurrent state -> action logits [B, A], value V [B] and the next state.
/// A feed-forward policy has no state (an empty array). The trainer zeroes an environment's rows of the state
/// when its episode ends (`resetting`), so memory never crosses an episode boundary.
public protocol ActorCritic<Scalar>: Module {
    var observationSize: Int { get }
    var actionCount: Int { get }
    /// The state at the start of an episode, for B environments (empty for a feed-forward policy).
    func initialState(batchSize: Int) -> [Tensor<Scalar>]
    func step(_ x: Tensor<Scalar>, state: [Tensor<Scalar>]) -> ActorCriticStep<Scalar>
}

/// One step of an `ActorCritic`.
public struct ActorCriticStep<Scalar: TensorScalar> {
    /// [B, A]
    public var logits: Tensor<Scalar>
    /// [B]
    public var value: Tensor<Scalar>
    public var state: [Tensor<Scalar>]
}

extension ActorCritic {
    /// `state` with the rows of the environments whose `keep` is 0 zeroed: s * keep, keep [B, 1] of 0 and 1.
    /// Differentiable, so BPTT over a chunk that crosses an episode boundary stops there.
    public func resetting(_ state: [Tensor<Scalar>], keep: [Bool]) -> [Tensor<Scalar>] {
        if keep.allSatisfy({ $0 }) { return state }
        let mask = Tensor<Scalar>(shape: [keep.count, 1], scalars: keep.map { $0 ? 1 : 0 })
        return state.map { $0 * mask }
    }
}

/// The LSTM actor-critic: a shared trunk of an input layer and an LSTM, with a policy head and a value head
/// (as in Mnih et al. 2016's recurrent A3C agent, whose LSTM reads the output of a feature layer), the LSTM
/// being the reference cell of `LSTMCell` (PyTorch layout, unit forget bias):
///
///     e[t]         = tanh(x[t] @ W_e^T + b_e)                 [B, H]
///     (h[t], c[t]) = LSTMCell(e[t], (h[t-1], c[t-1]))        [B, H]
///     logits[t]    = h[t] @ W_pi^T + b_pi                     [B, A]
///     V[t]         = h[t] @ W_v^T + b_v                       [B]
///
/// Without the input layer (the LSTM reading x directly) the default CartPole-POMDP run did not learn: with
/// W_ih ~ U(-1/sqrt(H), 1/sqrt(H)) and two inputs, h hardly depends on the observation at the start, and
/// the policy gradient had nothing to work with.
public final class LSTMActorCritic<Scalar: TensorScalar>: ActorCritic {
    public let encoder: Linear<Scalar>
    public let lstm: LSTMCell<Scalar>
    public let policy: Linear<Scalar>
    public let valueHead: Linear<Scalar>
    public var isTraining = true

    /// - Parameters:
    ///   - observationSize: the width of an observation.
    ///   - actionCount: the number of discrete actions (the policy's logits).
    ///   - hiddenSize: H, the width of the input layer and of the LSTM.
    ///   - forgetBias: the initial forget-gate bias (in `biasIH`; `biasHH`'s block is 0): 1 is
    ///     Jozefowicz et al.'s unit forget bias, f ~ sigmoid(1) = 0.73, so a cue fades as 0.73^t; a larger one
    ///     keeps it longer from the start (the T-maze's default 5 gives f ~ 0.99, 0.99^50 ~ 0.6).
    ///   - rng: draws the initial weights.
    public init(observationSize: Int, actionCount: Int, hiddenSize: Int, forgetBias: Double = 1, rng: RandomSource) {
        encoder = Linear(inputSize: observationSize, outputSize: hiddenSize, rng: rng)
        lstm = LSTMCell(inputSize: hiddenSize, hiddenSize: hiddenSize, unitForgetBias: true, rng: rng)
        if let biasIH = lstm.biasIH {
            for j in hiddenSize..<(2 * hiddenSize) { biasIH.data.scalars[j] = Scalar(forgetBias) }
        }
        policy = Linear(inputSize: hiddenSize, outputSize: actionCount, rng: rng)
        valueHead = Linear(inputSize: hiddenSize, outputSize: 1, rng: rng)
    }

    public var observationSize: Int { encoder.inputSize }
    public var actionCount: Int { policy.outputSize }

    public func initialState(batchSize: Int) -> [Tensor<Scalar>] {
        let zero = lstm.zeroState(batchSize: batchSize)
        return [zero.h, zero.c]
    }

    public func step(_ x: Tensor<Scalar>, state: [Tensor<Scalar>]) -> ActorCriticStep<Scalar> {
        let next = lstm.step(tanh(encoder(x)), state: LSTMState(h: state[0], c: state[1])).state
        return ActorCriticStep(logits: policy(next.h), value: valueHead(next.h).reshaped([x.shape[0]]),
                               state: [next.h, next.c])
    }
}

/// The feed-forward actor-critic for comparison: the same heads on a two-layer tanh trunk of the same width,
/// seeing only the current observation:
///
///     z[t]      = tanh(tanh(x[t] @ W_1^T + b_1) @ W_2^T + b_2)     [B, H]
///     logits[t] = z[t] @ W_pi^T + b_pi;   V[t] = z[t] @ W_v^T + b_v
public final class FeedForwardActorCritic<Scalar: TensorScalar>: ActorCritic {
    public let hidden1: Linear<Scalar>
    public let hidden2: Linear<Scalar>
    public let policy: Linear<Scalar>
    public let valueHead: Linear<Scalar>
    public var isTraining = true

    public init(observationSize: Int, actionCount: Int, hiddenSize: Int, rng: RandomSource) {
        hidden1 = Linear(inputSize: observationSize, outputSize: hiddenSize, rng: rng)
        hidden2 = Linear(inputSize: hiddenSize, outputSize: hiddenSize, rng: rng)
        policy = Linear(inputSize: hiddenSize, outputSize: actionCount, rng: rng)
        valueHead = Linear(inputSize: hiddenSize, outputSize: 1, rng: rng)
    }

    public var observationSize: Int { hidden1.inputSize }
    public var actionCount: Int { policy.outputSize }
    public func initialState(batchSize: Int) -> [Tensor<Scalar>] { [] }

    public func step(_ x: Tensor<Scalar>, state: [Tensor<Scalar>]) -> ActorCriticStep<Scalar> {
        let z = tanh(hidden2(tanh(hidden1(x))))
        return ActorCriticStep(logits: policy(z), value: valueHead(z).reshaped([x.shape[0]]), state: [])
    }
}
