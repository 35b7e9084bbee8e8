import ArgumentParser
import Foundation
import LSTMKit

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Small, fast demonstrations with known outcomes.",
        subcommands: [XORDemo.self]
    )
}

struct XORDemo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xor",
        abstract: "Train a 2-8-1 tanh network on XOR with Adam and print the loss as it falls."
    )

    @Option(help: "Random seed for the initial weights.") var seed: UInt64 = 0
    @Option(help: "Number of training steps (full batch of the 4 XOR points).") var steps: Int = 300
    @Option(help: "Adam learning rate.") var learningRate: Double = 0.05
    @Flag(help: "Print the result as JSON on stdout instead of a table.") var json = false

    func validate() throws {
        guard steps > 0 else { throw ValidationError("--steps must be positive, got \(steps)") }
        guard learningRate > 0, learningRate.isFinite else {
            throw ValidationError("--learning-rate must be a positive number, got \(learningRate)")
        }
    }

    func run() throws {
        let result = XORExample.train(seed: seed, steps: steps, learningRate: learningRate) { step, loss in
            if !json && (step == 1 || step % 50 == 0) { print("step \(step)  loss \(String(format: "%.4f", loss))") }
        }
        if json {
            let object: [String: Any] = [
                "task": "xor", "seed": seed, "steps": steps, "final_loss": result.finalLoss,
                "predictions": result.probabilities, "accuracy": result.accuracy,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            for (input, p) in zip(XORExample.inputs, result.probabilities) {
                print("\(Int(input[0])) xor \(Int(input[1])) -> \(String(format: "%.3f", p))")
            }
            print("accuracy \(Int(result.accuracy * 100))%")
        }
    }
}
