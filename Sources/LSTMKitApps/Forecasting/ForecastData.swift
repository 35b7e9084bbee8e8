import LSTMKit
/// A series prepared for a ``Forecaster`` by a ``ForecastConfig``: the chronological split, the scaled
/// network inputs, the windows of every part, and the way back from network outputs to original units.
///
///     y (target, original units)  --transform-->  u (log / differences; NaN for t < warmUp)
///     inputs[t] = scaler([u[t], features[t]...])    scaler fitted on rows warmUp ..< trainEnd only
///     window at origin t: inputs[t - W + 1 ... t]   [W, F]      target: scaled u[t + 1 ... t + H]   [H]
///
/// A network output is turned back into y by undoing the scaling (feature 0's statistics) and then the
/// transform (``ForecastTransform/invert(_:origin:history:)``, which reads only values up to the origin), so
/// every metric is computed in the target's original units.
///
///     let data = try ForecastData(series: series, config: config)     // fits the scaler on the training part
///     let batch = data.batch(origins: data.origins(.train))           // inputs [W, B, F], targets [B, H]
///     let table = data.evaluate(model)                                 // held-out tail vs. the baselines
///
/// Pass the `scaler` stored with a trained model to prepare the data exactly as in training.
public struct ForecastData {
    /// The parts of the chronological split.
    public enum Part: String, Sendable, CaseIterable { case train, validation, test }

    public let config: ForecastConfig
    /// y, the target in original units, `[N]`.
    public let target: [Double]
    /// The scaler of the network inputs (feature 0 is u, then the extra columns), fitted on the training part.
    public let scaler: StandardScaler
    /// N, the number of steps.
    public var count: Int { target.count }
    /// The first step after the training part (the first validation step).
    public let trainEnd: Int
    /// The first step of the held-out test tail.
    public let validationEnd: Int
    /// The steps at the start with no transformed value (the sum of the differencing lags).
    public var warmUp: Int { config.transform.warmUp }
    /// The first usable origin: a whole window of defined inputs ends here.
    public var firstOrigin: Int { warmUp + config.window - 1 }

    /// The levels of the transform over the whole target (only values up to an origin are read when inverting).
    let levels: [[Double]]
    /// The windows over the scaled inputs from step warmUp on; window k has origin `firstOrigin + k`.
    let windows: SlidingWindows<Float>

    /// Prepares `series` (which must hold the config's target and feature columns).
    /// - Parameters:
    ///   - series: the time series read from the CSV.
    ///   - config: the task's config (columns, window, horizon, split sizes, transform).
    ///   - scaler: a fitted scaler to reuse (from a checkpoint); nil fits a new one on the training part.
    /// - Throws: `CSVError` for a missing column; ``ForecastDataError`` when the series is too short for the
    ///   split, the window and the horizon, when the test tail is shorter than the horizon, or when `log` meets a
    ///   value <= 0 (naming its line).
    public init(series: TimeSeries, config: ForecastConfig, scaler: StandardScaler? = nil) throws {
        let c = config
        if c.window < 1 || c.horizon < 1 || c.testSize < 0 || c.validationSize < 0 || (c.season ?? 1) < 1 {
            failure("ForecastData: window (\(c.window)), horizon (\(c.horizon)) and season (\(c.season ?? 1)) must " +
                    "be >= 1, sizes (\(c.testSize), \(c.validationSize)) >= 0")
        }
        let y = try series.column(c.target)
        let extra = try c.features.map { try series.column($0) }
        let n = y.count, h = c.horizon, warmUp = c.transform.warmUp
        func fail(_ text: String) -> ForecastDataError { ForecastDataError(series.source + ": " + text) }
        if c.testSize < h {
            throw fail("the test tail (\(c.testSize) steps) is shorter than the horizon (\(h)); it needs at least \(h) steps")
        }
        if c.validationSize > 0 && c.validationSize < h {
            throw fail("the validation part (\(c.validationSize) steps) is shorter than the horizon (\(h)); " +
                       "use at least \(h) steps or 0")
        }
        let trainEnd = n - c.testSize - c.validationSize
        let usable = trainEnd - warmUp
        if usable < c.window + h {
            let lost = warmUp > 0 ? ", \(usable) after the \(warmUp) steps lost to differencing" : ""
            throw fail("window \(c.window) + horizon \(h) = \(c.window + h) steps do not fit in the training part " +
                       "(\(n) steps - test \(c.testSize) - validation \(c.validationSize) = \(max(trainEnd, 0)) steps\(lost)); " +
                       "use a smaller window, test or validation size")
        }
        if let s = c.season, trainEnd + c.validationSize < s {
            throw fail("the season (\(s)) is longer than the history before the test tail (\(trainEnd + c.validationSize) steps)")
        }
        if c.transform.log, let t = y.firstIndex(where: { !($0 > 0) }) {
            throw fail("line \(series.lineNumbers[t]): \(c.target) is \(y[t]), but log needs values > 0; drop the log option")
        }

        let levels = c.transform.levels(y)
        let u = levels.last!
        let f = c.inputSize
        var rows = [Double]()                                     // [N - warmUp, F]
        rows.reserveCapacity((n - warmUp) * f)
        for t in warmUp..<n {
            rows.append(u[t])
            for column in extra { rows.append(column[t]) }
        }
        var fitted = scaler ?? StandardScaler()
        if scaler == nil {
            fitted.fit(values: Array(rows[0..<(usable * f)]), featureCount: f)
        } else if scaler?.featureCount != f {
            throw fail("the stored scaler has \(scaler?.featureCount ?? 0) features, the config reads \(f) columns")
        }
        let scaled = fitted.transform(Tensor<Double>(shape: [n - warmUp, f], scalars: rows))
        self.windows = try SlidingWindows(series: Tensor<Float>(shape: scaled.shape, scalars: scaled.scalars.map { Float($0) }),
                                          window: c.window, horizon: h, target: .multiStep, targetColumns: [0],
                                          source: series.source)
        self.config = c
        self.target = y
        self.scaler = fitted
        self.trainEnd = trainEnd
        self.validationEnd = n - c.testSize
        self.levels = levels
    }

