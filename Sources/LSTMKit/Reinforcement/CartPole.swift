import Foundation

/// The cart-pole balancing task (Barto, Sutton & Anderson 1983) with the constants, Euler integration and
/// termination of OpenAI Gym's `CartPole-v1`:
///
///     F        = +10 N for action 1, -10 N for action 0
///     temp     = (F + m_p * l * thetaDot^2 * sin(theta)) / (m_c + m_p)
///     thetaAcc = (g * sin(theta) - cos(theta) * temp) / (l * (4/3 - m_p * cos(theta)^2 / (m_c + m_p)))
///     xAcc     = temp - m_p * l * thetaAcc * cos(theta) / (m_c + m_p)
///     x += tau * xDot;  xDot += tau * xAcc;  theta += tau * thetaDot;  thetaDot += tau * thetaAcc
///
/// with g = 9.8, m_c = 1.0, m_p = 0.1, l = 0.5 (half the pole), tau = 0.02 s. The episode ends when
/// |x| > 2.4 or |theta| > 12 degrees (terminal) or after 500 steps (truncated); every step, the last one
/// included, earns reward 1, so the return is the episode length. The start state is uniform in
/// [-0.05, 0.05] on each of x, xDot, theta, thetaDot.
///
/// Observation: [x, xDot, theta, thetaDot], or with `observesVelocities` false (the POMDP variant) only
/// [x, theta]: a policy must then estimate the velocities from what it remembers. Policies see every
/// component multiplied by 10 (`observationScale`): the angle stays within 0.21 rad and a step moves it by
/// about 0.01, too little for an LSTM initialized at U(-1/sqrt(H), 1/sqrt(H)) to pick up (unscaled, the
/// default PPO run of an LSTM policy did not move from the random policy's return in 600 updates).
public struct CartPole: Environment {
    public static let gravity = 9.8, cartMass = 1.0, poleMass = 0.1, halfPoleLength = 0.5
    public static let forceMagnitude = 10.0, tau = 0.02
    public static let xThreshold = 2.4, thetaThreshold = 12 * 2 * Double.pi / 360
    public static let stepLimit = 500

    public let observesVelocities: Bool
    /// [x, xDot, theta, thetaDot].
    public private(set) var state: [Double] = [0, 0, 0, 0]
    public private(set) var stepCount = 0
    private var rng = RandomSource(seed: 0)
    private var needsReset = true

    public init(observesVelocities: Bool = true) { self.observesVelocities = observesVelocities }

    public var observationSize: Int { observesVelocities ? 4 : 2 }
    public var actionCount: Int { 2 }
    public var observationScale: [Double] { Array(repeating: 10, count: observationSize) }

    public mutating func reset(seed: UInt64?) -> [Double] {
        if let seed { rng = RandomSource(seed: seed) }
        state = rng.uniforms(count: 4).map { -0.05 + 0.1 * $0 }
        stepCount = 0
        needsReset = false
        return observation
    }

    /// Starts an episode from a given state (for tests and fixtures).
    public mutating func reset(state: [Double]) -> [Double] {
        if state.count != 4 { failure("CartPole.reset(state:): \(state.count) values, expected 4") }
        self.state = state
        stepCount = 0
        needsReset = false
        return observation
    }

    public mutating func step(_ action: Int) -> EnvironmentStep {
        if action != 0 && action != 1 { failure("CartPole.step: action \(action) is not 0 or 1") }
        if needsReset { failure("CartPole.step: the episode is over (or never started); call reset first") }
        state = Self.dynamics(state, action: action)
        stepCount += 1
        let (x, theta) = (state[0], state[2])
        let terminal = x < -Self.xThreshold || x > Self.xThreshold
            || theta < -Self.thetaThreshold || theta > Self.thetaThreshold
        let truncated = !terminal && stepCount >= Self.stepLimit
        needsReset = terminal || truncated
        return EnvironmentStep(observation: observation, reward: 1, done: needsReset, truncated: truncated)
    }

    /// One Euler step of the equations above.
    public static func dynamics(_ s: [Double], action: Int) -> [Double] {
        let (x, xDot, theta, thetaDot) = (s[0], s[1], s[2], s[3])
        let force = action == 1 ? forceMagnitude : -forceMagnitude
        let totalMass = cartMass + poleMass, poleMassLength = poleMass * halfPoleLength
        let (cosTheta, sinTheta) = (Foundation.cos(theta), Foundation.sin(theta))
        let temp = (force + poleMassLength * thetaDot * thetaDot * sinTheta) / totalMass
        let thetaAcc = (gravity * sinTheta - cosTheta * temp)
            / (halfPoleLength * (4.0 / 3.0 - poleMass * cosTheta * cosTheta / totalMass))
        let xAcc = temp - poleMassLength * thetaAcc * cosTheta / totalMass
        return [x + tau * xDot, xDot + tau * xAcc, theta + tau * thetaDot, thetaDot + tau * thetaAcc]
    }

    private var observation: [Double] { observesVelocities ? state : [state[0], state[2]] }
}
