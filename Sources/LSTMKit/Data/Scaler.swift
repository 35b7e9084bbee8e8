/// A per-feature affine rescaling fitted on training data: `y[..., f] = x[..., f] * multiplier[f] + offset[f]`.
///
/// Features are the last axis: a tensor `[N, F]`, a window batch `[W, B, F]` and a ``TimeSeries`` all work;
/// a rank-1 tensor `[N]` is one feature. Fit on the training part only, then transform every part with the
/// same statistics (fitting on validation or test data leaks them into training):
///
///     var scaler = StandardScaler()
///     scaler.fit(series.rows(0..<train))              // statistics of the training rows only
///     let scaled = scaler.transform(series)            // every row, with the training statistics
///     let forecast = scaler.inverseTransform(prediction, feature: 0)   // back to original units
///
/// Scalers are `Codable`, so a checkpoint can store them next to the weights. Using a scaler before `fit`, or
/// on data whose feature count differs from the fitted one, stops with a message naming both counts.
public protocol Scaler: Codable, Sendable, Equatable {
    /// The number of features seen by `fit`, or nil before fitting.
    var featureCount: Int? { get }
    /// Per-feature factors of the forward map (available once fitted).
    var multipliers: [Double] { get }
    /// Per-feature offsets of the forward map (available once fitted).
    var offsets: [Double] { get }
    /// Fits the statistics from `values`, row-major `[N, F]` with N >= 1; stops on non-finite values.
    mutating func fit(values: [Double], featureCount: Int)
}

extension Scaler {
    /// Fits on a tensor `[..., F]` (or `[N]` as one feature).
    public mutating func fit<S: TensorScalar>(_ x: Tensor<S>) {
        let f = Self.features(of: x, "fit")
        if x.count == 0 { failure("\(Self.self).fit: no samples in shape \(x.shape)") }
        fit(values: x.scalars.map { Double($0) }, featureCount: f)
    }

    /// Fits on every row of a series.
    public mutating func fit(_ series: TimeSeries) {
        if series.count == 0 { failure("\(Self.self).fit: the series has no rows") }
        fit(values: series.values, featureCount: series.featureCount)
    }

    /// A copy of this scaler fitted on `x`: `let s = MinMaxScaler().fitted(on: train)`.
    public func fitted<S: TensorScalar>(on x: Tensor<S>) -> Self {
        var s = self
        s.fit(x)
        return s
    }

    /// `y = x * multiplier + offset` per feature (last axis).
    public func transform<S: TensorScalar>(_ x: Tensor<S>) -> Tensor<S> {
        let (a, b) = coefficients(for: x, "transform")
        return Self.map(x) { v, f in v * a[f] + b[f] }
    }

    /// The inverse map `x = (y - offset) / multiplier` per feature (last axis).
    public func inverseTransform<S: TensorScalar>(_ y: Tensor<S>) -> Tensor<S> {
        let (a, b) = coefficients(for: y, "inverseTransform")
        return Self.map(y) { v, f in (v - b[f]) / a[f] }
    }

    /// Applies feature `feature`'s map to every element of `x`, whatever its shape (for example targets
    /// `[B, H_out]` that all belong to one predicted column).
    public func transform<S: TensorScalar>(_ x: Tensor<S>, feature: Int) -> Tensor<S> {
        let (a, b) = coefficients(feature: feature, "transform(_:feature:)")
        return Self.map(x, width: 1) { v, _ in v * a + b }
    }

    /// Undoes feature `feature`'s map on every element of `y` (for example a forecast of one column).
    public func inverseTransform<S: TensorScalar>(_ y: Tensor<S>, feature: Int) -> Tensor<S> {
        let (a, b) = coefficients(feature: feature, "inverseTransform(_:feature:)")
        return Self.map(y, width: 1) { v, _ in (v - b) / a }
    }

    /// The series with every feature transformed (names, dates and lines kept).
    public func transform(_ series: TimeSeries) -> TimeSeries {
        var out = series
        out.values = transform(series.tensor(Double.self)).scalars
        return out
    }

