import Foundation

/// The orthonormal DCT-II (scipy's `dct(x, type=2, norm='ortho')`), which turns log-mel energies into cepstra:
///
///     y[k] = s[k] * sum_{i=0}^{N-1} x[i] * cos(pi * k * (2i + 1) / (2N))      k = 0 ... K - 1
///     s[0] = sqrt(1 / N),  s[k] = sqrt(2 / N) for k >= 1
public struct DCT: Equatable, Sendable {
    /// The basis s[k] * cos(...), [K][N].
    public let basis: [[Double]]

    /// The first `outputCount` (K) coefficients of an `inputCount`-point (N) transform.
    public init(inputCount n: Int, outputCount: Int) {
        if n < 1 || outputCount < 1 || outputCount > n { failure("DCT: \(outputCount) of \(n) coefficients") }
        basis = (0..<outputCount).map { k in
            let s = (k == 0 ? 1 : 2).squareRoot() / Double(n).squareRoot()
            return (0..<n).map { i in s * cos(Double.pi * Double(k) * Double(2 * i + 1) / Double(2 * n)) }
        }
    }

    public func callAsFunction(_ x: [Double]) -> [Double] {
        basis.map { row in zip(row, x).reduce(0) { $0 + $1.0 * $1.1 } }
    }
}
