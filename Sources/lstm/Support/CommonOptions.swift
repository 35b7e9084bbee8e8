import ArgumentParser
import Foundation
import LSTMKit
import LSTMKitApps

/// Options every task command takes.
struct CommonOptions: ParsableArguments {
    @Option(help: "Random seed (weights, shuffling, dropout, sampling): the same seed prints the same numbers.")
    var seed: UInt64 = 0

    @Flag(help: "Print machine-readable results as one JSON object on stdout (progress goes to stderr).")
    var json = false
}

/// Where progress and human-readable text go: stdout normally, stderr with --json so stdout stays one JSON object.
struct Console {
    let json: Bool

    func say(_ text: String) {
        if json {
            FileHandle.standardError.write(Data((text + "\n").utf8))
        } else {
            print(text)
            fflush(nil)   // flush all streams: progress shows up live even when stdout is a pipe
        }
    }

    /// One JSON object (sorted keys) on stdout.
    func emit(_ object: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}

/// Formats a number with a fixed number of decimals: `fixed(1.23456, 3)` is "1.235".
func fixed(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }
