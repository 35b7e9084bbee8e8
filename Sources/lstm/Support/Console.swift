import Foundation
import LSTMKit
import LSTMKitApps

/// Where `lstm` writes: human-readable lines on stdout (on stderr with `--json`, so stdout stays one JSON
/// object), warnings on stderr, progress on stderr.
struct Console {
    let json: Bool

    func say(_ text: String) {
        if json {
            FileHandle.standardError.write(Data((text + "\n").utf8))
        } else {
            print(text)
            fflush(nil)   // progress shows up live even when stdout is a pipe
        }
    }

    func warn(_ text: String) {
        FileHandle.standardError.write(Data(("warning: " + text + "\n").utf8))
    }

    /// A report: its lines, or (with --json) its JSON on stdout.
    func report(_ report: some TaskReport) throws {
        if json { try emit(report) } else { report.lines.forEach(say) }
    }

    /// One JSON object on stdout (`ReportJSON`: sorted camelCase keys, non-finite numbers as null).
    func emit(_ value: some Encodable) throws {
        print(try ReportJSON.string(value))
        fflush(nil)
    }

    /// The observer a task reports through: lines, warnings, and a progress display on stderr (a bar on a
    /// terminal, a plain line every 30 seconds elsewhere).
    var observer: TaskObserver {
        let console = self
        return TaskObserver(say: console.say, warn: console.warn, callbacks: { [ProgressBar()] })
    }
}
