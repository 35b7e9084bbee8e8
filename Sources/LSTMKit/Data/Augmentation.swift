/// Random transformations of one sequence `[T, F]` (or `[T]`) for data augmentation of time series, after
/// Um et al. 2017, "Data augmentation of wearable sensor data for Parkinson's disease monitoring using
/// convolutional neural networks", and Le Guennec et al. 2016 (window slicing). Every draw comes from the
/// `RandomSource` passed in, so a seed reproduces the same augmented data.
///
///     let rng = RandomSource(seed: 7)
///     let x = Tensor<Float>(rows: [[0, 1], [1, 2], [2, 3], [3, 4]])     // [T, F] = [4, 2]
///     let a = Augmentation.jitter(x, sigma: 0.05, using: rng)             // [4, 2]
///     let b = Augmentation.timeWarp(x, sigma: 0.2, using: rng)            // [4, 2], same ends as x
///     let c = Augmentation.windowSlice(x, fraction: 0.5, resample: false, using: rng)   // [2, 2]
///
/// The results are new constant tensors (no gradient flows into the random draws). Apply them to training
/// data only. Defaults are those of Um et al.'s code (jitter 0.05, scaling 0.1, warps 0.2 with 4 knots) and
/// Le Guennec et al. (slices of 90%).
public enum Augmentation {
    /// How the random curve through the knots of ``timeWarp(_:sigma:knots:interpolation:using:)`` and
    /// ``magnitudeWarp(_:sigma:knots:interpolation:using:)`` is drawn between them.
    public enum Interpolation: Sendable, Equatable {
        /// Piecewise linear between the knots.
        case linear
        /// A natural cubic spline through the knots (second derivative 0 at both ends), smooth like Um et
        /// al.'s `CubicSpline`.
        case cubic
    }

    /// Jitter: adds Gaussian noise to every value, `y[t, f] = x[t, f] + e[t, f]`, `e ~ N(0, sigma^2)`.
    public static func jitter<S: TensorScalar>(_ x: Tensor<S>, sigma: Double = 0.05,
                                               using rng: RandomSource) -> Tensor<S> {
        _ = dims(x, "jitter")
        checkSigma(sigma, "jitter")
        let e = rng.normals(count: x.count)
        return Tensor(shape: x.shape, scalars: zip(x.scalars, e).map { S(Double($0) + sigma * $1) })
    }

    /// Scaling: multiplies each feature by one random factor, `y[t, f] = x[t, f] * s[f]`, `s[f] ~ N(1,
    /// sigma^2)` (one factor for the whole sequence with `perFeature: false`).
    public static func scaling<S: TensorScalar>(_ x: Tensor<S>, sigma: Double = 0.1, perFeature: Bool = true,
                                                using rng: RandomSource) -> Tensor<S> {
        let (_, f) = dims(x, "scaling")
        checkSigma(sigma, "scaling")
        let factors = rng.normals(count: perFeature ? f : 1).map { 1 + sigma * $0 }
        return Tensor(shape: x.shape, scalars: x.scalars.enumerated().map { i, v in
            S(Double(v) * factors[perFeature ? i % f : 0])
        })
    }

    /// Magnitude warping: multiplies the sequence by a smooth random curve, `y[t, f] = x[t, f] * c(t)`, with
    /// `c` through `knots + 2` evenly spaced knots (both ends included) whose values are `N(1, sigma^2)`.
    public static func magnitudeWarp<S: TensorScalar>(_ x: Tensor<S>, sigma: Double = 0.2, knots: Int = 4,
                                                      interpolation: Interpolation = .cubic,
                                                      using rng: RandomSource) -> Tensor<S> {
        let (t, f) = dims(x, "magnitudeWarp")
        checkSigma(sigma, "magnitudeWarp")
        let c = randomCurve(length: t, sigma: sigma, knots: knots, interpolation: interpolation, using: rng)
        return Tensor(shape: x.shape, scalars: x.scalars.enumerated().map { i, v in S(Double(v) * c[i / f]) })
    }

