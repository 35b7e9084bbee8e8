import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// The reinforcement-learning witnesses (Fixtures/rl.json, from Tools/fixtures/rl.py): CartPole trajectories
/// from Gym's equations (checked there against gymnasium's CartPoleEnv), GAE from its recursion, and the
/// A2C/PPO/entropy/value losses from torch ops, value and gradients in Double (1e-10) and Float (1e-5).
@Suite struct RLFixtureTests {
    struct CartPoleCase: Decodable {
        var name: String
        var start: [Double]
        var actions: [Int]
        var states: [[Double]]
        var terminals: [Bool]
    }
    struct GAECase: Decodable {
        var name: String
        var gamma: Double
        var lambda: Double
        var rewards, values: [Double]
        var dones: [Bool]
        var bootstrap: Double
        var advantages, returns: [Double]
    }
    struct File: Decodable {
        var gymnasium_checked: Bool
        var cartpole: [CartPoleCase]
        var gae: [GAECase]
        var losses: [FunctionCase]
    }
    static let file: File? = try? Fixtures.load("rl")

    func expectClose(_ a: [Double], _ b: [Double], _ what: String, tolerance: Double = 1e-10) {
        #expect(a.count == b.count, "\(what): \(a.count) values vs \(b.count)")
        let worst = zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
        #expect(worst <= tolerance, "\(what): largest difference \(worst)")
    }

    @Test func fileLoadsAndCoversEveryCase() throws {
        let file = try Fixtures.load("rl", as: File.self)
        #expect(file.gymnasium_checked, "regenerate rl.json with gymnasium installed, so CartPole is checked against it")
        #expect(file.cartpole.count >= 5 && file.cartpole.allSatisfy { $0.terminals.last == true })
        #expect(Set(file.losses.map(\.op)) == ["ppo", "a2c", "entropy", "value"])
        let settings = Set(file.gae.map { "\($0.gamma),\($0.lambda)" })
        for edge in ["0.0,0.0", "0.0,0.95", "0.99,0.0", "0.99,1.0", "1.0,1.0", "1.0,0.0"] {
            #expect(settings.contains(edge), "no GAE case with gamma,lambda = \(edge)")
        }
    }

    @Test func cartPoleMatchesGymEquations() throws {
        let file = try #require(Self.file)
        for c in file.cartpole {
            var env = CartPole(observesVelocities: true)
            var observation = env.reset(state: c.start)
            #expect(observation == c.start)
            for (t, action) in c.actions.enumerated() {
                let step = env.step(action)
                expectClose(step.observation, c.states[t], "\(c.name) step \(t + 1)")
                #expect(step.done == c.terminals[t], "\(c.name) step \(t + 1): done \(step.done)")
                #expect(step.reward == 1 && !step.truncated)
                observation = step.observation
            }
            #expect(env.stepCount == c.actions.count)
        }
    }

    @Test func cartPolePOMDPObservesPositionAndAngle() throws {
        let c = try #require(Self.file?.cartpole.first)
        var env = CartPole(observesVelocities: false)
        #expect(env.observationSize == 2)
        #expect(env.reset(state: c.start) == [c.start[0], c.start[2]])
        for (t, action) in c.actions.enumerated() {
            expectClose(env.step(action).observation, [c.states[t][0], c.states[t][2]], "\(c.name) step \(t + 1)")
        }
    }

    @Test func gaeMatchesTheRecursion() throws {
        let file = try #require(Self.file)
        for c in file.gae {
            let result = generalizedAdvantages(rewards: c.rewards, values: c.values, dones: c.dones,
                                               bootstrapValue: c.bootstrap, gamma: c.gamma, lambda: c.lambda)
            expectClose(result.advantages, c.advantages, "\(c.name) advantages")
            expectClose(result.returns, c.returns, "\(c.name) returns")
        }
    }

    @Test(arguments: RLFixtureTests.file?.losses.map(\.name) ?? [])
    func lossMatchesPyTorch(_ name: String) throws {
        let fixture = try #require(Self.file?.losses.first { $0.name == name })
        checkFunctionCase(fixture, .float64, Double.self) { applyRLLoss(fixture.op, fixture.parameters, $0) }
        checkFunctionCase(fixture, .float32, Float.self) { applyRLLoss(fixture.op, fixture.parameters, $0) }
    }
}

/// The LSTMKit call for each loss of rl.json (the PyTorch side is in Tools/fixtures/rl.py).
func applyRLLoss<S: TensorScalar>(_ op: String, _ p: FixtureParams, _ x: [Tensor<S>]) -> [Tensor<S>] {
    switch op {
    case "ppo":
        return [ActorCriticLoss.ppoPolicy(x[0], actions: p.ints("actions"), oldLogProbabilities: x[1].scalars,
                                          advantages: x[2].scalars, clip: p.double("clip"))]
    case "a2c": return [ActorCriticLoss.a2cPolicy(x[0], actions: p.ints("actions"), advantages: x[1].scalars)]
    case "entropy": return [ActorCriticLoss.entropy(x[0])]
    case "value": return [ActorCriticLoss.value(x[0], returns: x[1].scalars)]
    default:
        Issue.record("rl.json: unknown loss '\(op)'")
        return []
    }
}
