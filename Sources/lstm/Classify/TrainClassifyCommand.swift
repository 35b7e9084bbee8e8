import ArgumentParser
import Foundation
import LSTMKit

// STUB (lead): replaced by the helper that owns this folder.
struct TrainClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "classify", abstract: "(being built)")
    func run() throws { throw CLIError("`classify` is not built yet") }
}
