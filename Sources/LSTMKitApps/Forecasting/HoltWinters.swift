import LSTMKit

/// Holt-Winters exponential smoothing with an additive trend and an additive season of length m (Holt's linear
/// trend method when there is no season), a classical forecaster to hold an LSTM against.
///
/// With the state after observing y[t] (level l[t], trend b[t], seasonal s[t + m] for the position of t):
///
///     prediction  y_hat[t]  = l[t-1] + b[t-1] + s[t]                 (one step ahead, s[t] from a season ago)
///     level       l[t]      = alpha * (y[t] - s[t]) + (1 - alpha) * (l[t-1] + b[t-1])
///     trend       b[t]      = beta * (l[t] - l[t-1]) + (1 - beta) * b[t-1]
///     season      s[t + m]  = gamma * (y[t] - l[t-1] - b[t-1]) + (1 - gamma) * s[t]
///     forecast    y_hat[t + h | t] = l[t] + h * b[t] + s[t + h - m * (ceil(h / m) - 1)]
///
/// Without a season the s terms are 0 (and gamma unused). `l[-1]`, `b[-1]` and `s[0 ..< m]` are the initial
/// state. These are statsmodels' `ExponentialSmoothing(trend="add", seasonal="add")` recursions (Hyndman and
/// Athanasopoulos, FPP, section 8.3); the test checks them against statsmodels with fixed parameters.
///
/// Initial state (``initialState(_:season:)``, Hyndman's simple method): with a season, l = mean(y[0 ..< m]),
/// b = mean over i in 0 ..< m of (y[m + i] - y[i]) / m, s[i] = y[i] - l (needs two seasons); without,
/// l = y[0], b = y[1] - y[0]. (statsmodels' "legacy-heuristic" differs only in l with a season: the mean of
/// y[0], y[m], y[2m], ..., see statsmodels issue #5438; the fixture passes its state explicitly.)
///
/// Fitting (``fitted(_:season:)``): alpha, beta, gamma in [0, 1] minimize the sum of squared one-step errors
/// over the given (training) values: the best point of the grid {0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99} in each
/// parameter, then a Nelder-Mead search from it (at most 300 steps, parameters clamped to [0, 1]).
/// Deterministic.
public struct HoltWinters: Sendable, Equatable {
    public var alpha: Double
    public var beta: Double
    /// Unused without a season.
    public var gamma: Double
    /// m, or nil for Holt's linear trend.
    public var season: Int?
    public var initialLevel: Double
    public var initialTrend: Double
    /// s[0 ..< m] (empty without a season).
    public var initialSeasonals: [Double]

    public init(alpha: Double, beta: Double, gamma: Double = 0, season: Int?, initialLevel: Double,
                initialTrend: Double, initialSeasonals: [Double] = []) {
        if let m = season, m < 1 || initialSeasonals.count != m {
            failure("HoltWinters: season \(m) needs m >= 1 and m initial seasonals, got \(initialSeasonals.count)")
        }
        if season == nil && !initialSeasonals.isEmpty { failure("HoltWinters: initial seasonals without a season") }
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
        self.season = season
        self.initialLevel = initialLevel
        self.initialTrend = initialTrend
        self.initialSeasonals = initialSeasonals
    }

    /// The heuristic initial state of `y` (see the type's documentation), or nil when `y` is too short:
    /// fewer than two seasons, or fewer than two values without a season.
    public static func initialState(_ y: [Double], season: Int?) -> (level: Double, trend: Double, seasonals: [Double])? {
        guard let m = season else {
            return y.count >= 2 ? (y[0], y[1] - y[0], []) : nil
        }
        guard m >= 1, y.count >= 2 * m else { return nil }
        let level = y[0..<m].reduce(0, +) / Double(m)
        let trend = (0..<m).map { (y[m + $0] - y[$0]) / Double(m) }.reduce(0, +) / Double(m)
        return (level, trend, y[0..<m].map { $0 - level })
    }

    /// The states after each observation: the one-step predictions `[N]`, and level, trend `[N]` and the
    /// seasonal array `[N + m]` (s[t + m] set by y[t]).
    public struct Run: Sendable {
        public var predictions: [Double]
        public var levels: [Double]
        public var trends: [Double]
        public var seasonals: [Double]
    }

    /// Runs the recursions over `y`.
    public func run(_ y: [Double]) -> Run {
        let m = season ?? 0
        var out = Run(predictions: [], levels: [], trends: [], seasonals: initialSeasonals)
        out.predictions.reserveCapacity(y.count)
        out.levels.reserveCapacity(y.count)
        out.trends.reserveCapacity(y.count)
        out.seasonals.reserveCapacity(y.count + m)
        var l = initialLevel, b = initialTrend
        for (t, value) in y.enumerated() {
            let s = m > 0 ? out.seasonals[t] : 0
            out.predictions.append(l + b + s)
            let level = alpha * (value - s) + (1 - alpha) * (l + b)
            if m > 0 { out.seasonals.append(gamma * (value - l - b) + (1 - gamma) * s) }
            b = beta * (level - l) + (1 - beta) * b
            l = level
            out.levels.append(l)
            out.trends.append(b)
        }
        return out
    }

