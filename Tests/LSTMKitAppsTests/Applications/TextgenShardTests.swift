import LSTMKit
import Testing
@testable import LSTMKitApps

/// Data-parallel textgen (`lstm train textgen --distributed`): rank r of W reads the streams
/// r B/W ..< (r + 1) B/W of every update, so the ranks together read exactly the single-process batch.
@Suite struct TextgenShardTests {
    static let text = String(repeating: "the quick brown fox jumps over the lazy dog. ", count: 5)

    @Test func shardsAreTheContiguousColumnsOfTheFullBatch() {
        let corpus = TextCorpus(text: Self.text)
        for (k1, k2) in [(7, 7), (5, 12)] {
            let full = TruncatedTextBatches(corpus, batchSize: 4, k1: k1, k2: k2)
            for world in [1, 2, 4] {
                let shards = (0..<world).map { full.shard(rank: $0, of: world) }
                #expect(shards.map(\.streams) == (0..<world).map { $0 * 4 / world ..< ($0 + 1) * 4 / world })
                for k in 0..<full.count {
                    let whole = full[k].batch, b = 4 / world
                    for (rank, shard) in shards.enumerated() {
                        let part = shard[k]
                        #expect(shard.count == full.count)
                        #expect(part.splitStep == full[k].splitStep && part.lossStart == full[k].lossStart)
                        #expect(part.batch.batchSize == b && part.batch.steps == whole.steps)
                        for t in 0..<whole.steps {
                            for j in 0..<b {
                                #expect(part.batch.inputs[t * b + j] == whole.inputs[t * 4 + rank * b + j])
                                #expect(part.batch.targets[t * b + j] == whole.targets[t * 4 + rank * b + j])
                            }
                        }
                    }
                }
            }
        }
    }
}
