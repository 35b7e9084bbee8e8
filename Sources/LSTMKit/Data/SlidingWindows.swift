/// What each window is asked to predict. With `t` the last input step of a window and C target columns:
public enum WindowTarget: Sendable, Equatable {
    /// The value `horizon` steps after the window: `y = x[t + horizon, targetColumns]`, so H_out = C.
    case singleStep
    /// The next `horizon` values: `y = x[t + 1 ... t + horizon, targetColumns]`, so H_out = horizon * C,
    /// ordered step-major (`y[k * C + c]` is target column c at step t + 1 + k).
    case multiStep
}

/// The series is too short for one window plus its horizon (thrown, since the length comes from the data).
public struct SlidingWindowError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The number of time steps N in the series.
    public let seriesLength: Int
    /// The window length W.
    public let window: Int
    /// The horizon h.
    public let horizon: Int
    /// Where the series came from, when known.
    public let source: String?

    public var description: String {
        let prefix = (source.map { "\($0): " } ?? "") + "SlidingWindows: "
        if window > seriesLength {
            return prefix + "window length \(window) is longer than the series length \(seriesLength)"
        }
        return prefix + "window length \(window) + horizon \(horizon) = \(window + horizon) time steps do not fit "
            + "in the series length \(seriesLength) (no complete window with its target)"
    }
}

/// (input window, target) pairs cut from a series `[N, F]` (or `[N]`), laid out for a recurrent layer.
///
/// Window k starts at `s = k * stride` and holds the rows `s ..< s + W`; with `t = s + W - 1` its target is
/// `x[t + horizon]` (``WindowTarget/singleStep``) or `x[t + 1 ... t + horizon]` (``WindowTarget/multiStep``),
/// restricted to `targetColumns`. There are `(N - W - horizon) / stride + 1` windows (integer division).
///
///     let x = Tensor<Float>([0, 1, 2, 3, 4, 5, 6])              // [N] = [7]
///     let w = try SlidingWindows(series: x, window: 3, horizon: 2, stride: 2)
///     w.count          // 2:  inputs [0, 1, 2] -> target 4,  inputs [2, 3, 4] -> target 6
///     w.inputs.shape   // [3, 2, 1]   [W, N_windows, F], time-major like Recurrent's input
///     w.targets.shape  // [2, 1]      [N_windows, H_out]
///     for batch in w.batches(size: 32, shuffle: RandomSource(seed: 1)) {
///         let out = lstm(batch.inputs).outputs                  // [W, B, H]
///         ...
///     }
///
/// Inputs are copied into one tensor (W * N_windows * F scalars); for very long series with large windows,
/// cut the series into parts first. Fit scalers on the training rows before windowing.
public struct SlidingWindows<Scalar: TensorScalar> {
    /// All input windows, `[W, N_windows, F]` (time-major).
    public let inputs: Tensor<Scalar>
    /// All targets, `[N_windows, H_out]`.
    public let targets: Tensor<Scalar>
    /// The first row (time step) of each window.
    public let startIndices: [Int]
    /// The window length W.
    public let window: Int
    /// How far ahead the target is (singleStep) or how many steps it covers (multiStep).
    public let horizon: Int
    /// The step between window starts.
    public let stride: Int
    /// Single- or multi-step targets.
    public let target: WindowTarget
    /// The series columns fed as input features, in order (F of them).
    public let inputColumns: [Int]
    /// The series columns predicted, in order (C of them).
    public let targetColumns: [Int]

