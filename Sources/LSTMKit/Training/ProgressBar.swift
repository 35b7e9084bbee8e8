import Foundation

/// A one-line terminal progress bar: epoch, step, loss, steps/s and ETA, redrawn in place.
///
///     epoch 2/10 [#########...........] 45/100  loss 1.2345  38.2 steps/s  ETA 0:14
///
/// When standard error is not a terminal (a log file, CI), it prints nothing per step and one plain line per
/// epoch instead, so logs stay readable.
public final class ProgressBar: TrainingCallback {
    private let width: Int
    private let interactive: Bool
    private var started = Date()
    private var stepsAtStart = 0
    private var lastDraw = Date.distantPast
    private let write: (String) -> Void

    /// - Parameter interactive: redraw in place; by default true when standard error is a terminal.
    public init(width: Int = 20, interactive: Bool? = nil, write: ((String) -> Void)? = nil) {
        self.width = width
        self.interactive = interactive ?? (isatty(STDERR_FILENO) != 0)
        self.write = write ?? { FileHandle.standardError.write(Data($0.utf8)) }
    }

    public func trainingWillBegin(_ trainer: TrainerState) throws {
        started = Date()
        stepsAtStart = trainer.step
    }

    public func stepDidEnd(_ trainer: TrainerState, _ step: TrainingHistory.Step) throws {
        guard interactive, Date().timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = Date()
        write("\r" + Self.line(trainer: trainer, loss: step.loss, elapsed: Date().timeIntervalSince(started),
                               stepsDone: trainer.step - stepsAtStart, width: width))
    }

    public func epochDidEnd(_ trainer: TrainerState, _ epoch: TrainingHistory.Epoch) throws -> Bool {
        var text = "epoch \(epoch.epoch + 1)/\(trainer.totalEpochs)  train loss \(Self.format(epoch.trainLoss))"
        if let v = epoch.validationLoss { text += "  validation loss \(Self.format(v))" }
        for (name, value) in epoch.metrics.sorted(by: { $0.key < $1.key }) { text += "  \(name) \(Self.format(value))" }
        text += "  (\(String(format: "%.1f", epoch.seconds)) s)"
        write((interactive ? "\r\u{1B}[K" : "") + text + "\n")
        return false
    }

    /// The progress line for the current state (exposed for tests).
    static func line(trainer: TrainerState, loss: Double, elapsed: Double, stepsDone: Int, width: Int) -> String {
        let rate = elapsed > 0 ? Double(stepsDone) / elapsed : 0
        var text = "epoch \(trainer.epoch + 1)/\(trainer.totalEpochs) "
        if let per = trainer.stepsPerEpoch, per > 0 {
            let inEpoch = trainer.step - trainer.epoch * per
            let filled = Swift.min(width, Swift.max(0, inEpoch * width / per))
            text += "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            text += "\(inEpoch)/\(per) "
            let remaining = Double((trainer.totalEpochs - trainer.epoch) * per - inEpoch)
            if rate > 0 { text += " ETA \(clock(remaining / rate))" }
        } else {
            text += "step \(trainer.step) "
        }
        return text + "  loss \(format(loss))  \(String(format: "%.1f", rate)) steps/s"
    }

    static func format(_ x: Double) -> String { String(format: "%.4f", x) }

    static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                         : String(format: "%d:%02d", s / 60, s % 60)
    }
}