    /// The series with every feature mapped back to original units.
    public func inverseTransform(_ series: TimeSeries) -> TimeSeries {
        var out = series
        out.values = inverseTransform(series.tensor(Double.self)).scalars
        return out
    }

    // MARK: - Helpers

    static func features<S>(of x: Tensor<S>, _ op: String) -> Int {
        if x.rank == 0 { failure("\(Self.self).\(op): a scalar has no feature axis; pass [N, F] or [N]") }
        return x.rank == 1 ? 1 : x.shape[x.rank - 1]
    }

    func checkFitted(_ op: String) -> Int {
        guard let f = featureCount else {
            failure("\(Self.self).\(op): the scaler is not fitted; call fit(_:) on the training data first")
        }
        return f
    }

    func coefficients<S>(for x: Tensor<S>, _ op: String) -> ([Double], [Double]) {
        let fitted = checkFitted(op), f = Self.features(of: x, op)
        if f != fitted {
            failure("\(Self.self).\(op): fitted on \(fitted) features, but the input of shape \(x.shape) has \(f) "
                    + "(features are the last axis)")
        }
        return (multipliers, offsets)
    }

    func coefficients(feature: Int, _ op: String) -> (Double, Double) {
        let fitted = checkFitted(op)
        if feature < 0 || feature >= fitted {
            failure("\(Self.self).\(op): feature \(feature) is out of range for \(fitted) fitted features")
        }
        return (multipliers[feature], offsets[feature])
    }

    static func map<S: TensorScalar>(_ x: Tensor<S>, width: Int? = nil,
                                     _ body: (Double, Int) -> Double) -> Tensor<S> {
        let f = width ?? (x.rank <= 1 ? 1 : x.shape[x.rank - 1])
        var out = [S]()
        out.reserveCapacity(x.count)
        for (i, v) in x.scalars.enumerated() { out.append(S(body(Double(v), i % f))) }
        return Tensor(shape: x.shape, scalars: out)
    }

    /// Splits row-major `[N, F]` values into per-feature columns, stopping on non-finite values.
    static func columns(_ values: [Double], _ f: Int) -> [[Double]] {
        if f < 1 || values.isEmpty || values.count % f != 0 {
            failure("\(Self.self).fit: \(values.count) values do not form N >= 1 rows of \(f) features")
        }
        var cols = [[Double]](repeating: [], count: f)
        for (i, v) in values.enumerated() {
            if !v.isFinite { failure("\(Self.self).fit: non-finite value \(v) at row \(i / f), feature \(i % f)") }
            cols[i % f].append(v)
        }
        return cols
    }
}

/// Standardizes each feature to zero mean and unit variance (scikit-learn `StandardScaler`):
///
///     mean[f]  = sum_n x[n, f] / N
///     scale[f] = sqrt(sum_n (x[n, f] - mean[f])^2 / N)          (population std, ddof = 0, like sklearn)
///     y = (x - mean) / scale,      x = y * scale + mean
///
/// A constant feature (variance within the rounding error of its mean, sklearn's rule) gets scale 1, so it
/// maps to 0 and nothing divides by zero. `withMean: false` keeps mean 0, `withStd: false` keeps scale 1.
///
///     var s = StandardScaler()
///     s.fit(Tensor<Double>(rows: [[1, 5], [3, 5]]))   // mean [2, 5], scale [1, 1] (feature 1 is constant)
///     s.transform(Tensor<Double>(rows: [[3, 5]]))      // [[1, 0]]
public struct StandardScaler: Scaler {
    /// Whether to subtract the mean.
    public var withMean: Bool
    /// Whether to divide by the standard deviation.
    public var withStd: Bool
    /// The per-feature means (nil before fitting; zeros with `withMean: false`).
    public private(set) var mean: [Double]?
    /// The per-feature standard deviations used (1 for constant features or `withStd: false`).
    public private(set) var scale: [Double]?

    public init(withMean: Bool = true, withStd: Bool = true) {
        self.withMean = withMean
        self.withStd = withStd
    }

