import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// End to end: a CRF alone learns a tag sequence that only its transitions can know.
@Suite struct LinearChainCRFTrainingTests {
    /// Tags cycle 0 -> 1 -> 2 -> 0 from a start tag that only step 0's emission shows; later emissions are 0,
    /// so the NLL can only fall by learning A[i, (i + 1) % 3]. Adam, lr 0.1, full batch, seed 3. The first
    /// loss is 4.40; the emission 4 at step 0 leaves a floor of ln(1 + 2 e^-4) per sentence.
    @Test(arguments: CRFImplementation.allCases)
    func learnsTransitionsFromUninformativeEmissions(_ implementation: CRFImplementation) {
        let (t, b, k) = (6, 3, 3)
        let lengths = [6, 4, 5]
        var e = [Float](repeating: 0, count: t * b * k)                         // [T, B, K]
        for s in 0..<b { e[s * k + s] = 4 }                                       // step 0 of sentence s shows tag s
        let emissions = Tensor<Float>(shape: [t, b, k], scalars: e)
        let gold = (0..<(t * b)).map { i in (i % b + i / b) % k }                 // y[t, s] = (s + t) % 3
        let crf = LinearChainCRF<Float>(tagCount: k, implementation: implementation, rng: RandomSource(seed: 3))
        let optimizer = Adam(parameters: crf.parameters(), learningRate: 0.1)
        var losses: [Float] = []
        for _ in 0..<60 {
            optimizer.zeroGrad()
            let loss = crf.negativeLogLikelihood(emissions, tags: gold, lengths: lengths)
            loss.backward()
            optimizer.step()
            losses.append(loss.item)
        }
        #expect(losses[0] > 4, "first loss \(losses[0])")                    // measured 4.40
        #expect(losses[59] < 0.15, "last loss \(losses[59])")   // measured 0.082; the floor is ln(1 + 2 e^-4) = 0.036
        let decoded = crf.decode(emissions, lengths: lengths).map(\.tags)
        let expected = (0..<b).map { s in (0..<lengths[s]).map { (s + $0) % k } }
        #expect(decoded == expected)
    }
}
