import Foundation
import Testing
@testable import lstm

/// `lstm train rl` and `lstm evaluate` on its checkpoint, with a tiny budget; bad options.
@Suite struct RLCLITests {
    @Test func trainsEvaluatesAndWritesTheCurve() throws {
        let dir = TemporaryDirectory()
        let args = ["train", "rl", "--env", "tmaze", "--length", "3", "--hidden-size", "4", "--batch-size", "2",
                    "--rollout-length", "8", "--minibatches", "1", "--ppo-epochs", "1", "--steps", "4", "--eval-every", "2",
                    "--validation-episodes", "3", "--evaluation-episodes", "6", "--seed", "3", "--json"]
        let json = try expectJSON(lstm(args + ["--output", dir.path("run")]))
        #expect(json["task"].string == "rl" && json["environment"].string == "tmaze" && json["policy"].string == "lstm")
        #expect(json["curve"].array.count == 2)
        #expect(json["evaluation"]["episodes"].double == 6)
        let success = try #require(json["evaluation"]["successRate"].double)
        #expect((0...1).contains(success))
        let csv = try String(contentsOfFile: dir.path("run/curve.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 3 && csv.hasPrefix("update,environment_steps"))
        let evaluated = try expectJSON(lstm(["evaluate", dir.path("run"), "--json"]))
        #expect(evaluated["evaluation"]["meanReturn"].double == json["evaluation"]["meanReturn"].double)
        #expect(evaluated["evaluation"]["successRate"].double == success)
        // Same seed, same run (every number but the times).
        let again = try expectJSON(lstm(args + ["--output", dir.path("again")]))
        #expect(again["evaluation"]["meanReturn"].double == json["evaluation"]["meanReturn"].double)
        let curve = { (j: JSON) in j["curve"].array.map { [$0["training"]["meanReturn"].double, $0["validation"]["meanReturn"].double,
                                                          $0["entropy"].double] } }
        #expect(curve(again) == curve(json))
    }

    @Test func unknownEnvironmentIsOneLineErrorAndWritesNothing() {
        let dir = TemporaryDirectory()
        expectOneLineError(lstm(["train", "rl", "--env", "mountaincar", "--output", dir.path("run")]),
                           "--env", "mountaincar", "cartpole-pomdp")
        #expect(!FileManager.default.fileExists(atPath: dir.path("run")))
    }

    @Test func badOptionsAreOneLineErrors() {
        let dir = TemporaryDirectory()
        expectOneLineError(lstm(["train", "rl", "--policy", "gru"]), "--policy", "gru")
        expectOneLineError(lstm(["train", "rl", "--length", "0", "--output", dir.path("a")]), "--length", "at least 1, got 0")
        expectOneLineError(lstm(["train", "rl", "--batch-size", "6", "--minibatches", "4", "--output", dir.path("b")]),
                           "--minibatches", "divide")
        expectOneLineError(lstm(["train", "rl", "--gamma", "1.5", "--output", dir.path("c")]), "--gamma", "[0, 1]")
        expectOneLineError(lstm(["train", "rl", "--epochs", "3", "--output", dir.path("d")]), "--epochs")
        expectOneLineError(lstm(["train", "rl", "--optimizer", "sgd", "--output", dir.path("e")]), "--optimizer", "adam")
        // Shared options PPO's own loop would ignore are refused, each naming itself.
        expectOneLineError(lstm(["train", "rl", "--tensorboard", dir.path("tb"), "--output", dir.path("f")]),
                           "--tensorboard", "does not apply to rl")
        expectOneLineError(lstm(["train", "rl", "--warmup-steps", "5", "--output", dir.path("g")]),
                           "--warmup-steps", "does not apply to rl")
        #expect(["a", "b", "c", "d", "e", "f", "g", "tb"].allSatisfy { !FileManager.default.fileExists(atPath: dir.path($0)) })
    }

    @Test func gradcheckCoversTheRLLosses() throws {
        for name in ["ppo-loss", "lstm-actor-critic"] {
            let (_, rows) = try GradcheckCommand.check(name, seed: 0)
            #expect(!rows.isEmpty && rows.allSatisfy { $0.result.passed && $0.result.checkedCount > 0 }, "\(name)")
        }
    }
}
