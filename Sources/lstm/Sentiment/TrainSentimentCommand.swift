import ArgumentParser
import Foundation
import LSTMKit

// STUB (lead): replaced by the helper that owns this folder.
struct TrainSentimentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sentiment", abstract: "(being built)")
    func run() throws { throw CLIError("`sentiment` is not built yet") }
}
