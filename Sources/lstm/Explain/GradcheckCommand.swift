import ArgumentParser
import Foundation
import LSTMKit

// STUB (lead): replaced by the helper that owns this folder.
struct GradcheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gradcheck", abstract: "(being built)")
    func run() throws { throw CLIError("`gradcheck` is not built yet") }
}
