import ArgumentParser
import Foundation
import LSTMKit

// STUB (lead): replaced by the helper that owns this folder.
struct TrainTextgenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "textgen", abstract: "(being built)")
    func run() throws { throw CLIError("`textgen` is not built yet") }
}
