import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct DataLoaderTests {
    @Test func everyExampleOncePerEpochWithShortLastBatch() {
        let loader = DataLoader(ArrayDataset(Array(0..<10)), batchSize: 4, shuffle: true, rng: RandomSource(seed: 1))
        #expect(loader.batchCount == 3)
        for _ in 0..<3 {
            let batches = Array(loader.epoch())
            #expect(batches.map(\.count) == [4, 4, 2])
            #expect(batches.flatMap { $0 }.sorted() == Array(0..<10))
        }
        #expect(loader.nextEpoch == 3)
    }

    @Test func noShuffleKeepsOrder() {
        let loader = DataLoader(ArrayDataset(Array(0..<5)), batchSize: 2)
        #expect(Array(loader.epoch()) == [[0, 1], [2, 3], [4]])
        #expect(Array(loader.epoch()) == [[0, 1], [2, 3], [4]])
    }

    @Test func dropLastLeavesOutShortBatch() {
        let loader = DataLoader(ArrayDataset(Array(0..<10)), batchSize: 4, shuffle: true, dropLast: true,
                                rng: RandomSource(seed: 2))
        #expect(loader.batchCount == 2)
        let batches = Array(loader.epoch())
        #expect(batches.map(\.count) == [4, 4])
        #expect(Set(batches.flatMap { $0 }).count == 8)
        // An exact multiple drops nothing.
        let exact = DataLoader(ArrayDataset(Array(0..<8)), batchSize: 4, dropLast: true)
        #expect(exact.batchCount == 2 && Array(exact.epoch()).flatMap { $0 } == Array(0..<8))
    }

    @Test func sameSeedSameEpochsDifferentAcrossEpochs() {
        func epochs(seed: UInt64) -> [[[Int]]] {
            let loader = DataLoader(ArrayDataset(Array(0..<20)), batchSize: 6, shuffle: true, rng: RandomSource(seed: seed))
            return (0..<3).map { _ in Array(loader.epoch()) }
        }
        let a = epochs(seed: 7), b = epochs(seed: 7), c = epochs(seed: 8)
        #expect(a == b)
        #expect(a != c)
        #expect(a[0] != a[1] && a[1] != a[2])
        #expect(a[0].flatMap { $0 } != Array(0..<20))
    }

    @Test func restoredStateReproducesTheOrder() throws {
        let rng = RandomSource(seed: 3)
        let loader = DataLoader(ArrayDataset(Array(0..<30)), batchSize: 4, shuffle: true, rng: rng,
                                bucketBy: { $0 % 7 }, bucketChunkBatches: 2)
        _ = loader.epoch()
        let saved = loader.state                                   // before epoch 1
        let expected = (0..<2).map { _ in Array(loader.epoch()) }  // epochs 1 and 2
        // A fresh loader (as after a restart), restored from the saved state (round-tripped through JSON).
        let json = try JSONEncoder().encode(saved)
        let decoded = try JSONDecoder().decode(DataLoader<Int, [Int]>.State.self, from: json)
        let resumed = DataLoader(ArrayDataset(Array(0..<30)), batchSize: 4, shuffle: true, rng: RandomSource(seed: 99),
                                 bucketBy: { $0 % 7 }, bucketChunkBatches: 2)
        resumed.restore(decoded)
        #expect(resumed.nextEpoch == 1)
        let first = resumed.epoch()
        #expect(first.number == 1)
        #expect(Array(first) == expected[0])
        #expect(Array(first.dropFirst(3)) == Array(expected[0].dropFirst(3)))   // mid-epoch resume
        #expect(Array(resumed.epoch()) == expected[1])
    }

    @Test func peekDoesNotConsumeRandomness() {
        let loader = DataLoader(ArrayDataset(Array(0..<9)), batchSize: 3, shuffle: true, rng: RandomSource(seed: 4))
        let peeked = loader.peekBatchIndices()
        let epoch = loader.epoch()
        #expect(epoch.batchIndices == peeked)
        #expect(Array(epoch) == peeked)                              // examples are their own indices
    }

    @Test func collateSeesExamplesInBatchOrder() {
        let loader = DataLoader(ArrayDataset(["a", "b", "c", "d", "e"]), batchSize: 2) { $0.joined() }
        #expect(Array(loader.epoch()) == ["ab", "cd", "e"])
    }

    @Test func bucketingGroupsSimilarLengthsAndCoversAll() {
        let rng = RandomSource(seed: 5)
        let lengths = (0..<200).map { _ in 1 + rng.int(in: 0..<50) }
        let loader = DataLoader(ArrayDataset(Array(0..<200)), batchSize: 8, shuffle: true, rng: RandomSource(seed: 6),
                                bucketBy: { lengths[$0] }, bucketChunkBatches: 5)
        let batches = Array(loader.epoch())
        #expect(batches.count == 25)
        #expect(batches.flatMap { $0 }.sorted() == Array(0..<200))
        // Within a chunk of 40 examples sorted by length, each batch spans a narrow range of lengths.
        let spread = batches.map { b in b.map { lengths[$0] }.max()! - b.map { lengths[$0] }.min()! }
        #expect(Double(spread.reduce(0, +)) / Double(spread.count) < 15)
        // The order of batches is shuffled: before that, each chunk's 5 batches went shortest first.
        let minima = batches.map { b in b.map { lengths[$0] }.min()! }
        #expect(!stride(from: 0, to: 25, by: 5).allSatisfy { Array(minima[$0..<($0 + 5)]) == minima[$0..<($0 + 5)].sorted() })
        let again = DataLoader(ArrayDataset(Array(0..<200)), batchSize: 8, shuffle: true, rng: RandomSource(seed: 6),
                               bucketBy: { lengths[$0] }, bucketChunkBatches: 5)
        #expect(Array(again.epoch()) == batches)
    }

    @Test func badBatchSizeStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = DataLoader(ArrayDataset([1, 2]), batchSize: 0)
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("DataLoader: batchSize must be >= 1, got 0"))
    }
}
