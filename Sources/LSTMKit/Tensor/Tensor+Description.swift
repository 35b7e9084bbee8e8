import Foundation

extension Tensor: CustomStringConvertible {
    /// The type and shape on the first line, then the values nested like the shape (as NumPy and PyTorch
    /// print them). Large axes are abbreviated with "..." (first and last 3 entries).
    ///
    ///     Tensor<Float> [2, 3]
    ///     [[ 1.0000,  2.0000,  3.0000],
    ///      [ 4.0000,  5.0000,  6.0000]]
    public var description: String {
        let header = "Tensor<\(Scalar.self)> \(shape)" + (requiresGrad ? " (requires grad)" : "")
        if count == 0 { return header + "\n[]" }
        let finite = scalars.filter { $0.isFinite }
        let allIntegral = finite.allSatisfy { $0 == $0.rounded() } && (finite.map { Swift.abs($0) }.max() ?? 0) < 1e6
        let width = scalars.map { format($0, integral: allIntegral).count }.max() ?? 1
        func cell(_ v: Scalar) -> String {
            let s = format(v, integral: allIntegral)
            return String(repeating: " ", count: Swift.max(0, width - s.count)) + s
        }
        if rank == 0 { return header + "\n" + cell(scalars[0]) }
        let strides = ShapeMath.strides(shape)
        func render(_ axis: Int, _ offset: Int, _ indent: Int) -> String {
            let n = shape[axis]
            let shown: [Int?] = n > 6 ? [0, 1, 2, nil, n - 3, n - 2, n - 1] : (0..<n).map { $0 }
            if axis == rank - 1 {
                let items = shown.map { i in i.map { cell(scalars[offset + $0]) } ?? "..." }
                return "[" + items.joined(separator: ", ") + "]"
            }
            let sep = ",\n" + String(repeating: "\n", count: Swift.max(0, rank - axis - 2))
                + String(repeating: " ", count: indent + 1)
            let items = shown.map { i in
                i.map { render(axis + 1, offset + $0 * strides[axis], indent + 1) } ?? "..."
            }
            return "[" + items.joined(separator: sep) + "]"
        }
        return header + "\n" + render(0, 0, 0)
    }

    private func format(_ v: Scalar, integral: Bool) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        let d = Double(v)
        if integral { return String(format: "%.0f.", d) }
        let a = Swift.abs(d)
        if a != 0 && (a < 1e-4 || a >= 1e5) { return String(format: "%.4e", d) }
        return String(format: "%.4f", d)
    }
}
