/// Shape arithmetic shared by the operations: strides, axis normalization, broadcasting, sequence lengths.
enum ShapeMath {
    /// Row-major strides of `shape`.
    static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = acc
            acc *= shape[axis]
        }
        return strides
    }

    /// Maps a possibly negative axis (-1 = last) into `0..<rank`, or stops naming the operation.
    static func normalize(axis: Int, rank: Int, _ op: String) -> Int {
        let a = axis < 0 ? axis + rank : axis
        if a < 0 || a >= rank { failure("\(op): axis \(axis) is out of range for rank \(rank)") }
        return a
    }

    /// The broadcast shape of two shapes (NumPy / PyTorch rules: align on the right; sizes equal or 1).
    static func broadcast(_ a: [Int], _ b: [Int], _ op: String) -> [Int] {
        let rank = Swift.max(a.count, b.count)
        var out = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if da == db || db == 1 { out[i] = da } else if da == 1 { out[i] = db } else {
                failure("\(op): shapes \(a) and \(b) cannot be broadcast together (axis \(i - rank): \(da) vs \(db))")
            }
        }
        return out
    }

    /// Strides of `shape` seen as a broadcast into `target` (0 along broadcast axes).
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(shape)
        let offset = target.count - shape.count
        return (0..<target.count).map { i in
            i < offset || shape[i - offset] == 1 ? 0 : own[i - offset]
        }
    }

    /// Stops unless `lengths` has one entry per sequence of a padded batch, each in 1...steps (the
    /// `lengths:` argument of the recurrent layers and the CRF). `maskGiven`: a mask was passed as well.
    static func checkLengths(_ lengths: [Int], steps: Int, batch: Int, maskGiven: Bool, _ op: String) {
        if maskGiven { failure("\(op): pass either lengths or mask, not both") }
        if lengths.count != batch { failure("\(op): \(lengths.count) lengths for a batch of \(batch) sequences") }
        for (b, n) in lengths.enumerated() where n < 1 || n > steps {
            failure("\(op): lengths[\(b)] = \(n) is outside 1...\(steps) (T = \(steps))")
        }
    }
}
