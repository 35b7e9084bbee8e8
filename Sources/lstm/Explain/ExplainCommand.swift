import ArgumentParser
import Foundation
import LSTMKit

// STUB (lead): replaced by the helper that owns this folder.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "(being built)")
    func run() throws { throw CLIError("`explain` is not built yet") }
}
