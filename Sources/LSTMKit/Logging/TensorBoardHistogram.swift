/// A histogram as TensorBoard's `HistogramProto` stores it: count, sum, sum of squares, range, and bucket
/// counts with their right edges.
///
/// Buckets are equal-width over [min, max] (`bucketCount` of them, 30 by default like
/// `tf.summary.histogram`), not TensorBoard's v1 exponential buckets: bucket k counts the values in
/// (limit[k-1], limit[k]] (the first also takes min), `limit[k] = min + (k + 1) * (max - min) / bucketCount`,
/// and the last limit is exactly max. A constant input gives one bucket. Non-finite values are left out.
public struct TensorBoardHistogram: Equatable, Sendable {
    public var min: Double
    public var max: Double
    public var count: Double
    public var sum: Double
    public var sumSquares: Double
    /// The right edge of every bucket.
    public var bucketLimits: [Double]
    public var bucketCounts: [Double]

    public init(min: Double, max: Double, count: Double, sum: Double, sumSquares: Double,
                bucketLimits: [Double], bucketCounts: [Double]) {
        self.min = min
        self.max = max
        self.count = count
        self.sum = sum
        self.sumSquares = sumSquares
        self.bucketLimits = bucketLimits
        self.bucketCounts = bucketCounts
    }

    public init(_ values: [Double], bucketCount: Int = 30) {
        if bucketCount < 1 { failure("TensorBoardHistogram: bucketCount must be at least 1, got \(bucketCount)") }
        let finite = values.filter(\.isFinite)
        let lo = finite.min() ?? 0
        let hi = finite.max() ?? 0
        let k = hi > lo ? bucketCount : 1
        let width = (hi - lo) / Double(k)
        var counts = [Double](repeating: 0, count: k)
        for v in finite {
            let index = width > 0 ? Int(((v - lo) / width).rounded(.up)) - 1 : 0
            counts[Swift.min(Swift.max(index, 0), k - 1)] += 1
        }
        self.init(min: lo, max: hi, count: Double(finite.count), sum: finite.reduce(0, +),
                  sumSquares: finite.reduce(0) { $0 + $1 * $1 },
                  bucketLimits: (0..<k).map { $0 == k - 1 ? hi : lo + Double($0 + 1) * width },
                  bucketCounts: counts)
    }
}
