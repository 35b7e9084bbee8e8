/// A reinforcement-learning environment with discrete actions (the Gym interface, without Python):
///
///     var env = CartPole(observesVelocities: false)
///     var observation = env.reset(seed: 7)             // [observationSize]
///     while true {
///         let step = env.step(action)                  // observation, reward, done
///         if step.done { break }
///     }
///
/// Deterministic by seed: `reset(seed:)` reseeds the environment's own random source, so the same seed and the
/// same actions give the same trajectory on every machine; `reset(seed: nil)` starts the next episode from the
/// current random state (the way a run continues after its first seeded reset).
public protocol Environment {
    /// The length of every observation vector.
    var observationSize: Int { get }
    /// Actions are 0..<actionCount.
    var actionCount: Int { get }
    /// Starts an episode and returns its first observation.
    mutating func reset(seed: UInt64?) -> [Double]
    /// Applies `action` (in 0..<actionCount) and returns the next observation, the reward and whether the
    /// episode has ended (a terminal state or the step limit). After `done` the caller must `reset`.
    mutating func step(_ action: Int) -> EnvironmentStep
    /// Whether the episode that just ended reached its goal, for environments that have one (the T-maze);
    /// nil otherwise.
    var episodeSucceeded: Bool? { get }
    /// The factor each observation component is multiplied by before it reaches a policy (the trainer and
    /// `evaluatePolicy` apply it), so that typical inputs are of order 1. All ones by default.
    var observationScale: [Double] { get }
}

extension Environment {
    public var episodeSucceeded: Bool? { nil }
    public var observationScale: [Double] { Array(repeating: 1, count: observationSize) }

    /// Observations of B environments as a policy's input [B, D], each multiplied by `observationScale`.
    func inputBatch<Scalar: TensorScalar>(_ rows: [[Double]]) -> Tensor<Scalar> {
        let scale = observationScale
        return Tensor(shape: [rows.count, observationSize],
                      scalars: rows.flatMap { zip($0, scale).map { Scalar($0 * $1) } })
    }
}

/// What `Environment.step` returns.
public struct EnvironmentStep: Equatable, Sendable {
    public var observation: [Double]
    public var reward: Double
    /// The episode is over: a terminal state, or `truncated`.
    public var done: Bool
    /// The episode ended because of the step limit, not a terminal state (the trainer still treats it as
    /// the end of the episode, as Gym's own A2C/PPO baselines did before the terminated/truncated split).
    public var truncated: Bool

    public init(observation: [Double], reward: Double, done: Bool, truncated: Bool = false) {
        (self.observation, self.reward, self.done, self.truncated) = (observation, reward, done, truncated)
    }
}

/// The environments `EnvironmentKind.make` builds by name (`lstm train rl --env`).
public enum EnvironmentKind: String, CaseIterable, Codable, Sendable {
    /// CartPole-v1, full state observed.
    case cartpole
    /// CartPole-v1 observing only the cart position and the pole angle (velocities hidden).
    case cartpolePOMDP = "cartpole-pomdp"
    /// The T-maze with a cue at the start (`length` corridor cells).
    case tmaze

    /// A fresh environment of this kind (`length` is used by the T-maze only).
    public func make(length: Int) -> any Environment {
        switch self {
        case .cartpole: CartPole(observesVelocities: true)
        case .cartpolePOMDP: CartPole(observesVelocities: false)
        case .tmaze: TMaze(length: length)
        }
    }
}
