import Foundation

/// The discrete Fourier transform of a real signal written as its definition, in Double: the readable
/// reference that `RealFFT`'s kissfft path is tested equal to (and what `RealFFT` runs where kissfft is not
/// linked). O(n^2): for tests and small sizes.
///
///     X[k] = sum_{t=0}^{n-1} x[t] * exp(-2 pi i k t / n)          k = 0 ... n/2
///     power[k] = |X[k]|^2 = Re(X[k])^2 + Im(X[k])^2
///
/// The angle 2 pi k t / n is taken as 2 pi ((k t) mod n) / n from a table of n cosines and sines, so rounding
/// does not grow with k t.
public enum ReferenceDFT {
    /// X[k] for k = 0 ... n/2 of `x` zero-padded (or truncated) to `n` samples, as (real, imaginary) pairs.
    public static func transform(_ x: [Double], size n: Int) -> [(re: Double, im: Double)] {
        if n < 1 { failure("ReferenceDFT: size must be at least 1, got \(n)") }
        let cosine = (0..<n).map { cos(2 * Double.pi * Double($0) / Double(n)) }
        let sine = (0..<n).map { sin(2 * Double.pi * Double($0) / Double(n)) }
        let count = min(x.count, n)
        return (0...n / 2).map { k in
            var re = 0.0, im = 0.0
            for t in 0..<count {
                let j = (k * t) % n
                re += x[t] * cosine[j]
                im -= x[t] * sine[j]
            }
            return (re, im)
        }
    }

    /// |X[k]|^2 for k = 0 ... n/2.
    public static func powerSpectrum(_ x: [Double], size n: Int) -> [Double] {
        transform(x, size: n).map { $0.re * $0.re + $0.im * $0.im }
    }
}
