import Foundation

/// One named hyperparameter of a `SearchSpace` and the values it may take.
///
///     .choice("cell", ["lstm", "gru"])              // one of the listed values (strings, ints or doubles)
///     .integer("layers", 1...3)                     // 1, 2 or 3
///     .integer("hiddenSize", 32...128, step: 32)    // 32, 64, 96 or 128
///     .uniform("dropout", 0, 0.5)                   // a real number in [0, 0.5]
///     .logUniform("learningRate", 1e-4, 1e-1)       // log(value) uniform in [log 1e-4, log 1e-1]
///
/// Random sampling draws one uniform `u` in [0, 1) per dimension and maps it:
///
///     choice(v_0 ... v_{n-1})      v_k with k = floor(u * n)
///     integer(low...high, step)    low + step * floor(u * n), n = (high - low) / step + 1
///     uniform(low, high)           low + u * (high - low)
///     logUniform(low, high)        exp(log(low) + u * (log(high) - log(low)))
///
/// A grid enumerates choices and integer values in order; continuous dimensions take `points` values,
/// evenly spaced (uniform) or evenly spaced in log (logUniform, like `numpy.geomspace`), endpoints included.
///
/// Invalid declarations stop with a failure naming the dimension: an empty or repeated choice, `step < 1`,
/// `low > high`, non-finite bounds, `low >= high` for continuous ranges, `low <= 0` for logUniform, or a
/// name that is not a word (letters, digits, `_ - .`, starting with a letter or `_`) or is a column of
/// the results table (`rank`, `trial`, `score`, `budget`, `status`, `seconds`, `message`).
public struct SearchDimension: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case choice([HyperparameterValue])
        case integer(ClosedRange<Int>, step: Int)
        case uniform(low: Double, high: Double)
        case logUniform(low: Double, high: Double)
    }

    public let name: String
    public let kind: Kind

    /// Checks the declaration (see the type's documentation) and stops with a failure if it is invalid.
    public init(name: String, kind: Kind) {
        if let problem = SearchDimension.problem(name: name, kind: kind) { failure(problem) }
        self.name = name
        self.kind = kind
    }

    /// One of `values` (strings, ints or doubles; not empty, no repeats).
    public static func choice(_ name: String, _ values: [HyperparameterValue]) -> SearchDimension {
        SearchDimension(name: name, kind: .choice(values))
    }

    /// An integer in `range` that is `range.lowerBound + k * step` (k = 0, 1, ...).
    public static func integer(_ name: String, _ range: ClosedRange<Int>, step: Int = 1) -> SearchDimension {
        SearchDimension(name: name, kind: .integer(range, step: step))
    }

    /// A real number in [low, high] (low < high, both finite).
    public static func uniform(_ name: String, _ low: Double, _ high: Double) -> SearchDimension {
        SearchDimension(name: name, kind: .uniform(low: low, high: high))
    }

    /// A positive real number whose logarithm is uniform in [log low, log high] (0 < low < high): the usual
    /// prior for learning rates and weight decay, giving each decade the same share of trials.
    public static func logUniform(_ name: String, _ low: Double, _ high: Double) -> SearchDimension {
        SearchDimension(name: name, kind: .logUniform(low: low, high: high))
    }

    /// True for uniform and logUniform (a grid needs a point count for them).
    public var isContinuous: Bool {
        switch kind {
        case .choice, .integer: return false
        case .uniform, .logUniform: return true
        }
    }

    /// The number of distinct values of a discrete dimension (nil for continuous ones).
    public var discreteCount: Int? {
        switch kind {
        case .choice(let values): return values.count
        case .integer(let range, let step): return (range.upperBound - range.lowerBound) / step + 1
        case .uniform, .logUniform: return nil
        }
    }

    /// The value for a uniform draw `u` in [0, 1) (see the type's documentation for the mapping).
    public func value(forUniform u: Double) -> HyperparameterValue {
        switch kind {
        case .choice(let values):
            return values[Swift.min(Int(u * Double(values.count)), values.count - 1)]
        case .integer(let range, let step):
            let n = discreteCount!
            return .int(range.lowerBound + step * Swift.min(Int(u * Double(n)), n - 1))
        case .uniform(let low, let high):
            return .double(Swift.min(low + u * (high - low), high))
        case .logUniform(let low, let high):
            if u == 0 { return .double(low) }                      // exp(log(low)) may round above low
            let v = Foundation.exp(Foundation.log(low) + u * (Foundation.log(high) - Foundation.log(low)))
            return .double(Swift.min(Swift.max(v, low), high))   // rounding must not leave the range
        }
    }

    /// The grid values: every choice or integer in order; `points` values for a continuous dimension
    /// (`points` >= 1; one point is `low`, as in numpy; endpoints are exactly `low` and `high`).
    public func gridValues(points: Int?) -> [HyperparameterValue] {
        switch kind {
        case .choice(let values):
            return values
        case .integer(let range, let step):
            return stride(from: range.lowerBound, through: range.upperBound, by: step).map { .int($0) }
        case .uniform(let low, let high), .logUniform(let low, let high):
            guard let points else {
                failure("GridSearch: continuous dimension \"\(name)\" (\(specText)) needs a point count, "
                    + "e.g. GridSearch(space, points: [\"\(name)\": 5])")
            }
            if points < 1 { failure("GridSearch: dimension \"\(name)\": points must be >= 1, got \(points)") }
            if points == 1 { return [.double(low)] }
            let isLog: Bool
            if case .logUniform = kind { isLog = true } else { isLog = false }
            let a = isLog ? Foundation.log(low) : low, b = isLog ? Foundation.log(high) : high
            return (0..<points).map { k in
                if k == 0 { return .double(low) }
                if k == points - 1 { return .double(high) }
                let t = a + (b - a) * Double(k) / Double(points - 1)
                return .double(isLog ? Foundation.exp(t) : t)
            }
        }
    }

    /// The declaration as written in a search-space string: `layers=int(1,3)`,
    /// `hiddenSize=int(32,128,32)`, `cell=choice(lstm,gru)`, `lr=loguniform(0.0001,0.1)`.
    public var specText: String {
        switch kind {
        case .choice(let values):
            return "\(name)=choice(\(values.map(\.specText).joined(separator: ",")))"
        case .integer(let range, let step):
            let s = step == 1 ? "" : ",\(step)"
            return "\(name)=int(\(range.lowerBound),\(range.upperBound)\(s))"
        case .uniform(let low, let high):
            return "\(name)=uniform(\(low),\(high))"
        case .logUniform(let low, let high):
            return "\(name)=loguniform(\(low),\(high))"
        }
    }

    /// Column names of the results table, which a hyperparameter may not take.
    static let reservedNames: Set<String> = ["rank", "trial", "score", "budget", "status", "seconds", "message"]

    /// What is wrong with a declaration, or nil (shared by `init` and the spec-string parser).
    static func problem(name: String, kind: Kind) -> String? {
        if !HyperparameterValue.isBareWord(name) {
            return "SearchDimension: name \"\(name)\" must be a word (letters, digits, _ - .) "
                + "starting with a letter or _"
        }
        if reservedNames.contains(name) {
            return "SearchDimension: name \"\(name)\" is a column of the results table; choose another "
                + "(reserved: \(reservedNames.sorted().joined(separator: ", ")))"
        }
        let what = "SearchDimension \"\(name)\""
        switch kind {
        case .choice(let values):
            if values.isEmpty { return "\(what): choice needs at least one value" }
            for (i, v) in values.enumerated() {
                if let d = v.doubleValue, !d.isFinite { return "\(what): choice value \(v) is not finite" }
                if values[..<i].contains(v) { return "\(what): choice value \(v.specText) is listed twice" }
            }
        case .integer(_, let step):
            if step < 1 { return "\(what): integer step must be >= 1, got \(step)" }
        case .uniform(let low, let high):
            if !low.isFinite || !high.isFinite {
                return "\(what): uniform bounds must be finite, got (\(low), \(high))"
            }
            if !(low < high) { return "\(what): uniform needs low < high, got (\(low), \(high))" }
        case .logUniform(let low, let high):
            if !low.isFinite || !high.isFinite {
                return "\(what): logUniform bounds must be finite, got (\(low), \(high))"
            }
            if !(low > 0) {
                return "\(what): logUniform needs low > 0 (log of \(low) is undefined), got (\(low), \(high))"
            }
            if !(low < high) { return "\(what): logUniform needs low < high, got (\(low), \(high))" }
        }
        return nil
    }
}
