/// Data-parallel training's two synchronizations, over any `Communicator` (MPI in `LSTMKitMPI`): the
/// parameters of rank 0 to every rank before the first step, and after every backward pass the mean of the
/// ranks' gradients, so every rank clips and steps with the same gradient and stays identical.
///
///     at the start:        p = p of rank 0                       for every parameter p
///     after backward:      g = (sum over ranks r of g_r) / W     W = worldSize
///
/// When rank r's loss is the mean over its B / W rows of a global batch of B rows (the same count on every
/// rank), the mean of the ranks' gradients is the gradient of the global batch's mean loss: the
/// single-process gradient, up to Float rounding (another summation order).
///
/// The gradients are flattened, in `namedParameters()` order, into buckets of at most `bucketSize`
/// elements (a parameter larger than a bucket is split), and each bucket is one all-reduce: few large
/// messages instead of one per parameter (PyTorch DDP's 25 MB buckets). `plan(counts:bucketSize:)` is the
/// layout, testable without MPI.
public final class GradientSynchronizer {
    public let communicator: any Communicator
    /// Elements per all-reduce (>= 1).
    public let bucketSize: Int

    public var rank: Int { communicator.rank }
    public var worldSize: Int { communicator.worldSize }
    /// True on the rank that writes checkpoints, logs and reports.
    public var isMain: Bool { communicator.rank == 0 }

    public init(communicator: any Communicator, bucketSize: Int = 1 << 20) {
        if bucketSize < 1 { failure("GradientSynchronizer: bucketSize \(bucketSize) must be >= 1") }
        self.communicator = communicator
        self.bucketSize = bucketSize
    }

    /// One piece of a bucket: `count` elements of parameter `parameter` from `offset`, at `bucketOffset`.
    public struct Piece: Equatable, Sendable {
        public var parameter: Int
        public var offset: Int
        public var count: Int
        public var bucketOffset: Int
    }

    /// The buckets for parameters of `counts` elements: consecutive pieces, each bucket holding at most
    /// `bucketSize` elements and every bucket but the last exactly `bucketSize`.
    public static func plan(counts: [Int], bucketSize: Int) -> [[Piece]] {
        var buckets: [[Piece]] = []
        var current: [Piece] = []
        var filled = 0
        for (index, count) in counts.enumerated() {
            var offset = 0
            while offset < count {
                let take = Swift.min(count - offset, bucketSize - filled)
                current.append(Piece(parameter: index, offset: offset, count: take, bucketOffset: filled))
                offset += take
                filled += take
                if filled == bucketSize {
                    buckets.append(current)
                    current = []
                    filled = 0
                }
            }
        }
        if !current.isEmpty { buckets.append(current) }
        return buckets
    }

    /// Sets every parameter to rank 0's values (in buckets).
    public func broadcastParameters<S: TensorScalar>(_ parameters: [Parameter<S>]) {
        if worldSize == 1 { return }   // (rewriting the data would only drop the packed-weight caches)
        var values = parameters.map { $0.data.scalars }
        exchange(&values) { communicator.broadcast($0, root: 0) }
        for (p, v) in zip(parameters, values) { p.data = Tensor(shape: p.shape, scalars: v) }
    }

    /// Replaces every gradient by the mean over the ranks (in buckets). Every rank must have a gradient for
    /// the same parameters (nil ones are left out on every rank).
    public func averageGradients<S: TensorScalar>(_ parameters: [Parameter<S>]) {
        if worldSize == 1 { return }   // the mean of one: no copy of every gradient each step
        let present = parameters.filter { $0.grad != nil }
        var values = present.map { $0.grad!.scalars }
        exchange(&values) { communicator.allReduceSum($0) }
        let scale = S(1) / S(worldSize)
        for (p, v) in zip(present, values) {
            p.grad = Tensor(shape: p.shape, scalars: v.map { $0 * scale })
        }
    }

    /// The mean of `value` over the ranks (the loss each rank saw), the same on every rank.
    public func average(_ value: Double) -> Double {
        if worldSize == 1 { return value }
        var x = value
        withUnsafeMutablePointer(to: &x) { communicator.allReduceSum(UnsafeMutableBufferPointer(start: $0, count: 1)) }
        return x / Double(worldSize)
    }

    /// Every rank's `tensor` ([b, ...], the same shape on every rank) stacked in rank order: [W * b, ...]
    /// (an all-gather, as an all-reduce of zero-padded copies). Stateful training's carried state, so that
    /// rank 0's checkpoint holds every stream's state.
    public func gatherRows<S: TensorScalar>(_ tensor: Tensor<S>) -> Tensor<S> {
        if worldSize == 1 { return tensor }
        let local = tensor.scalars, n = local.count
        var all = [S](repeating: 0, count: n * worldSize)
        all.replaceSubrange(rank * n ..< (rank + 1) * n, with: local)
        all.withUnsafeMutableBufferPointer { communicator.allReduceSum($0) }
        return Tensor(shape: [tensor.shape[0] * worldSize] + tensor.shape.dropFirst(), scalars: all)
    }

    /// This rank's rows of a tensor stacked by `gatherRows` ([W * b, ...] to [b, ...]).
    public func localRows<S: TensorScalar>(_ tensor: Tensor<S>) -> Tensor<S> {
        if worldSize == 1 { return tensor }
        let rows = tensor.shape[0]
        if rows % worldSize != 0 {
            failure("GradientSynchronizer.localRows: \(rows) rows cannot be shared by \(worldSize) ranks")
        }
        let b = rows / worldSize
        return tensor.slice(axis: 0, rank * b ..< (rank + 1) * b)
    }

    func gatherRows(_ tensor: AnyTensor) -> AnyTensor {
        switch tensor {
        case .float(let t): return .float(gatherRows(t))
        case .double(let t): return .double(gatherRows(t))
        }
    }

    /// Copies `arrays` into buckets, runs `operation` on each bucket, copies the results back.
    func exchange<S: TensorScalar>(_ arrays: inout [[S]], _ operation: (UnsafeMutableBufferPointer<S>) -> Void) {
        if worldSize == 1 { return }
        let buckets = Self.plan(counts: arrays.map(\.count), bucketSize: bucketSize)
        var buffer = [S](repeating: 0, count: Swift.min(bucketSize, arrays.reduce(0) { $0 + $1.count }))
        for bucket in buckets {
            let used = bucket.last.map { $0.bucketOffset + $0.count } ?? 0
            for piece in bucket {
                for i in 0..<piece.count { buffer[piece.bucketOffset + i] = arrays[piece.parameter][piece.offset + i] }
            }
            buffer.withUnsafeMutableBufferPointer { operation(UnsafeMutableBufferPointer(rebasing: $0[0..<used])) }
            for piece in bucket {
                for i in 0..<piece.count { arrays[piece.parameter][piece.offset + i] = buffer[piece.bucketOffset + i] }
            }
        }
    }
}
