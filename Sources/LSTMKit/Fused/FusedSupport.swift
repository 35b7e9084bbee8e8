/// Small helpers shared by the fused recurrent kernels (raw buffers, no autodiff).

/// Calls `body` with the base addresses of every array in `arrays`, in order (each array non-empty).
///
/// The fused kernels read up to nine buffers at once; this keeps the nesting of `withUnsafeBufferPointer`
/// out of their wrappers. The pointers are valid only inside `body`.
package func withBasePointers<S, R>(_ arrays: [[S]], _ body: ([UnsafePointer<S>]) -> R) -> R {
    var pointers: [UnsafePointer<S>] = []
    pointers.reserveCapacity(arrays.count)
    func next(_ k: Int) -> R {
        if k == arrays.count { return body(pointers) }
        return arrays[k].withUnsafeBufferPointer { buffer in
            pointers.append(buffer.baseAddress!)
            return next(k + 1)
        }
    }
    return next(0)
}

/// An array of `count` scalars filled by `fill` (no zero-initialization first).
func makeScalars<S: TensorScalar>(_ count: Int, _ fill: (UnsafeMutablePointer<S>) -> Void) -> [S] {
    [S](unsafeUninitializedCapacity: count) { buffer, initialized in
        fill(buffer.baseAddress!)
        initialized = count
    }
}

/// dBias[j] = sum over rows r of dGates[r, j], for dGates [rows, n] (the column sums).
@_specialize(where S == Float)
@_specialize(where S == Double)
func addColumnSums<S: TensorScalar>(
    _ dGates: UnsafePointer<S>, rows: Int, columns n: Int, into dBias: UnsafeMutablePointer<S>
) {
    for r in 0..<rows {
        let row = dGates + r * n
        for j in 0..<n { dBias[j] += row[j] }
    }
}

/// Copies `count` scalars from `source` to `target` (`count` may be 0).
@inline(__always)
func copyScalars<S>(_ source: UnsafePointer<S>, _ target: UnsafeMutablePointer<S>, _ count: Int) {
    target.update(from: source, count: count)
}

/// Splits `gates` [T, B, k * H] into k tensors [T, B, H] (gate blocks in order), for traces.
func splitGateBlocks<S: TensorScalar>(
    _ gates: UnsafePointer<S>, steps: Int, batch: Int, hiddenSize: Int, blocks: Int
) -> [Tensor<S>] {
    let rows = steps * batch, h = hiddenSize
    return (0..<blocks).map { k in
        Tensor(shape: [steps, batch, h], scalars: makeScalars(rows * h) { out in
            for r in 0..<rows { copyScalars(gates + r * blocks * h + k * h, out + r * h, h) }
        })
    }
}

/// The gradient buffers of one fused backward call, carved from one allocation and turned into tensors at
/// the end (buffers of size 0 are allowed and read as nil pointers).
struct GradientBlock<S: TensorScalar>: ~Copyable {
    private let storage: UnsafeMutablePointer<S>
    private let offsets: [Int]
    private let sizes: [Int]

    init(sizes: [Int]) {
        self.sizes = sizes
        var offsets: [Int] = [], total = 0
        for size in sizes { offsets.append(total); total += size }
        self.offsets = offsets
        storage = .allocate(capacity: max(total, 1))
    }

    deinit { storage.deallocate() }

    /// Buffer `k`, or nil when it has size 0.
    func pointer(_ k: Int) -> UnsafeMutablePointer<S>? { sizes[k] == 0 ? nil : storage + offsets[k] }

    /// Buffer `k` as a tensor of `shape`, or nil when it has size 0.
    func tensor(_ k: Int, _ shape: [Int]) -> Tensor<S>? {
        guard let p = pointer(k) else { return nil }
        return Tensor(shape: shape, scalars: Array(UnsafeBufferPointer(start: p, count: sizes[k])))
    }
}
