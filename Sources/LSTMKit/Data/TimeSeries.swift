/// A numeric time series: N rows (time steps) of F named features, with optional dates.
///
///     let series = try TimeSeries(csvString: """
///         month,passengers
///         1949-01,112
///         1949-02,118
///         1949-03,132
///         """, dateColumn: "month")
///     series.count                        // 3 (N)
///     series.columns                      // ["passengers"] (F = 1)
///     series.dates                        // ["1949-01", "1949-02", "1949-03"]
///     let x: Tensor<Float> = series.tensor()    // [3, 1]
///
/// Rows are in time order (checked or sorted when the dates are ISO-like or numeric; see ``DateOrder``).
/// Values are kept in Double; ``tensor(_:)`` converts. Build windows for a recurrent layer with
/// ``SlidingWindows``, scale with ``StandardScaler`` / ``MinMaxScaler`` fitted on the training part only.
public struct TimeSeries: Sendable, Equatable {
    /// The feature names, F of them.
    public var columns: [String]
    /// The values, row-major `[N, F]`: `values[t * F + f]` is feature f at time t.
    public var values: [Double]
    /// The date of each row as written in the file (nil without a date column).
    public var dates: [String]?
    /// The parsed dates, when the date column holds ISO-like dates (see ``TimeSeriesDate``).
    public var parsedDates: [TimeSeriesDate]?
    /// The 1-based source line of each row (for messages), or `1...N` for series built in code.
    public var lineNumbers: [Int]
    /// The file path or source name the series came from.
    public var source: String

    /// A series from rows of values (`rows[t][f]`), with optional dates and feature names.
    /// Rows of different lengths, a wrong number of names or dates stop with a message.
    public init(rows: [[Double]], columns: [String]? = nil, dates: [String]? = nil, source: String = "<memory>") {
        let width = columns?.count ?? rows.first?.count ?? 1
        for (t, row) in rows.enumerated() where row.count != width {
            failure("TimeSeries(rows:): row \(t) has \(row.count) values, expected \(width)")
        }
        if let dates, dates.count != rows.count {
            failure("TimeSeries(rows:): \(dates.count) dates for \(rows.count) rows")
        }
        self.columns = columns ?? (0..<width).map { "x\($0)" }
        self.values = rows.flatMap { $0 }
        self.dates = dates
        let parsed = dates?.map { TimeSeriesDate($0) }
        self.parsedDates = parsed.flatMap { p in p.contains(nil) ? nil : p.map { $0! } }
        self.lineNumbers = (0..<rows.count).map { $0 + 1 }
        self.source = source
    }

    /// A univariate series.
    public init(_ values: [Double], name: String = "x0", dates: [String]? = nil) {
        self.init(rows: values.map { [$0] }, columns: [name], dates: dates)
    }

    init(columns: [String], values: [Double], dates: [String]?, parsedDates: [TimeSeriesDate]?,
         lineNumbers: [Int], source: String) {
        self.columns = columns
        self.values = values
        self.dates = dates
        self.parsedDates = parsedDates
        self.lineNumbers = lineNumbers
        self.source = source
    }

    /// The number of features F.
    public var featureCount: Int { columns.count }
    /// The number of time steps N.
    public var count: Int { columns.isEmpty ? 0 : values.count / columns.count }

    /// The value of feature `feature` at time `t`.
    public subscript(t: Int, feature: Int) -> Double {
        if t < 0 || t >= count || feature < 0 || feature >= featureCount {
            failure("TimeSeries: index [\(t), \(feature)] out of range for [\(count), \(featureCount)]")
        }
        return values[t * featureCount + feature]
    }

    /// The position of the feature called `name`; throws ``CSVError/Kind/unknownColumn`` listing the names.
    public func columnIndex(_ name: String) throws -> Int {
        guard let j = columns.firstIndex(of: name) else {
            let available = columns.map { "\"\($0)\"" }.joined(separator: ", ")
            throw CSVError(.unknownColumn, source: source,
                           message: "unknown column \"\(name)\"; available columns: \(available)")
        }
        return j
    }

    /// The values of one feature over time.
    public func column(_ name: String) throws -> [Double] {
        let j = try columnIndex(name)
        return (0..<count).map { values[$0 * featureCount + j] }
    }

    /// The named `columns` only, in that order, as a tensor `[N, k]`.
    public func tensor<Scalar: TensorScalar>(_ type: Scalar.Type = Scalar.self,
                                             columns names: [String]) throws -> Tensor<Scalar> {
        let picked = try names.map { try columnIndex($0) }
        var out = [Scalar]()
        out.reserveCapacity(count * picked.count)
        for t in 0..<count {
            for j in picked { out.append(Scalar(values[t * featureCount + j])) }
        }
        return Tensor(shape: [count, picked.count], scalars: out)   // [N, F]
    }

    /// The values as a tensor `[N, F]`.
    public func tensor<Scalar: TensorScalar>(_ type: Scalar.Type = Scalar.self) -> Tensor<Scalar> {
        Tensor(shape: [count, featureCount], scalars: values.map { Scalar($0) })
    }

    /// The rows in `range` (time steps), keeping names, dates and line numbers.
    ///
    ///     let train = series.rows(0..<100), test = series.rows(100..<series.count)
    public func rows(_ range: Range<Int>) -> TimeSeries {
        if range.lowerBound < 0 || range.upperBound > count {
            failure("TimeSeries.rows: range \(range) is out of bounds for \(count) rows")
        }
        let f = featureCount
        return TimeSeries(columns: columns, values: Array(values[range.lowerBound * f..<range.upperBound * f]),
                          dates: dates.map { Array($0[range]) }, parsedDates: parsedDates.map { Array($0[range]) },
                          lineNumbers: Array(lineNumbers[range]), source: source)
    }
}