    /// Window slicing: a random contiguous crop of `L = max(1, round(fraction * T))` steps starting at a
    /// uniform position in `0...T-L`. With `resample` (default) the crop is stretched back to T steps by
    /// linear interpolation at times `u[k] = k * (L - 1) / (T - 1)`, so the shape is unchanged; otherwise the
    /// result is `[L, F]`. `fraction` must be in (0, 1].
    public static func windowSlice<S: TensorScalar>(_ x: Tensor<S>, fraction: Double = 0.9, resample: Bool = true,
                                                    using rng: RandomSource) -> Tensor<S> {
        let (t, _) = dims(x, "windowSlice")
        if !(fraction > 0 && fraction <= 1) { failure("windowSlice: fraction \(fraction) must be in (0, 1]") }
        let length = Swift.max(1, Swift.min(t, Int((fraction * Double(t)).rounded())))
        let start = rng.int(in: 0..<(t - length + 1))
        let crop = x.slice(axis: 0, start..<(start + length)).detached()
        guard resample, length != t else { return crop }
        let step = t > 1 ? Double(length - 1) / Double(t - 1) : 0
        return interpolateRows(crop, at: (0..<t).map { Double($0) * step }, shape: x.shape)
    }

    /// Time warping (Um et al.): resamples the sequence along a smooth random, increasing time path,
    /// `y[t, f] = x(w[t], f)` with linear interpolation between steps; see ``warpPath(length:sigma:knots:interpolation:using:)``
    /// for `w`. The first and last values are kept (`w[0] = 0`, `w[T-1] = T-1`); parts where the random
    /// speed is above 1 are compressed and the rest stretched. All features share one path (Um et al.'s code
    /// warps each channel separately; call this per feature for that).
    public static func timeWarp<S: TensorScalar>(_ x: Tensor<S>, sigma: Double = 0.2, knots: Int = 4,
                                                 interpolation: Interpolation = .cubic,
                                                 using rng: RandomSource) -> Tensor<S> {
        let (t, _) = dims(x, "timeWarp")
        checkSigma(sigma, "timeWarp")
        let w = warpPath(length: t, sigma: sigma, knots: knots, interpolation: interpolation, using: rng)
        return interpolateRows(x.detached(), at: w, shape: x.shape)
    }

    /// The warped times of ``timeWarp(_:sigma:knots:interpolation:using:)``: a random speed curve `v(t)` through
    /// `knots + 2` evenly spaced knots with values `N(1, sigma^2)`, floored at 0.01 so time never stops or
    /// runs backwards, integrated by the trapezoid rule from 0 and rescaled to end at T - 1:
    ///
    ///     w[0] = 0,   w[t] = w[t-1] + (v[t-1] + v[t]) / 2,   w = w * (T - 1) / w[T-1]
    ///
    /// So `w` is strictly increasing from 0 to T - 1 (exactly).
    public static func warpPath(length t: Int, sigma: Double = 0.2, knots: Int = 4,
                                interpolation: Interpolation = .cubic, using rng: RandomSource) -> [Double] {
        if t < 1 { failure("warpPath: length \(t) must be >= 1") }
        let speed = randomCurve(length: t, sigma: sigma, knots: knots, interpolation: interpolation, using: rng)
            .map { Swift.max($0, 0.01) }
        var w = [Double](repeating: 0, count: t)
        for k in Swift.stride(from: 1, to: t, by: 1) { w[k] = w[k - 1] + (speed[k - 1] + speed[k]) / 2 }
        guard t > 1 else { return w }
        let scale = Double(t - 1) / w[t - 1]
        w = w.map { $0 * scale }
        w[t - 1] = Double(t - 1)
        return w
    }

    // MARK: - Helpers

    /// (T, F) of a `[T, F]` or `[T]` sequence with T >= 1.
    static func dims<S>(_ x: Tensor<S>, _ op: String) -> (Int, Int) {
        if x.rank != 1 && x.rank != 2 { failure("\(op): expected a sequence [T, F] or [T], got shape \(x.shape)") }
        if x.shape[0] < 1 { failure("\(op): the sequence is empty (shape \(x.shape))") }
        return (x.shape[0], x.rank == 2 ? x.shape[1] : 1)
    }

    static func checkSigma(_ sigma: Double, _ op: String) {
        if !(sigma >= 0) || !sigma.isFinite { failure("\(op): sigma \(sigma) must be finite and >= 0") }
    }

