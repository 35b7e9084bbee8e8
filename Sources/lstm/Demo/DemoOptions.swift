import Foundation

/// The checks the demos share, each failure one `CLIError` naming the option: every count positive, the
/// learning rate and the clip norm (when the demo has them) positive finite numbers.
func checkDemoOptions(counts: [(option: String, value: Int)], learningRate: Double? = nil,
                      clipNorm: Double? = nil) throws {
    for (option, value) in counts where value < 1 {
        throw CLIError("\(option) must be positive, got \(value)")
    }
    for (option, value) in [("--learning-rate", learningRate), ("--clip-norm", clipNorm)] {
        if let value, !(value > 0 && value.isFinite) {
            throw CLIError("\(option) must be a positive number, got \(value)")
        }
    }
}
