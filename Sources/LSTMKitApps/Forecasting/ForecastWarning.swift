import LSTMKit
import Foundation

/// Something a forecast evaluation should not let pass silently, as data: the CLI prints ``message``, a program
/// can match the case. Messages are neutral about option names (the CLI adds them).
public enum ForecastWarning: Sendable, Equatable {
    /// No season was given, so the seasonal baselines (seasonal naive, seasonal mean) were not computed and
    /// Holt-Winters ran without a season.
    case noSeason
    /// A baseline could not be computed, and why.
    case baselineUnavailable(ForecastBaseline, reason: String)
    /// The evaluated targets leave the training range `[trainingMin, trainingMax]`: they reach `lowest` /
    /// `highest`; `beyond` is the larger excess as a fraction of the training range's width. The values are
    /// those the model learns: after the log and differencing transform when there is one (`transformed`).
    case outsideTrainingRange(trainingMin: Double, trainingMax: Double, lowest: Double, highest: Double, beyond: Double,
                              transformed: Bool)
    /// The model's RMSE is `ratio` times the naive forecast's (above ``muchWorseThanNaiveRatio``).
    case muchWorseThanNaive(ratio: Double)

    /// Values beyond the training range by more than this fraction of its width are reported: 0.1.
    public static let outsideRangeFraction = 0.1
    /// A model RMSE above this multiple of the naive RMSE is reported: 1.5.
    public static let muchWorseThanNaiveRatio = 1.5

    public var message: String {
        switch self {
        case .noSeason:
            return "no season given: seasonal baselines (seasonal naive, seasonal mean) not computed and Holt-Winters " +
                "ran without a season; pass a season"
        case .baselineUnavailable(let baseline, let reason):
            return "the \(baseline.rawValue) baseline was not computed: \(reason)"
        case .outsideTrainingRange(let low, let high, let lowest, let highest, let beyond, let transformed):
            var parts: [String] = []
            if highest > high { parts.append("up to " + Self.number(highest)) }
            if lowest < low { parts.append("down to " + Self.number(lowest)) }
            let what = transformed ? "the evaluated targets (after the log/differencing transform)" : "the evaluated values"
            let advice = transformed ? "a model extrapolates poorly outside what it was trained on"
                : "a model fitted to the training levels extrapolates poorly there: forecast changes (difference " +
                  "the target) or a log transform instead"
            return "\(what) leave the training range [\(Self.number(low)), \(Self.number(high))]: " +
                parts.joined(separator: " and ") + String(format: " (%.0f%% of the range's width beyond it)", beyond * 100) +
                "; " + advice
        case .muchWorseThanNaive(let ratio):
            return String(format: "the model's RMSE is %.1fx the naive forecast's: ", ratio) +
                "on a trending or random-walk series, difference the target (lag 1) or take its log"
        }
    }

    /// The ``outsideTrainingRange(trainingMin:trainingMax:lowest:highest:beyond:transformed:)`` warning for
    /// `values` against `training`, or nil when they stay within ``outsideRangeFraction`` of its width.
    public static func range(of values: [Double], training: [Double], transformed: Bool = false) -> ForecastWarning? {
        guard let low = training.min(), let high = training.max(), let lowest = values.min(),
              let highest = values.max() else { return nil }
        let width = Swift.max(high - low, abs(high) * 1e-12, Double.leastNormalMagnitude)
        let beyond = Swift.max(highest - high, low - lowest, 0) / width
        return beyond > outsideRangeFraction
            ? .outsideTrainingRange(trainingMin: low, trainingMax: high, lowest: lowest, highest: highest, beyond: beyond,
                                    transformed: transformed)
            : nil
    }

    static func number(_ x: Double) -> String { String(format: "%.6g", x) }
}