    /// The forecasts of y[origin + 1 ... origin + horizon] from the state after y[origin].
    public func forecast(_ run: Run, origin t: Int, horizon: Int) -> [Double] {
        if t < 0 || t >= run.levels.count || horizon < 1 {
            failure("HoltWinters.forecast: origin \(t) outside 0..<\(run.levels.count) or horizon \(horizon) < 1")
        }
        return (1...horizon).map { h in
            var value = run.levels[t] + Double(h) * run.trends[t]
            if let m = season { value += run.seasonals[t + h - m * ((h + m - 1) / m - 1)] }
            return value
        }
    }

    /// The sum of squared one-step errors over `y` (the recursions of ``run(_:)`` without storing the states:
    /// s[t + m] replaces s[t] in a ring of m seasonals, since s[t] is never read again).
    public func sumOfSquaredErrors(_ y: [Double]) -> Double {
        let m = season ?? 0
        var ring = initialSeasonals
        var l = initialLevel, b = initialTrend, sum = 0.0
        for t in 0..<y.count {
            let s = m > 0 ? ring[t % m] : 0
            let e = y[t] - (l + b + s)
            sum += e * e
            let level = alpha * (y[t] - s) + (1 - alpha) * (l + b)
            if m > 0 { ring[t % m] = gamma * (y[t] - l - b) + (1 - gamma) * s }
            b = beta * (level - l) + (1 - beta) * b
            l = level
        }
        return sum
    }

    /// The model fitted to `y` (see the type's documentation), or nil when `y` is too short to initialize.
    public static func fitted(_ y: [Double], season: Int?) -> HoltWinters? {
        guard let start = initialState(y, season: season) else { return nil }
        func model(_ p: [Double]) -> HoltWinters {
            let c = p.map { Swift.min(1, Swift.max(0, $0)) }
            return HoltWinters(alpha: c[0], beta: c[1], gamma: season == nil ? 0 : c[2], season: season,
                               initialLevel: start.level, initialTrend: start.trend, initialSeasonals: start.seasonals)
        }
        func loss(_ p: [Double]) -> Double {
            let e = model(p).sumOfSquaredErrors(y)
            return e.isFinite ? e : .greatestFiniteMagnitude
        }
        let grid = [0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99]
        let dimensions = season == nil ? 2 : 3
        var best = [Double](repeating: grid[0], count: dimensions), bestLoss = Double.infinity
        var index = [Int](repeating: 0, count: dimensions)
        while true {
            let p = index.map { grid[$0] }
            let e = loss(p)
            if e < bestLoss { (best, bestLoss) = (p, e) }
            var k = 0
            while k < dimensions && index[k] == grid.count - 1 { index[k] = 0; k += 1 }
            if k == dimensions { break }
            index[k] += 1
        }
        return model(nelderMead(loss, from: best, step: 0.05, iterations: 300))
    }

    /// Minimizes `f` from `x0` by Nelder-Mead (reflection 1, expansion 2, contraction 0.5, shrink 0.5).
    static func nelderMead(_ f: ([Double]) -> Double, from x0: [Double], step: Double, iterations: Int) -> [Double] {
        let n = x0.count
        var simplex = [x0] + (0..<n).map { i in
            var x = x0
            x[i] += x[i] + step <= 1 ? step : -step
            return x
        }
        var values = simplex.map(f)
        for _ in 0..<iterations {
            let order = values.indices.sorted { (values[$0], $0) < (values[$1], $1) }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            if values[n] - values[0] <= 1e-12 * Swift.max(1, abs(values[0])) { break }
            let centroid = (0..<n).map { j in simplex[0..<n].reduce(0) { $0 + $1[j] } / Double(n) }
            func toward(_ t: Double) -> [Double] { (0..<n).map { centroid[$0] + t * (simplex[n][$0] - centroid[$0]) } }
            let reflected = toward(-1), fr = f(reflected)
            if fr < values[0] {
                let expanded = toward(-2), fe = f(expanded)
                (simplex[n], values[n]) = fe < fr ? (expanded, fe) : (reflected, fr)
            } else if fr < values[n - 1] {
                (simplex[n], values[n]) = (reflected, fr)
            } else {
                let contracted = toward(0.5), fc = f(contracted)
                if fc < values[n] {
                    (simplex[n], values[n]) = (contracted, fc)
                } else {
                    for i in 1...n {
                        simplex[i] = (0..<n).map { simplex[0][$0] + 0.5 * (simplex[i][$0] - simplex[0][$0]) }
                        values[i] = f(simplex[i])
                    }
                }
            }
        }
        return simplex[values.indices.min { (values[$0], $0) < (values[$1], $1) }!].map { Swift.min(1, Swift.max(0, $0)) }
    }
}
