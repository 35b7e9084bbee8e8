import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct AttentionTests {
    // Pairwise-distinct sizes: B = 2, Tq = 3, Tk = 4, Dv = 7; Dq = 5 and Dk = 6 where the score allows it.
    static let (b, tq, tk, dv) = (2, 3, 4, 7)
    static func sizes(_ score: AttentionScore) -> (dq: Int, dk: Int) {
        score == .dot || score == .scaledDot ? (5, 5) : (5, 6)
    }

    /// Both outputs as one vector, for `checkGradients`.
    static func flat(_ out: (context: Tensor<Double>, weights: Tensor<Double>)) -> Tensor<Double> {
        Tensor.concat([out.context.reshaped([-1]), out.weights.reshaped([-1])])
    }

    @Test(arguments: AttentionScore.allCases) func gradientsMatchFiniteDifferencesWithKeyLengths(_ score: AttentionScore) {
        let (dq, dk) = Self.sizes(score)
        let attention = Attention<Double>(score, querySize: dq, keySize: dk, attentionSize: score == .additive ? 3 : 0,
                                          rng: RandomSource(seed: 1))
        let q = randomTensor([Self.b, Self.tq, dq], seed: 2)
        let k = randomTensor([Self.b, Self.tk, dk], seed: 3)
        let v = randomTensor([Self.b, Self.tk, Self.dv], seed: 4)
        expectGradientsMatch([q, k, v], parameters: attention.parameters()) { x in
            Self.flat(attention(x[0], keys: x[1], values: x[2], keyLengths: [4, 2]))
        }
        #expect(attention.parameters().count == (score == .additive ? 3 : score == .general ? 1 : 0))
    }

    @Test(arguments: AttentionScore.allCases) func gradientsMatchFiniteDifferencesWithAKeyMask(_ score: AttentionScore) {
        let (dq, dk) = Self.sizes(score)
        let attention = Attention<Double>(score, querySize: dq, keySize: dk, rng: RandomSource(seed: 5))
        // Holes in the middle, not only padding at the end; the keys are also the values.
        let mask = Tensor<Double>(shape: [2, 4], scalars: [1, 0, 1, 1, 0, 1, 0, 0])
        expectGradientsMatch([randomTensor([2, 1, dq], seed: 6), randomTensor([2, 4, dk], seed: 7)],
                             parameters: attention.parameters()) { x in
            Self.flat(attention(x[0], keys: x[1], keyMask: mask))
        }
    }

    @Test(arguments: AttentionScore.allCases) func maskedKeysGetZeroWeightAndRowsSumToOne(_ score: AttentionScore) {
        let (dq, dk) = Self.sizes(score)
        let attention = Attention<Double>(score, querySize: dq, keySize: dk, rng: RandomSource(seed: 8))
        let k = randomTensor([2, 4, dk], seed: 10), v = randomTensor([2, 4, 7], seed: 11)
        let (context, weights) = attention(randomTensor([2, 3, dq], seed: 9), keys: k, values: v, keyLengths: [4, 2])
        #expect(context.shape == [2, 3, 7] && weights.shape == [2, 3, 4])
        for row in 0..<2 {
            for i in 0..<3 {
                let a = (0..<4).map { weights[row, i, $0] }
                #expect(Swift.abs(a.reduce(0, +) - 1) < 1e-12)
                if row == 1 { #expect(a[2] == 0 && a[3] == 0) }
                for d in 0..<7 {   // c = sum_j a_j v_j
                    let expected = (0..<4).map { a[$0] * v[row, $0, d] }.reduce(0, +)
                    #expect(Swift.abs(context[row, i, d] - expected) < 1e-12)
                }
            }
        }
        // The padded keys do not matter: changing them changes nothing.
        var k2 = k, v2 = v
        for j in 2..<4 {
            for d in 0..<dk { k2.scalars[(4 + j) * dk + d] = 9 }
            for d in 0..<7 { v2.scalars[(4 + j) * 7 + d] = -9 }
        }
        let again = attention(randomTensor([2, 3, dq], seed: 9), keys: k2, values: v2, keyLengths: [4, 2])
        expectClose(again.weights, weights, atol: 1e-15, rtol: 0)
        expectClose(again.context, context, atol: 1e-15, rtol: 0)
    }

    /// The scores against the doc-comment equations, one query and key at a time with plain loops.
    @Test(arguments: AttentionScore.allCases) func scoresFollowTheEquations(_ score: AttentionScore) {
        let (dq, dk) = Self.sizes(score)
        let attention = Attention<Double>(score, querySize: dq, keySize: dk, attentionSize: score == .additive ? 3 : 0,
                                          rng: RandomSource(seed: 12))
        let q = randomTensor([2, 3, dq], seed: 13), k = randomTensor([2, 4, dk], seed: 14)
        let e = attention.scores(q, memory: attention.memory(keys: k))
        #expect(e.shape == [2, 3, 4])
        for (row, i, j) in [(0, 0, 0), (0, 2, 3), (1, 1, 2)] {
            let qv = (0..<dq).map { q[row, i, $0] }, kv = (0..<dk).map { k[row, j, $0] }
            func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).map { $0 * $1 }.reduce(0, +) }
            let expected: Double
            switch score {
            case .dot: expected = dot(qv, kv)
            case .scaledDot: expected = dot(qv, kv) / Double(dk).squareRoot()
            case .general:
                let w = attention.keyProjection!.weight.value                     // W [Dq, Dk]
                let wk = (0..<dq).map { r in dot((0..<dk).map { w[r, $0] }, kv) }
                expected = dot(qv, wk)
            case .additive:
                let wq = attention.queryProjection!.weight.value, wk = attention.keyProjection!.weight.value
                let v = attention.scoreVector!.value
                expected = (0..<3).map { a in
                    v[a] * Foundation.tanh(dot((0..<dq).map { wq[a, $0] }, qv) + dot((0..<dk).map { wk[a, $0] }, kv))
                }.reduce(0, +)
            }
            #expect(Swift.abs(e[row, i, j] - expected) < 1e-12, "\(score) e[\(row), \(i), \(j)]")
        }
    }

    @Test func parameterShapesAndPaths() {
        let additive = Attention<Float>(.additive, querySize: 5, keySize: 6, attentionSize: 3)
        #expect(additive.namedParameters().map(\.path) == ["queryProjection.weight", "keyProjection.weight", "scoreVector"])
        #expect(additive.parameters().map(\.shape) == [[3, 5], [3, 6], [3]])
        #expect(Attention<Float>(.additive, querySize: 5, keySize: 6).attentionSize == 5)
        let general = Attention<Float>(.general, querySize: 5, keySize: 6)
        #expect(general.namedParameters().map(\.path) == ["keyProjection.weight"])
        #expect(general.parameters().map(\.shape) == [[5, 6]])
        #expect(Attention<Float>(.scaledDot, querySize: 4, keySize: 4).parameters().isEmpty)
        #expect(AttentionScore(rawValue: "scaled-dot") == .scaledDot)
    }

    @Test func aMemoryServesManyQueriesAndSelectsRows() {
        let attention = Attention<Double>(.additive, querySize: 5, keySize: 6, rng: RandomSource(seed: 15))
        let k = randomTensor([2, 4, 6], seed: 16), q = randomTensor([2, 3, 5], seed: 17)
        let memory = attention.memory(keys: k, keyLengths: [3, 4])
        let whole = attention(q, memory: memory)
        // Query by query gives the same as all at once.
        for i in 0..<3 {
            let one = attention(q.slice(axis: 1, i..<(i + 1)), memory: memory)
            expectClose(one.weights, whole.weights.slice(axis: 1, i..<(i + 1)), atol: 1e-15, rtol: 0)
        }
        // Row 1 repeated twice is sequence 1 twice.
        let picked = attention(q.indexSelect(axis: 0, [1, 1]), memory: memory.selecting(rows: [1, 1]))
        expectClose(picked.context, whole.context.indexSelect(axis: 0, [1, 1]), atol: 1e-15, rtol: 0)
        #expect(memory.selecting(rows: [1, 1]).maskBias?.scalars == [Double](repeating: 0, count: 8))
        #expect(memory.maskBias?.scalars == [0, 0, 0, -.infinity, 0, 0, 0, 0])
        #expect(attention.memory(keys: k, keyLengths: [4, 4]).maskBias == nil)
    }

    @Test func problemsNameTheField() {
        #expect(AttentionScore.dot.problem(querySize: 4, keySize: 6, attentionSize: 0)?.field == "keySize")
        #expect(AttentionScore.scaledDot.problem(querySize: 4, keySize: 6, attentionSize: 0)?.field == "keySize")
        #expect(AttentionScore.general.problem(querySize: 4, keySize: 6, attentionSize: 0) == nil)
        #expect(AttentionScore.general.problem(querySize: 4, keySize: 6, attentionSize: 8)?.field == "attentionSize")
        #expect(AttentionScore.additive.problem(querySize: 0, keySize: 6, attentionSize: 8)?.field == "querySize")
        #expect(AttentionScore.additive.problem(querySize: 4, keySize: 6, attentionSize: -1)?.field == "attentionSize")
    }

    @Test func dotWithDifferentSizesStops() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Attention<Float>(.dot, querySize: 4, keySize: 6)
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("Attention(dot): keySize the dot score needs querySize == keySize, got 4 and 6"))
    }

    @Test func aWrongQueryShapeStops() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let attention = Attention<Float>(.general, querySize: 4, keySize: 6)
            _ = attention(Tensor.zeros([2, 1, 5]), keys: Tensor.zeros([2, 3, 6]))
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("Attention(general): query of shape [2, 1, 5], expected [B, Tq, Dq] = [2, Tq, 4]"))
    }

    @Test func keyLengthsOutOfRangeStop() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let attention = Attention<Float>(.dot, querySize: 4, keySize: 4)
            _ = attention(Tensor.zeros([2, 1, 4]), keys: Tensor.zeros([2, 3, 4]), keyLengths: [3, 0])
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("Attention(dot).memory: keyLengths[1] = 0 is outside 1...3 (Tk = 3)"))
    }

    @Test func aMaskWithoutAnyKeyStops() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let attention = Attention<Float>(.dot, querySize: 4, keySize: 4)
            _ = attention(Tensor.zeros([2, 1, 4]), keys: Tensor.zeros([2, 3, 4]),
                          keyMask: Tensor(shape: [2, 3], scalars: [1, 1, 0, 0, 0, 0]))
        }
        let text = String(decoding: r?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("keyMask row 1 masks every key"))
    }
}
