import Foundation

/// Triangular filters equally spaced on the mel scale over the bins of an n-point power spectrum, built as
/// python_speech_features' `get_filterbanks` builds them (HTK mel scale):
///
///     mel(f) = 2595 * log10(1 + f / 700)            f(mel) = 700 * (10^(mel / 2595) - 1)
///     m[j]   = mel(low) + j * (mel(high) - mel(low)) / (M + 1)          j = 0 ... M + 1
///     b[j]   = floor((n + 1) * f(m[j]) / sampleRate)                    (the FFT bin of each point)
///     H[j][k] = (k - b[j]) / (b[j+1] - b[j])        for b[j]   <= k < b[j+1]     (rising edge)
///             = (b[j+2] - k) / (b[j+2] - b[j+1])    for b[j+1] <= k < b[j+2]     (falling edge)
///             = 0 elsewhere                                           j = 0 ... M - 1, k = 0 ... n/2
///
/// (Davis and Mermelstein 1980; the HTK Book, section 5.4.) Filters narrower than a bin stay zero, as in
/// python_speech_features: pick fewer filters or a larger n for low sample rates.
public struct MelFilterbank: Equatable, Sendable {
    /// H, [M][n/2 + 1].
    public let weights: [[Double]]
    public let fftSize: Int

    public static func mel(hertz: Double) -> Double { 2595 * log10(1 + hertz / 700) }
    public static func hertz(mel: Double) -> Double { 700 * (pow(10, mel / 2595) - 1) }

    /// - Parameters: M = `count` filters between `low` and `high` Hz (`high` at most sampleRate / 2).
    public init(count: Int, fftSize n: Int, sampleRate: Double, low: Double = 0, high: Double? = nil) {
        let high = high ?? sampleRate / 2
        if count < 1 || n < 2 || !(low >= 0 && low < high && high <= sampleRate / 2) {
            failure("MelFilterbank: \(count) filters, n \(n), \(low)-\(high) Hz at \(sampleRate) Hz")
        }
        let lowMel = Self.mel(hertz: low), highMel = Self.mel(hertz: high)
        let bins = (0..<count + 2).map { j -> Double in
            let m = lowMel + Double(j) * (highMel - lowMel) / Double(count + 1)
            return ((Double(n) + 1) * Self.hertz(mel: m) / sampleRate).rounded(.down)
        }
        var weights = [[Double]](repeating: [Double](repeating: 0, count: n / 2 + 1), count: count)
        for j in 0..<count {
            for k in Int(bins[j])..<max(Int(bins[j]), Int(bins[j + 1])) where k <= n / 2 {
                weights[j][k] = (Double(k) - bins[j]) / (bins[j + 1] - bins[j])
            }
            for k in Int(bins[j + 1])..<max(Int(bins[j + 1]), Int(bins[j + 2])) where k <= n / 2 {
                weights[j][k] = (bins[j + 2] - Double(k)) / (bins[j + 2] - bins[j + 1])
            }
        }
        self.weights = weights
        fftSize = n
    }

    public var count: Int { weights.count }

    /// The filter energies sum_k H[j][k] * power[k], j = 0 ... M - 1.
    public func apply(_ power: [Double]) -> [Double] {
        weights.map { row in
            var sum = 0.0
            for k in row.indices where row[k] != 0 { sum += row[k] * power[k] }
            return sum
        }
    }
}