    /// Cuts windows from `series` (`[N, F]`, or `[N]` as one feature).
    ///
    /// - Parameters:
    ///   - series: the values, `[N, F]` (N steps of F features) or `[N]`.
    ///   - window: W >= 1 input steps per window.
    ///   - horizon: h >= 1; 1 predicts the next step.
    ///   - stride: >= 1 steps between window starts.
    ///   - target: one value `horizon` steps ahead, or all of the next `horizon` values (``WindowTarget``).
    ///   - inputColumns: the feature columns of the inputs (default all).
    ///   - targetColumns: the columns to predict (default all).
    ///   - source: where the series came from (a file name), put in front of error messages.
    /// - Throws: ``SlidingWindowError`` when N < W + h (naming both lengths).
    ///   Non-positive sizes, a series of another rank, or column indices out of range stop with a message.
    public init(series: Tensor<Scalar>, window: Int, horizon: Int = 1, stride: Int = 1,
                target: WindowTarget = .singleStep, inputColumns: [Int]? = nil, targetColumns: [Int]? = nil,
                source: String? = nil) throws {
        if series.rank != 1 && series.rank != 2 {
            failure("SlidingWindows: series must be [N] or [N, F], got shape \(series.shape)")
        }
        if window < 1 || horizon < 1 || stride < 1 {
            failure("SlidingWindows: window (\(window)), horizon (\(horizon)) and stride (\(stride)) must be >= 1")
        }
        let n = series.shape[0], width = series.rank == 2 ? series.shape[1] : 1
        let inCols = inputColumns ?? Array(0..<width), outCols = targetColumns ?? Array(0..<width)
        for (name, cols) in [("inputColumns", inCols), ("targetColumns", outCols)] {
            if cols.isEmpty { failure("SlidingWindows: \(name) is empty") }
            for c in cols where c < 0 || c >= width {
                failure("SlidingWindows: \(name) has column \(c), out of range for series shape \(series.shape)")
            }
        }
        guard n >= window + horizon else {
            throw SlidingWindowError(seriesLength: n, window: window, horizon: horizon, source: source)
        }
        let count = (n - window - horizon) / stride + 1
        let starts = (0..<count).map { $0 * stride }
        let x = series.scalars
        let f = inCols.count
        var inputScalars = [Scalar](repeating: 0, count: window * count * f)
        // Block copies: a contiguous column range is one copy per (step, window), and with stride 1 the windows
        // of one step are consecutive rows, so a whole step is one copy.
        let first = inCols[0]
        let contiguous = inCols == Array(first..<(first + f))
        x.withUnsafeBufferPointer { src in
            inputScalars.withUnsafeMutableBufferPointer { dst in
                let xp = src.baseAddress!, out = dst.baseAddress!
                for w in 0..<window {
                    if contiguous && f == width && stride == 1 {
                        (out + w * count * f).update(from: xp + w * width, count: count * f)
                        continue
                    }
                    for (k, s) in starts.enumerated() {
                        let row = (s + w) * width, base = (w * count + k) * f
                        if contiguous {
                            (out + base).update(from: xp + row + first, count: f)
                        } else {
                            for (j, c) in inCols.enumerated() { out[base + j] = xp[row + c] }
                        }
                    }
                }
            }
        }
        let steps = target == .singleStep ? [horizon] : Array(1...horizon)
        var targetScalars = [Scalar]()
        targetScalars.reserveCapacity(count * steps.count * outCols.count)
        for s in starts {
            let t = s + window - 1
            for step in steps { for c in outCols { targetScalars.append(x[(t + step) * width + c]) } }
        }
        self.inputs = Tensor(shape: [window, count, f], scalars: inputScalars)                   // [W, N, F]
        self.targets = Tensor(shape: [count, steps.count * outCols.count], scalars: targetScalars) // [N, H_out]
        self.startIndices = starts
        self.window = window
        self.horizon = horizon
        self.stride = stride
        self.target = target
        self.inputColumns = inCols
        self.targetColumns = outCols
    }

    /// Windows over a ``TimeSeries``, choosing columns by name (unknown names throw, listing the columns).
    ///
    ///     let w = try SlidingWindows<Float>(series: msft, window: 30, horizon: 1,
    ///                                       inputColumns: ["Open", "High", "Low", "Close"],
    ///                                       targetColumns: ["Close"])
    public init(series: TimeSeries, window: Int, horizon: Int = 1, stride: Int = 1,
                target: WindowTarget = .singleStep, inputColumns: [String]? = nil,
                targetColumns: [String]? = nil) throws {
        try self.init(series: series.tensor(Scalar.self), window: window, horizon: horizon, stride: stride,
                      target: target, inputColumns: inputColumns.map { try $0.map(series.columnIndex) },
                      targetColumns: targetColumns.map { try $0.map(series.columnIndex) }, source: series.source)
    }

    /// The number of windows.
    public var count: Int { startIndices.count }
    /// The number of input features F.
    public var featureCount: Int { inputColumns.count }
    /// The size of each target H_out.
    public var targetSize: Int { targets.shape[1] }

    /// The time steps of window k's target values (one per step; each covers all target columns).
    public func targetTimes(ofWindow k: Int) -> [Int] {
        let t = startIndices[k] + window - 1
        return target == .singleStep ? [t + horizon] : Array((t + 1)...(t + horizon))
    }

    /// Window `index` alone: input `[W, F]` and target `[H_out]`.
    public subscript(index: Int) -> (input: Tensor<Scalar>, target: Tensor<Scalar>) {
        if index < 0 || index >= count { failure("SlidingWindows: index \(index) is out of range 0..<\(count)") }
        let input = inputs.slice(axis: 1, index..<(index + 1)).reshaped([window, featureCount])
        return (input, targets.slice(axis: 0, index..<(index + 1)).reshaped([targetSize]))
    }

    /// The windows at `indices` as one batch: inputs `[W, B, F]`, targets `[B, H_out]`.
    public func batch(_ indices: [Int]) -> WindowBatch<Scalar> {
        WindowBatch(inputs: inputs.indexSelect(axis: 1, indices), targets: targets.indexSelect(axis: 0, indices),
                    indices: indices)
    }

    /// All windows in batches of `size` (in order, or shuffled with `rng`); the last batch may be smaller
    /// unless `dropLast`.
    public func batches(size: Int, shuffle rng: RandomSource? = nil, dropLast: Bool = false) -> [WindowBatch<Scalar>] {
        if size < 1 { failure("SlidingWindows.batches: size \(size) must be >= 1") }
        let order = rng.map { $0.permutation(count) } ?? Array(0..<count)
        return Swift.stride(from: 0, to: count, by: size).compactMap { start in
            let end = Swift.min(start + size, count)
            if dropLast && end - start < size { return nil }
            return batch(Array(order[start..<end]))
        }
    }

    /// The inputs batch-first, `[N_windows, W, F]` (for `batchFirst` layers).
    public var batchFirstInputs: Tensor<Scalar> { inputs.permuted([1, 0, 2]) }
}

/// A batch of windows: inputs `[W, B, F]` (time-major), targets `[B, H_out]`, and which windows they are.
public struct WindowBatch<Scalar: TensorScalar> {
    public let inputs: Tensor<Scalar>      // [W, B, F]
    public let targets: Tensor<Scalar>     // [B, H_out]
    /// The window indices in this batch.
    public let indices: [Int]
}