    /// Values at steps `0..<length` of a curve through `knots + 2` evenly spaced knots (positions
    /// `k * (length - 1) / (knots + 1)`) with values drawn from N(1, sigma^2).
    static func randomCurve(length: Int, sigma: Double, knots: Int, interpolation: Interpolation,
                            using rng: RandomSource) -> [Double] {
        if knots < 0 { failure("random curve: knots \(knots) must be >= 0") }
        let m = knots + 2
        let xs = (0..<m).map { Double($0) * Double(length - 1) / Double(m - 1) }
        let ys = rng.normals(count: m).map { 1 + sigma * $0 }
        if length == 1 { return [ys[0]] }
        let second = interpolation == .cubic ? naturalSplineSecondDerivatives(xs, ys) : [Double](repeating: 0, count: m)
        var out = [Double]()
        out.reserveCapacity(length)
        var j = 0
        for step in 0..<length {
            let u = Double(step)
            while j < m - 2 && u > xs[j + 1] { j += 1 }
            let h = xs[j + 1] - xs[j]
            let a = (xs[j + 1] - u) / h, b = (u - xs[j]) / h
            // Cubic spline on [x_j, x_j+1]; with zero second derivatives it is the straight line a*y_j + b*y_j+1.
            out.append(a * ys[j] + b * ys[j + 1]
                       + ((a * a * a - a) * second[j] + (b * b * b - b) * second[j + 1]) * h * h / 6)
        }
        return out
    }

    /// The second derivatives M of the natural cubic spline through (xs, ys): M[0] = M[m-1] = 0 and for the
    /// inner knots `h[i-1] M[i-1] + 2 (h[i-1] + h[i]) M[i] + h[i] M[i+1] = 6 (dy[i] / h[i] - dy[i-1] / h[i-1])`,
    /// solved by the Thomas algorithm.
    static func naturalSplineSecondDerivatives(_ xs: [Double], _ ys: [Double]) -> [Double] {
        let m = xs.count
        var second = [Double](repeating: 0, count: m)
        guard m > 2 else { return second }
        let h = (0..<(m - 1)).map { xs[$0 + 1] - xs[$0] }
        var diag = [Double](repeating: 0, count: m), rhs = [Double](repeating: 0, count: m)
        for i in 1..<(m - 1) {
            diag[i] = 2 * (h[i - 1] + h[i])
            rhs[i] = 6 * ((ys[i + 1] - ys[i]) / h[i] - (ys[i] - ys[i - 1]) / h[i - 1])
        }
        for i in 2..<(m - 1) {                       // forward elimination
            let factor = h[i - 1] / diag[i - 1]
            diag[i] -= factor * h[i - 1]
            rhs[i] -= factor * rhs[i - 1]
        }
        for i in Swift.stride(from: m - 2, through: 1, by: -1) {   // back substitution
            second[i] = (rhs[i] - (i + 1 < m - 1 ? h[i] * second[i + 1] : 0)) / diag[i]
        }
        return second
    }

    /// Rows of `x` `[L, F]` (or `[L]`) at fractional times in `[0, L-1]`, linearly interpolated:
    /// `x(u) = (1 - r) x[i] + r x[i + 1]`, `i = floor(u)`, `r = u - i`. The result has `shape`'s feature
    /// layout with `times.count` rows.
    static func interpolateRows<S: TensorScalar>(_ x: Tensor<S>, at times: [Double], shape: [Int]) -> Tensor<S> {
        let l = x.shape[0], f = x.rank == 2 ? x.shape[1] : 1
        var out = [S]()
        out.reserveCapacity(times.count * f)
        for u in times {
            let clamped = Swift.min(Swift.max(u, 0), Double(l - 1))
            let i = Swift.min(Int(clamped), Swift.max(l - 2, 0))
            let r = l > 1 ? clamped - Double(i) : 0
            for c in 0..<f {
                let lo = Double(x.scalars[i * f + c])
                let hi = l > 1 ? Double(x.scalars[(i + 1) * f + c]) : lo
                out.append(S((1 - r) * lo + r * hi))
            }
        }
        var outShape = shape
        outShape[0] = times.count
        return Tensor(shape: outShape, scalars: out)
    }
}
