import Foundation

/// Progress of a training run on standard error: a bar redrawn in place on a terminal, and plain lines
/// every `plainInterval` seconds elsewhere (a pipe, a log file, CI), so a run piped to a file still shows
/// that it is alive. Every evaluation prints one line.
///
///     [#########...........] step 900/2000  epoch 2  loss 1.4712  12.3 steps/s  ETA 1:29
///     step 900/2000 (45%)  epoch 2  loss 1.4712  12.3 steps/s  ETA 1:29        (not a terminal)
///     evaluation at step 1000 (epoch 2): train loss 1.4520  validation loss 1.5123  accuracy 0.8125  (81.2 s)
public final class ProgressBar: TrainingCallback {
    private let width: Int
    private let interactive: Bool
    private let plainInterval: Double
    private var started = Date()
    private var stepsAtStart = 0
    private var lastDraw = Date.distantPast
    private let write: (String) -> Void

    /// - Parameters:
    ///   - width: the bar's length in characters (interactive display only).
    ///   - interactive: redraw in place; by default true when standard error is a terminal.
    ///   - plainInterval: seconds between plain progress lines when not interactive.
    ///   - write: receives each drawn line (default: standard error).
    public init(width: Int = 20, interactive: Bool? = nil, plainInterval: Double = 30,
                write: ((String) -> Void)? = nil) {
        self.width = width
        self.interactive = interactive ?? (isatty(STDERR_FILENO) != 0)
        self.plainInterval = plainInterval
        self.write = write ?? { FileHandle.standardError.write(Data($0.utf8)) }
    }

    public func trainingWillBegin(_ trainer: TrainerState) throws {
        started = Date()
        stepsAtStart = trainer.step
        lastDraw = Date()
    }

    public func stepDidEnd(_ trainer: TrainerState, _ step: TrainingHistory.Step) throws {
        let now = Date()
        let interval = interactive ? 0.1 : plainInterval
        guard now.timeIntervalSince(lastDraw) >= interval else { return }
        lastDraw = now
        let text = Self.line(progress: trainer.progress, loss: step.loss, elapsed: now.timeIntervalSince(started),
                             stepsDone: trainer.step - stepsAtStart, budget: trainer.budget,
                             width: interactive ? width : nil)
        write(interactive ? "\r\u{1B}[K" + text : text + "\n")
    }

    public func evaluationDidEnd(_ trainer: TrainerState, _ evaluation: TrainingHistory.Evaluation) throws -> Bool {
        write((interactive ? "\r\u{1B}[K" : "") + Self.evaluationLine(evaluation) + "\n")
        return false
    }

    public func trainingDidEnd(_ trainer: TrainerState) throws {
        if interactive { write("\r\u{1B}[K") }
    }

    /// "evaluation at step 1000 (epoch 2): train loss 1.4520  validation loss 1.5123  accuracy 0.8125  (81.2 s)".
    public static func evaluationLine(_ e: TrainingHistory.Evaluation) -> String {
        let epoch = e.stepInEpoch > 0 ? "epoch \(e.epoch + 1)" : "end of epoch \(e.epoch)"
        var text = "evaluation at step \(e.step) (\(epoch)): train loss \(format(e.trainLoss))"
        if let v = e.validationLoss { text += "  validation loss \(format(v))" }
        for (name, value) in e.metrics.sorted(by: { $0.key < $1.key }) { text += "  \(name) \(format(value))" }
        return text + "  (\(String(format: "%.1f", e.seconds)) s)"
    }

    /// The progress line (with a bar of `width` characters when given).
    static func line(progress p: TrainingProgress, loss: Double, elapsed: Double, stepsDone: Int,
                     budget: TrainingBudget, width: Int?) -> String {
        let rate = elapsed > 0 ? Double(stepsDone) / elapsed : 0
        var text = ""
        if let width {
            let filled = Swift.min(width, Swift.max(0, Int(p.fraction * Double(width))))
            text += "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
        }
        text += "step \(p.step)" + (p.plannedSteps.map { "/\($0)" } ?? "")
        if width == nil { text += " (\(Int(p.fraction * 100))%)" }
        text += "  epoch \(p.epoch + 1)" + (budget.epochs.map { "/\($0)" } ?? "")
        text += "  loss \(format(loss))  \(String(format: "%.1f", rate)) steps/s"
        if let planned = p.plannedSteps, rate > 0 {
            var remaining = Double(planned - p.step) / rate
            if let limit = budget.seconds { remaining = Swift.min(remaining, limit - p.seconds) }
            text += "  ETA \(clock(remaining))"
        }
        return text
    }

    static func format(_ x: Double) -> String { String(format: "%.4f", x) }

    /// "1:05" or "2:03:04".
    public static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Swift.max(0, Int(seconds.rounded()))
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                         : String(format: "%d:%02d", s / 60, s % 60)
    }
}