    public var featureCount: Int? { mean?.count }
    public var multipliers: [Double] { (scale ?? []).map { 1 / $0 } }
    public var offsets: [Double] { zip(mean ?? [], scale ?? []).map { -$0 / $1 } }

    /// What is wrong with a scaler read from a file (nil when it is one `fit` could have made): not fitted,
    /// means and scales of different counts, a mean that is not finite in Float, a scale that is not positive
    /// and finite in Float. A checkpoint's scaler is checked with this before any data goes through it.
    public var fittedProblem: String? {
        guard let mean, let scale, !mean.isEmpty else { return "it is not fitted (no means)" }
        if mean.count != scale.count { return "it has \(mean.count) means but \(scale.count) scales" }
        let largest = Double(Float.greatestFiniteMagnitude)
        if let (f, m) = mean.enumerated().first(where: { !($0.element.magnitude <= largest) }) {
            return "mean \(m) of feature \(f) is not a finite Float"
        }
        if let (f, s) = scale.enumerated().first(where: { !($0.element > 0 && $0.element <= largest) }) {
            return "scale \(s) of feature \(f) is not a positive finite Float"
        }
        return nil
    }

    public mutating func fit(values: [Double], featureCount f: Int) {
        let cols = Self.columns(values, f)
        let n = Double(cols[0].count), eps = Double.ulpOfOne
        var means = [Double](), scales = [Double]()
        for col in cols {
            let m = col.reduce(0, +) / n
            let variance = col.reduce(0) { $0 + ($1 - m) * ($1 - m) } / n
            // sklearn `_is_constant_feature`: the variance is below the error bound of computing it.
            let constant = variance <= n * eps * variance + (n * m * eps) * (n * m * eps)
            let std = variance.squareRoot()
            means.append(withMean ? m : 0)
            scales.append(!withStd || constant || std < 10 * eps ? 1 : std)
        }
        mean = means
        scale = scales
    }
}

/// Rescales each feature linearly to `featureRange` (scikit-learn `MinMaxScaler`):
///
///     range[f] = max_n x[n, f] - min_n x[n, f]      (1 when the feature is constant)
///     y = (x - min) / range * (high - low) + low,      x = (y - low) / (high - low) * range + min
///
/// Training data maps into [low, high]; later data may fall outside (no clipping). A constant feature maps
/// to `low`.
///
///     var s = MinMaxScaler(featureRange: -1...1)
///     s.fit(Tensor<Double>([2, 4, 6]))      // min 2, max 6
///     s.transform(Tensor<Double>([2, 5]))   // [-1, 0.5]
public struct MinMaxScaler: Scaler {
    /// The lower end of the target range.
    public let low: Double
    /// The upper end of the target range.
    public let high: Double
    /// The per-feature minima of the training data (nil before fitting).
    public private(set) var dataMin: [Double]?
    /// The per-feature maxima of the training data (nil before fitting).
    public private(set) var dataMax: [Double]?

    /// A scaler to `featureRange` (default 0...1); the range must be finite with low < high.
    public init(featureRange: ClosedRange<Double> = 0...1) {
        if !(featureRange.lowerBound < featureRange.upperBound) || !featureRange.upperBound.isFinite
            || !featureRange.lowerBound.isFinite {
            failure("MinMaxScaler: featureRange \(featureRange) must be finite with low < high")
        }
        low = featureRange.lowerBound
        high = featureRange.upperBound
    }

    public var featureCount: Int? { dataMin?.count }

    /// Per-feature `max - min`, with 1 for constant features.
    public var dataRange: [Double] {
        zip(dataMin ?? [], dataMax ?? []).map { $1 - $0 < 10 * Double.ulpOfOne ? 1 : $1 - $0 }
    }

    public var multipliers: [Double] { dataRange.map { (high - low) / $0 } }
    public var offsets: [Double] { zip(dataMin ?? [], multipliers).map { low - $0 * $1 } }

    public mutating func fit(values: [Double], featureCount f: Int) {
        let cols = Self.columns(values, f)
        dataMin = cols.map { $0.min()! }
        dataMax = cols.map { $0.max()! }
    }
}
