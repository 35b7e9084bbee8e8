/// The T-maze of Bakker (2002, "Reinforcement learning with long short-term memory"): a corridor of `length`
/// cells ending in a T-junction. At the start cell a cue says which arm of the T holds the goal; the
/// corridor and the junction look the same whatever the cue, so the agent must remember the cue for the
/// whole corridor and turn the right way at the junction.
///
/// Positions 0...length along the corridor (0 the start, `length` the junction). Actions: 0 forward (east),
/// 1 north, 2 south. Observations, three bits as in Bakker (2002):
///
///     start, first step only:   [0, 1, 1] (goal north)   or   [1, 1, 0] (goal south)
///     corridor (and the start cell after step 0):   [1, 0, 1]
///     junction:                                     [0, 1, 0]
///
/// Rewards: +4 for turning towards the goal at the junction, -0.1 for turning away from it (either turn at
/// the junction ends the episode), -0.1 for a move into a wall (north or south in the corridor, forward at
/// the junction), 0 for a step forward. The episode is also cut after `stepLimit` steps (4 * (length + 1) by
/// default; the shortest episode takes length + 1). The cue is uniform over north and south, drawn from the
/// environment's seeded random source, so a policy that cannot remember it succeeds half the time.
public struct TMaze: Environment {
    public static let goalReward = 4.0, wrongTurnReward = -0.1, wallReward = -0.1

    public let length: Int
    public let stepLimit: Int
    /// true when the goal is the north arm.
    public private(set) var goalIsNorth = true
    public private(set) var position = 0
    public private(set) var stepCount = 0
    /// Whether the last episode ended at the goal (set when it ends).
    public private(set) var reachedGoal = false
    public var episodeSucceeded: Bool? { reachedGoal }
    private var rng = RandomSource(seed: 0)
    private var needsReset = true

    public init(length: Int, stepLimit: Int? = nil) {
        if length < 1 { failure("TMaze: length \(length) must be >= 1") }
        let limit = stepLimit ?? 4 * (length + 1)
        if limit < length + 1 { failure("TMaze: stepLimit \(limit) is shorter than the shortest episode (\(length + 1))") }
        (self.length, self.stepLimit) = (length, limit)
    }

    public var observationSize: Int { 3 }
    public var actionCount: Int { 3 }

    public mutating func reset(seed: UInt64?) -> [Double] {
        if let seed { rng = RandomSource(seed: seed) }
        return reset(goalIsNorth: rng.int(in: 0..<2) == 0)
    }

    /// Starts an episode with a given cue (for tests).
    public mutating func reset(goalIsNorth: Bool) -> [Double] {
        self.goalIsNorth = goalIsNorth
        (position, stepCount, reachedGoal, needsReset) = (0, 0, false, false)
        return goalIsNorth ? [0, 1, 1] : [1, 1, 0]
    }

    public mutating func step(_ action: Int) -> EnvironmentStep {
        if action < 0 || action > 2 { failure("TMaze.step: action \(action) is not 0, 1 or 2") }
        if needsReset { failure("TMaze.step: the episode is over (or never started); call reset first") }
        stepCount += 1
        var reward = 0.0, terminal = false
        if position < length {
            if action == 0 { position += 1 } else { reward = Self.wallReward }
        } else if action == 0 {
            reward = Self.wallReward
        } else {
            terminal = true
            reachedGoal = (action == 1) == goalIsNorth
            reward = reachedGoal ? Self.goalReward : Self.wrongTurnReward
        }
        let truncated = !terminal && stepCount >= stepLimit
        needsReset = terminal || truncated
        return EnvironmentStep(observation: position == length ? [0, 1, 0] : [1, 0, 1], reward: reward,
                               done: needsReset, truncated: truncated)
    }
}
