import ArgumentParser
import Foundation
import LSTMKit

// STUB (lead): replaced by the helper that owns this folder.
struct TrainForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "forecast", abstract: "(being built)")
    func run() throws { throw CLIError("`forecast` is not built yet") }
}
