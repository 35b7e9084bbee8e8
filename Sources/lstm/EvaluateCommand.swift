import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate a checkpoint written by `lstm train <task>` on its held-out data.",
        discussion: """
            The checkpoint records its task, its data file and its split, so this needs only the checkpoint:
              lstm evaluate runs/digits/best.safetensors
            A directory stands for DIR/best.safetensors.
            """
    )

    @Argument(help: "The checkpoint (.safetensors file, or a training output directory).")
    var checkpoint: String

    @Option(help: "Evaluate on this data file instead of the one recorded in the checkpoint.")
    var data: String?

    @Option(help: "Forecast checkpoints only: also write the test-tail forecasts (actual, model, baselines) to this CSV file.")
    var forecasts: String?

    @Flag(help: "Print the results as one JSON object on stdout.")
    var json = false

    func run() throws {
        let info = try TaskCheckpoint.readInfo(at: checkpoint)
        guard let name = info.userEntries[TaskCheckpoint.taskKey], let task = TaskRegistry.task(named: name) else {
            throw CLIError("\(checkpoint) is not a checkpoint written by `lstm train <task>` " +
                           "(it has no known task; known tasks: \(TaskRegistry.all.map { $0.name }.joined(separator: ", ")))")
        }
        if let forecasts {
            guard task.name == ForecastTask.name else {
                throw CLIError("--forecasts applies to forecast checkpoints only; \(checkpoint) is a '\(name)' checkpoint")
            }
            try ForecastTask.evaluate(checkpoint: TaskCheckpoint.resolve(checkpoint), info: info, data: data,
                                      console: Console(json: json), forecasts: forecasts)
            return
        }
        try task.evaluate(checkpoint: TaskCheckpoint.resolve(checkpoint), info: info, data: data,
                          console: Console(json: json))
    }
}