    /// The forecast origins of a part: every t whose targets t + 1 ... t + H lie inside the part and whose
    /// window is fully defined, in increasing order.
    public func origins(_ part: Part) -> [Int] {
        let h = config.horizon
        let (start, end): (Int, Int)                  // the part's steps: start ..< end
        switch part {
        case .train: (start, end) = (0, trainEnd)
        case .validation: (start, end) = (trainEnd, validationEnd)
        case .test: (start, end) = (validationEnd, count)
        }
        let first = max(firstOrigin, start - 1), last = end - 1 - h
        return first <= last ? Array(first...last) : []
    }

    /// The windows ending at `origins`: inputs `[W, B, F]`, scaled targets `[B, H]`.
    public func batch(origins: [Int]) -> WindowBatch<Float> {
        windows.batch(origins.map { windowIndex($0) })
    }

    func windowIndex(_ origin: Int) -> Int {
        let k = origin - firstOrigin
        if k < 0 || k >= windows.count {
            failure("ForecastData: origin \(origin) has no complete window with targets (origins \(firstOrigin)..<\(firstOrigin + windows.count))")
        }
        return k
    }

    /// The network's forecasts at `origins` in original units, `[origins.count][H]` (evaluation mode, no graph).
    public func forecast(_ model: Forecaster<Float>, origins: [Int], batchSize: Int = 256) -> [[Double]] {
        model.eval()
        var scaled: [[Double]] = []
        withoutGrad {
            for start in stride(from: 0, to: origins.count, by: batchSize) {
                let part = Array(origins[start..<min(start + batchSize, origins.count)])
                let out = model(batch(origins: part).inputs)                  // [B, H]
                let h = out.shape[1]
                for b in 0..<part.count { scaled.append(out.scalars[(b * h)..<((b + 1) * h)].map { Double($0) }) }
            }
        }
        return invert(scaled: scaled, origins: origins)
    }

    /// Turns scaled forecasts of u (network outputs) at `origins` into forecasts of y in original units.
    public func invert(scaled: [[Double]], origins: [Int]) -> [[Double]] {
        let a = scaler.multipliers[0], b = scaler.offsets[0]
        return zip(scaled, origins).map { values, origin in
            config.transform.invert(values.map { ($0 - b) / a }, origin: origin, levels: levels)
        }
    }

    /// The scaled targets at `origins` (what a perfect network would output), `[origins.count][H]`.
    public func scaledTargets(origins: [Int]) -> [[Double]] {
        let t = batch(origins: origins).targets, h = config.horizon
        return (0..<origins.count).map { b in t.scalars[(b * h)..<((b + 1) * h)].map { Double($0) } }
    }

    /// The model against the baselines (``ForecastBaseline``) on a part (default: the held-out test tail).
    public func evaluate(_ model: Forecaster<Float>, part: Part = .test) -> ForecastEvaluation {
        let origins = origins(part)
        return evaluate(forecasts: forecast(model, origins: origins), origins: origins)
    }

    /// Scores forecasts in original units (`[origins.count][H]`) against the actual values and every baseline
    /// computed at exactly the same points (``ForecastBaseline/forecasts(_:trainEnd:origins:horizon:season:)``:
    /// the seasonal mean and the Holt-Winters parameters from the training part), with the warnings: the
    /// evaluated targets leaving the training range (of u, the transformed target the network learns),
    /// baselines not computed, no season, a model much worse than naive.
    public func evaluate(forecasts: [[Double]], origins: [Int]) -> ForecastEvaluation {
        if forecasts.count != origins.count {
            failure("ForecastData.evaluate: \(forecasts.count) forecasts for \(origins.count) origins")
        }
        let h = config.horizon
        let (baselines, warnings) = ForecastBaseline.forecasts(target, trainEnd: trainEnd, origins: origins,
                                                               horizon: h, season: config.season)
        var points: [ForecastPoint] = []
        for (i, (forecast, origin)) in zip(forecasts, origins).enumerated() {
            if forecast.count != h { failure("ForecastData.evaluate: a forecast has \(forecast.count) steps, expected \(h)") }
            for k in 0..<h {
                points.append(ForecastPoint(origin: origin, step: k + 1, time: origin + 1 + k, actual: target[origin + 1 + k],
                                            model: forecast[k], baselines: baselines.mapValues { $0[i][k] }))
            }
        }
        // The range of what the network learns: u, the transformed target (y itself without a transform).
        let u = levels.last!, transformed = config.transform.log || !config.transform.lags.isEmpty
        let times = Set(points.map(\.time)).sorted()
        let range = ForecastWarning.range(of: times.map { u[$0] }, training: Array(u[warmUp..<trainEnd]),
                                          transformed: transformed)
        return ForecastEvaluation(points: points, horizon: h, season: config.season,
                                  warnings: (range.map { [$0] } ?? []) + warnings)
    }
}
