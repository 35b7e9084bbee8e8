import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// Two ranks simulated one after the other in one process: rank 1 runs first and records what it gives to
/// each all-reduce; rank 0 then runs with those recordings, so its all-reduces return the true sums of a
/// 2-rank world (what MPI_Allreduce would give rank 0). No MPI needed.
final class ReplayCommunicator: Communicator {
    let rank: Int
    let worldSize = 2
    var recordedFloat: [[Float]] = []
    var recordedDouble: [[Double]] = []
    var allReduceCalls = 0

    init(rank: Int, replaying other: ReplayCommunicator? = nil) {
        self.rank = rank
        if let other {
            recordedFloat = other.recordedFloat
            recordedDouble = other.recordedDouble
        }
    }

    func allReduceSum(_ buffer: UnsafeMutableBufferPointer<Float>) {
        allReduceCalls += 1
        if rank == 1 { recordedFloat.append(Array(buffer)); return }
        let other = recordedFloat.removeFirst()
        for i in buffer.indices { buffer[i] += other[i] }
    }

    func allReduceSum(_ buffer: UnsafeMutableBufferPointer<Double>) {
        allReduceCalls += 1
        if rank == 1 { recordedDouble.append(Array(buffer)); return }
        let other = recordedDouble.removeFirst()
        for i in buffer.indices { buffer[i] += other[i] }
    }

    func broadcast(_ buffer: UnsafeMutableBufferPointer<Float>, root: Int) {}
    func broadcast(_ buffer: UnsafeMutableBufferPointer<Double>, root: Int) {}
    func barrier() {}
}

@Suite struct GradientSynchronizerTests {
    @Test func bucketsCoverEveryElementInOrderAndSplitLargeParameters() {
        let counts = [5, 3, 10, 1]
        for bucketSize in [1, 4, 7, 19, 100] {
            let buckets = GradientSynchronizer.plan(counts: counts, bucketSize: bucketSize)
            let sizes = buckets.map { $0.reduce(0) { $0 + $1.count } }
            #expect(sizes.reduce(0, +) == 19)
            #expect(sizes.dropLast().allSatisfy { $0 == bucketSize }, "bucket size \(bucketSize): \(sizes)")
            #expect(sizes.last! <= bucketSize)
            // The pieces, in order, are every parameter's elements in order, each at its place in its bucket.
            var expected: [(Int, Int)] = []
            for (p, c) in counts.enumerated() { for i in 0..<c { expected.append((p, i)) } }
            var seen: [(Int, Int)] = []
            for bucket in buckets {
                var offset = 0
                for piece in bucket {
                    #expect(piece.bucketOffset == offset)
                    for i in 0..<piece.count { seen.append((piece.parameter, piece.offset + i)) }
                    offset += piece.count
                }
            }
            #expect(seen.map(\.0) == expected.map(\.0) && seen.map(\.1) == expected.map(\.1))
        }
        #expect(GradientSynchronizer.plan(counts: [], bucketSize: 4).isEmpty)
        #expect(GradientSynchronizer.plan(counts: [0, 2], bucketSize: 4).count == 1)
    }

    /// One step of 2 simulated ranks, each on its half of a global batch of 6 rows, gives rank 0 the loss,
    /// gradients and updated weights of one process on the whole batch (Double: to rounding), with buckets
    /// that split the weight matrix.
    @Test func twoRanksOnHalfBatchesTakeTheSingleProcessStep() throws {
        let rng = RandomSource(seed: 11)
        let x = Tensor<Double>.randomUniform([6, 3], low: -1, high: 1, using: rng)
        let y = Tensor<Double>.randomUniform([6, 2], low: -1, high: 1, using: rng)
        func trainer() -> Trainer<Linear<Double>> {
            let model = Linear<Double>(inputSize: 3, outputSize: 2, rng: RandomSource(seed: 12))
            return Trainer(model: model, optimizer: SGD(parameters: model.parameters(), learningRate: 0.1), clipNorm: 0.5)
        }
        func fit(_ t: Trainer<Linear<Double>>, rows: Range<Int>) throws {
            let batch = (x.slice(axis: 0, rows), y.slice(axis: 0, rows))
            try t.fit(budget: TrainingBudget(steps: 1), train: { _ in [batch] }) { m, b in mseLoss(m(b.0), b.1) }
        }
        let single = trainer()
        try fit(single, rows: 0..<6)

        let rank1 = ReplayCommunicator(rank: 1)
        let t1 = trainer()
        t1.synchronizer = GradientSynchronizer(communicator: rank1, bucketSize: 4)
        try fit(t1, rows: 3..<6)
        let rank0 = ReplayCommunicator(rank: 0, replaying: rank1)
        let t0 = trainer()
        t0.synchronizer = GradientSynchronizer(communicator: rank0, bucketSize: 4)
        try fit(t0, rows: 0..<3)

        #expect(rank0.allReduceCalls == 1 + 2)   // the loss, then 8 gradient elements in buckets of 4
        #expect(rank0.recordedDouble.isEmpty)
        #expect(abs(t0.history.steps[0].loss - single.history.steps[0].loss) < 1e-12)
        let norm0 = try #require(t0.history.steps[0].gradientNorm), norm = try #require(single.history.steps[0].gradientNorm)
        #expect(norm > 0.5)   // the clipping after the all-reduce is what one process clips
        #expect(abs(norm0 - norm) < 1e-12)
        for (a, b) in zip(t0.model.parameters(), single.model.parameters()) {
            expectClose(a.data, b.data, atol: 1e-12, rtol: 0)
        }
    }

    @Test func gatheredRowsStackInRankOrderAndSplitBack() {
        let rank1 = ReplayCommunicator(rank: 1)
        let s1 = GradientSynchronizer(communicator: rank1)
        _ = s1.gatherRows(Tensor<Float>(shape: [1, 2], scalars: [3, 4]))
        let s0 = GradientSynchronizer(communicator: ReplayCommunicator(rank: 0, replaying: rank1))
        let all = s0.gatherRows(Tensor<Float>(shape: [1, 2], scalars: [1, 2]))
        #expect(all.shape == [2, 2])
        #expect(all.scalars == [1, 2, 3, 4])
        #expect(s0.localRows(all).scalars == [1, 2])
        #expect(s1.localRows(all).scalars == [3, 4])
    }
}
