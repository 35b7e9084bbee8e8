import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// Gradients of the CRF: finite differences in Double (emissions and all three parameters, ragged lengths,
/// both implementations), and the fused forward algorithm equal to the reference, forward and every gradient,
/// on a grid of shapes with T = 1, B = 1, K = 1, ragged lengths and batch-first input.
@Suite struct LinearChainCRFGradientTests {
    @Test(arguments: CRFImplementation.allCases)
    func negativeLogLikelihoodMatchesFiniteDifferences(_ implementation: CRFImplementation) {
        let crf: LinearChainCRF<Double> = LinearChainCRFTests.crf(4, implementation)
        let e = randomTensor([5, 3, 4], seed: 40, low: -2, high: 2)                   // [T, B, K]
        let tags = (0..<15).map { ($0 * 7 + 3) % 4 }
        expectGradientsMatch([e], parameters: crf.parameters()) { x in
            crf.negativeLogLikelihood(x[0], tags: tags, lengths: [5, 2, 4])
        }
        // Per sentence ([B], projected on fixed weights by the check), and each piece on its own.
        expectGradientsMatch([e], parameters: crf.parameters()) { x in
            crf.logLikelihood(x[0], tags: tags, lengths: [5, 2, 4])
        }
        expectGradientsMatch([e], parameters: crf.parameters()) { x in crf.logPartition(x[0], lengths: [1, 5, 3]) }
        expectGradientsMatch([e], parameters: crf.parameters()) { x in
            crf.score(x[0], tags: tags, lengths: [1, 5, 3])
        }
    }

    @Test(arguments: CRFImplementation.allCases)
    func batchFirstWithMaskMatchesFiniteDifferences(_ implementation: CRFImplementation) {
        let crf: LinearChainCRF<Double> = LinearChainCRFTests.crf(3, implementation, batchFirst: true)
        let e = randomTensor([2, 4, 3], seed: 41, low: -2, high: 2)                   // [B, T, K]
        let mask = Tensor<Double>(shape: [2, 4], scalars: [1, 1, 0, 0, 1, 1, 1, 1])
        expectGradientsMatch([e], parameters: crf.parameters()) { x in
            crf.negativeLogLikelihood(x[0], tags: [0, 1, 2, 0, 2, 2, 1, 0], mask: mask, reduction: .sum)
        }
    }

    /// (T, B, K, lengths, batchFirst): T = 1, B = 1, K = 1, full and ragged batches.
    static let grid: [(Int, Int, Int, [Int]?, Bool)] = [
        (1, 1, 1, nil, false), (1, 3, 4, nil, false), (5, 1, 3, nil, false), (4, 3, 5, [4, 1, 3], false),
        (6, 2, 2, [2, 6], true), (3, 2, 1, [3, 2], false), (7, 4, 6, [7, 7, 3, 5], false),
    ]

    @Test func fusedEqualsReferenceInDouble() { compareImplementations(Double.self, tolerance: 1e-12) }

    @Test func fusedEqualsReferenceInFloat() { compareImplementations(Float.self, tolerance: 1e-5) }

    func compareImplementations<S: TensorScalar>(_: S.Type, tolerance: Double) {
        for (n, (t, b, k, lengths, batchFirst)) in Self.grid.enumerated() {
            let label = "T \(t), B \(b), K \(k), lengths \(lengths.map { "\($0)" } ?? "all"), batchFirst \(batchFirst)"
            let shape = batchFirst ? [b, t, k] : [t, b, k]
            let e = randomTensor(shape, seed: 50 + UInt64(n), low: -3, high: 3).converted(to: S.self)
            var results: [[(String, Tensor<S>)]] = []
            for implementation in CRFImplementation.allCases {
                let crf: LinearChainCRF<S> = LinearChainCRFTests.crf(k, implementation, batchFirst: batchFirst,
                                                                     seed: 60 + UInt64(n))
                results.append(namedRecurrentResults(crf, inputs: [e]) { x in
                    [crf.logPartition(x[0], lengths: lengths)]
                })
            }
            #expect(results[0].map(\.0) == results[1].map(\.0))
            for ((name, reference), (_, fused)) in zip(results[0], results[1]) {
                expectClose(fused, reference, atol: tolerance, rtol: tolerance, "\(label): \(name)")
            }
        }
    }

    @Test func largeScoresAndForbiddenTransitionsStayFiniteAndEqual() {
        let e = randomTensor([6, 2, 4], seed: 70, low: -40, high: 40)
        var values: [Tensor<Double>] = []
        for implementation in CRFImplementation.allCases {
            let crf: LinearChainCRF<Double> = LinearChainCRFTests.crf(4, implementation)
            var a = crf.transitions.data
            for (i, j) in [(0, 1), (1, 1), (2, 3), (3, 0)] { a.scalars[i * 4 + j] = -10_000 }
            crf.transitions.data = a
            let loss = crf.negativeLogLikelihood(e, tags: Array(repeating: 2, count: 12), lengths: [6, 4])
            loss.backward()
            #expect(loss.item.isFinite)
            values.append(loss.detached())
            values += crf.parameters().map { $0.grad! }
            // The best path never takes a forbidden transition.
            for path in crf.decode(e, lengths: [6, 4]) {
                for (p, q) in zip(path.tags, path.tags.dropFirst()) { #expect(a[p, q] > -10_000) }
            }
        }
        for (reference, fused) in zip(values.prefix(4), values.suffix(4)) {
            expectClose(fused, reference, atol: 1e-9, rtol: 1e-12)
        }
    }
}
