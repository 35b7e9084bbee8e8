import Testing
@testable import LSTMKit

/// CartPole's seeding, start states and step limit; the T-maze's observations, rewards and limits.
@Suite struct EnvironmentTests {
    @Test func cartPoleIsDeterministicBySeed() {
        var a = CartPole(), b = CartPole(), c = CartPole()
        let start = a.reset(seed: 3)
        #expect(start == b.reset(seed: 3))
        #expect(start != c.reset(seed: 4))
        #expect(start.allSatisfy { abs($0) <= 0.05 })
        for action in [0, 1, 1, 0, 1] { #expect(a.step(action) == b.step(action)) }
        // The next unseeded episode continues the random source: the same for the same seed, not the first start.
        let nextA = a.reset(seed: nil), nextB = b.reset(seed: nil)
        #expect(nextA == nextB && nextA != start)
    }

    @Test func cartPoleTruncatesAt500Steps() {
        var env = CartPole()
        var s = env.reset(seed: 1)
        var steps = 0, last = EnvironmentStep(observation: [], reward: 0, done: false)
        repeat {
            // A linear controller that keeps the pole up and the cart near the centre.
            let push = s[2] + 0.2 * s[3] + 0.02 * s[0] + 0.05 * s[1]
            last = env.step(push > 0 ? 1 : 0)
            s = last.observation
            steps += 1
        } while !last.done
        #expect(steps == CartPole.stepLimit && last.truncated)
    }

    @Test func cartPoleEndsWhenThePoleFalls() {
        var env = CartPole()
        _ = env.reset(seed: 0)
        var steps = 0, last: EnvironmentStep
        repeat { last = env.step(1); steps += 1 } while !last.done
        #expect(!last.truncated && steps < 50 && abs(last.observation[2]) > CartPole.thetaThreshold)
    }

    @Test func tmazeObservationsAndGoal() {
        var env = TMaze(length: 3)
        #expect(env.reset(goalIsNorth: true) == [0, 1, 1])
        var step = env.step(1)                                   // into the wall at the start: the cue is gone
        #expect(step.observation == [1, 0, 1] && step.reward == TMaze.wallReward && !step.done)
        for _ in 0..<2 { step = env.step(0); #expect(step.observation == [1, 0, 1] && step.reward == 0) }
        step = env.step(0)
        #expect(step.observation == [0, 1, 0] && env.position == 3)
        step = env.step(0)                                       // forward at the junction: a wall
        #expect(step.reward == TMaze.wallReward && !step.done)
        step = env.step(1)
        #expect(step.done && !step.truncated && step.reward == TMaze.goalReward && env.episodeSucceeded == true)

        #expect(env.reset(goalIsNorth: false) == [1, 1, 0])
        for _ in 0..<3 { _ = env.step(0) }
        step = env.step(1)
        #expect(step.done && step.reward == TMaze.wrongTurnReward && env.episodeSucceeded == false)
    }

    @Test func tmazeStepLimitAndSeededCues() {
        var env = TMaze(length: 2)
        #expect(env.stepLimit == 12)
        _ = env.reset(seed: 5)
        var last: EnvironmentStep
        var steps = 0
        repeat { last = env.step(2); steps += 1 } while !last.done
        #expect(steps == 12 && last.truncated && env.episodeSucceeded == false)

        var north = 0
        var maze = TMaze(length: 1)
        _ = maze.reset(seed: 9)
        for _ in 0..<400 { if maze.reset(seed: nil) == [0, 1, 1] { north += 1 } }
        #expect(north > 160 && north < 240, "\(north) of 400 cues north")
        var again = TMaze(length: 1)
        #expect(again.reset(seed: 9) == maze.reset(seed: 9))
    }

    @Test func kindsMakeTheirEnvironments() {
        #expect(EnvironmentKind(rawValue: "cartpole-pomdp")?.make(length: 1).observationSize == 2)
        #expect(EnvironmentKind.cartpole.make(length: 1).observationSize == 4)
        let maze = EnvironmentKind.tmaze.make(length: 7) as? TMaze
        #expect(maze?.length == 7 && maze?.actionCount == 3)
    }
}
