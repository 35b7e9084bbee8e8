import Foundation
import LSTMKit
import LSTMKitApps

/// Where `lstm` writes: human-readable lines on stdout (on stderr with `--json`, so stdout stays one JSON
/// object), warnings on stderr, progress on stderr.
struct Console {
    let json: Bool

    /// Where the output goes instead of stdout and stderr while set (tests run commands in-process and read
    /// what they printed; a task-local value, so tests running in parallel do not mix their output).
    @TaskLocal static var capture: OutputCapture?

    func say(_ text: String) {
        if json { Self.writeError(text + "\n") } else { Self.writeOutput(text + "\n") }
    }

    func warn(_ text: String) { Self.writeError("warning: " + text + "\n") }

    static func writeOutput(_ text: String) {
        if let capture { capture.append(output: text); return }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func writeError(_ text: String) {
        if let capture { capture.append(error: text); return }
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// A report: its lines, or (with --json) its JSON on stdout.
    func report(_ report: some TaskReport) throws {
        if json { try emit(report) } else { report.lines.forEach(say) }
    }

    /// One JSON object on stdout (`ReportJSON`: sorted camelCase keys, non-finite numbers as null).
    func emit(_ value: some Encodable) throws {
        Self.writeOutput(try ReportJSON.string(value) + "\n")
    }

    /// The observer a task reports through: lines, warnings, and a progress display on stderr (a bar on a
    /// terminal, a plain line every 30 seconds elsewhere).
    var observer: TaskObserver {
        let console = self
        let progress = Self.capture.map { capture in { (text: String) in capture.append(error: text) } }
        return TaskObserver(say: console.say, warn: console.warn, callbacks: { [ProgressBar(write: progress)] })
    }
}

/// What a command printed, collected by `Console.capture`.
final class OutputCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var out = "", err = ""
    var output: String { lock.withLock { out } }
    var error: String { lock.withLock { err } }
    func append(output text: String) { lock.withLock { out += text } }
    func append(error text: String) { lock.withLock { err += text } }
}
