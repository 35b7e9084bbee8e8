import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// Every CRF entry point checks its inputs through `CRFInput`: the messages name the operation and the shapes.
@Suite struct CRFInputTests {
    static func stderr(of result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func wrongTagCountIsNamed() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = LinearChainCRF<Float>(tagCount: 4).logPartition(Tensor.zeros([3, 2, 5]))
        }
        #expect(Self.stderr(of: r).contains(
            "LinearChainCRF.logPartition: emissions of shape [3, 2, 5] have 5 tag scores per step, expected tagCount 4"))
    }

    @Test func wrongRankIsNamedInTheLayout() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = LinearChainCRF<Float>(tagCount: 4, batchFirst: true).decode(Tensor.zeros([3, 4]))
        }
        #expect(Self.stderr(of: r).contains("LinearChainCRF.decode: emissions of shape [3, 4], expected rank 3 [B, T, K]"))
    }

    @Test func tagOutOfRangeIsNamed() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = LinearChainCRF<Float>(tagCount: 3).negativeLogLikelihood(Tensor.zeros([2, 2, 3]), tags: [0, 1, 3, -100],
                                                                          lengths: [2, 1])
        }
        #expect(Self.stderr(of: r).contains(
            "LinearChainCRF.negativeLogLikelihood: tag 3 at step 1 of sentence 0 is outside 0..<3"))
    }

    @Test func wrongTagCountForTheBatchIsNamed() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = LinearChainCRF<Float>(tagCount: 3).score(Tensor.zeros([2, 2, 3]), tags: [0, 1, 2])
        }
        #expect(Self.stderr(of: r).contains("LinearChainCRF.score: 3 tags for [T, B] = [2, 2], expected 4"))
    }

    @Test func lengthsOutOfRangeAreNamed() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = LinearChainCRF<Float>(tagCount: 3).logPartition(Tensor.zeros([2, 2, 3]), lengths: [2, 0])
        }
        #expect(Self.stderr(of: r).contains("lengths[1] = 0 is outside 1...2 (T = 2)"))
    }

    @Test func aMaskWithAGapIsNamed() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let mask = Tensor<Float>(shape: [3, 2], scalars: [1, 1, 0, 1, 1, 1])
            _ = LinearChainCRF<Float>(tagCount: 3).logPartition(Tensor.zeros([3, 2, 3]), mask: mask)
        }
        #expect(Self.stderr(of: r).contains("the mask of sentence 0 is [1, 0, 1]; each sentence needs ones first"))
    }

    @Test func aMaskOfTheWrongLayoutIsNamed() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = LinearChainCRF<Float>(tagCount: 3).logPartition(Tensor.zeros([3, 2, 3]), mask: Tensor.ones([2, 3]))
        }
        #expect(Self.stderr(of: r).contains("mask of shape [2, 3], expected [T, B] = [3, 2]"))
    }

    @Test func nonFiniteScoresAreNamed() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let crf = LinearChainCRF<Float>(tagCount: 2)
            var a = crf.transitions.data
            a.scalars[1] = -.infinity
            crf.transitions.data = a
            _ = crf.logPartition(Tensor.zeros([2, 1, 2]))
        }
        #expect(Self.stderr(of: r).contains("transitions has the non-finite value -inf at index [0, 1]"))
    }
}
