import Foundation
import LSTMKitApps
import Testing
@testable import lstm

/// Each forecast preset is exactly the full command docs/apps/forecast.md prints next to it.
@Suite struct ForecastPresetTests {
    /// The `# = lstm train forecast ...` command lines of the page (with their `#     ...` continuations).
    static func documentedCommands() throws -> [[String]] {
        let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/apps/forecast.md")
        let lines = try String(contentsOf: page, encoding: .utf8).split(separator: "\n").map(String.init)
        var commands: [[String]] = []
        for (i, line) in lines.enumerated() where line.hasPrefix("# = lstm train forecast ") {
            var text = String(line.dropFirst("# = lstm train forecast ".count))
            var k = i
            while text.hasSuffix("\\"), k + 1 < lines.count, lines[k + 1].hasPrefix("#     ") {
                text = String(text.dropLast()) + " " + lines[k + 1].dropFirst("#     ".count)
                k += 1
            }
            commands.append(text.split(separator: " ").map(String.init))
        }
        return commands
    }

    @Test func presetsEqualTheDocumentedCommands() throws {
        let commands = try Self.documentedCommands()
        #expect(commands.count == ForecastPreset.allCases.count)
        for preset in ForecastPreset.allCases {
            var expected = try TrainForecastCommand.parse(["--preset", preset.rawValue]).makeConfig()
            guard let arguments = commands.first(where: { $0.contains(expected.data ?? "?") }) else {
                Issue.record("docs/apps/forecast.md has no full command for --preset \(preset.rawValue)")
                continue
            }
            let full = try TrainForecastCommand.parse(arguments).makeConfig()
            (expected.preset, expected.output) = (nil, full.output)
            #expect(full == expected, "\(preset): \(arguments.joined(separator: " "))")
        }
    }
}
