import Foundation
import LSTMKit
import LSTMKitApps

/// The output of `lstm train textgen`: a bar redrawn in place on a terminal (standard error) between
/// evaluations, and one line per evaluation (through the console, so it goes to stderr with --json):
///
///     [######..............]  612/2000  loss 1.5012  14210 chars/s  ETA 16:02
///     step   800/2000  epoch  5.10  train 1.4231  val 1.5312 nats/char 2.2091 bits/char  14210 chars/s  3:41 *
///
/// `*` marks a new best validation loss (best.safetensors was written).
final class TextgenProgress {
    let totalSteps: Int
    let console: Console
    let interactive: Bool
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(totalSteps: Int, console: Console, interactive: Bool? = nil) {
        self.totalSteps = totalSteps
        self.console = console
        self.interactive = interactive ?? (isatty(STDERR_FILENO) != 0)
    }

    func bar(step: Int, loss: Double, charactersPerSecond: Double, elapsed: Double) {
        guard interactive, Date().timeIntervalSince(lastDraw) > 0.2 else { return }
        lastDraw = Date()
        let width = 20, filled = min(width, step * width / max(totalSteps, 1))
        let remaining = elapsed / Double(max(step, 1)) * Double(totalSteps - step)
        let text = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) +
            "]  \(step)/\(totalSteps)  loss \(fixed(loss, 4))  \(Int(charactersPerSecond)) chars/s  ETA \(clock(remaining))"
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
        drawn = true
    }

    func line(step: Int, epoch: Double, trainLoss: Double, validation: LanguageModelEvaluation,
              charactersPerSecond: Double, elapsed: Double, best: Bool) {
        clearBar()
        let digits = String(totalSteps).count
        let stepText = String(repeating: " ", count: max(0, digits - String(step).count)) + String(step)
        console.say("step \(stepText)/\(totalSteps)  epoch \(fixed(epoch, 2))  train \(fixed(trainLoss, 4))  " +
                    "val \(fixed(validation.meanLoss, 4)) nats/char \(fixed(validation.bitsPerCharacter, 4)) bits/char  " +
                    "\(Int(charactersPerSecond)) chars/s  \(clock(elapsed))" + (best ? " *" : ""))
        fflush(nil)                            // flush stdout: lines appear at once when it is a file or a pipe
    }

    func finish() { clearBar() }

    private func clearBar() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)); drawn = false }
    }

    func clock(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                         : String(format: "%d:%02d", s / 60, s % 60)
    }
}
