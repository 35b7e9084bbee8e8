import Testing
@testable import LSTMKit

/// LAPACK's dgeev and dposv through `LAPACK`, against eigenvalues and solutions worked out by hand.
@Suite struct LAPACKTests {
    func sortedModuli(_ e: (real: [Double], imaginary: [Double])) -> [Double] {
        zip(e.real, e.imaginary).map { ($0 * $0 + $1 * $1).squareRoot() }.sorted()
    }

    @Test func rotationHasAComplexPairThatPowerIterationCannotFind() {
        // [[0, -2], [2, 0]]: lambda^2 + 4 = 0, lambda = +-2i. Power iteration cycles with period 4 here.
        let e = LAPACK.eigenvalues(of: [0, -2, 2, 0], n: 2)
        #expect(e.real.allSatisfy { abs($0) < 1e-14 })
        #expect(e.imaginary.map { abs($0) }.allSatisfy { abs($0 - 2) < 1e-14 })
        #expect(e.imaginary.reduce(0, +) == 0)                               // a conjugate pair
        #expect(abs(LAPACK.spectralRadius(of: [0, -2, 2, 0], n: 2) - 2) < 1e-14)
    }

    @Test func scaledCyclicPermutationHasTheCubeRootsOfUnity() {
        // 3 * P for the cyclic shift P: eigenvalues 3, 3 e^(+-2 pi i / 3), all of modulus 3.
        let a: [Double] = [0, 0, 3, 3, 0, 0, 0, 3, 0]
        let e = LAPACK.eigenvalues(of: a, n: 3)
        #expect(sortedModuli(e).allSatisfy { abs($0 - 3) < 1e-13 })
        #expect(abs(e.real.reduce(0, +)) < 1e-13)                            // trace 0
        #expect(e.imaginary.filter { abs(abs($0) - 1.5 * 3.0.squareRoot()) < 1e-13 }.count == 2)
    }

    @Test func triangularAndSymmetricMatrices() {
        // Upper triangular: the diagonal. The largest modulus is the -4, not the largest value 3.
        #expect(abs(LAPACK.spectralRadius(of: [1, 5, 7, 0, -4, 2, 0, 0, 3], n: 3) - 4) < 1e-13)
        // [[2, 1], [1, 2]]: 3 and 1. Non-symmetric [[1, 2], [0, 3]] stored row-major: 1 and 3.
        #expect(sortedModuli(LAPACK.eigenvalues(of: [2, 1, 1, 2], n: 2)).enumerated()
            .allSatisfy { abs($0.element - [1.0, 3.0][$0.offset]) < 1e-14 })
        #expect(abs(LAPACK.spectralRadius(of: [1, 2, 0, 3], n: 2) - 3) < 1e-14)
        #expect(LAPACK.spectralRadius(of: [0, 1, 0, 0], n: 2) == 0)          // nilpotent
    }

    @Test func choleskySolveByHand() {
        // A = [[4, 2], [2, 3]], A^-1 = [[3, -2], [-2, 4]] / 8. b1 = [2, 1] -> [0.5, 0]; b2 = [0, 8] -> [-2, 4].
        let x = LAPACK.solvePositiveDefinite([4, 2, 2, 3], n: 2, rightHandSides: [2, 1, 0, 8], count: 2)
        #expect(x != nil)
        for (a, b) in zip(x ?? [], [0.5, 0, -2, 4]) { #expect(abs(a - b) < 1e-14) }
        // [[1, 2], [2, 1]] has eigenvalues 3 and -1: not positive definite.
        #expect(LAPACK.solvePositiveDefinite([1, 2, 2, 1], n: 2, rightHandSides: [1, 1], count: 1) == nil)
    }
}
