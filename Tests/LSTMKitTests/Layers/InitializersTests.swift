import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// Mean and (population) standard deviation of a tensor's elements.
private func moments<S: TensorScalar>(_ t: Tensor<S>) -> (mean: Double, std: Double) {
    let xs = t.scalars.map { Double($0) }
    let mean = xs.reduce(0, +) / Double(xs.count)
    let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count)
    return (mean, variance.squareRoot())
}

/// The n x n identity matrix.
private func identity(_ n: Int) -> Tensor<Double> {
    var t = Tensor<Double>.zeros([n, n])
    for i in 0..<n { t[i, i] = 1 }
    return t
}

/// W W^T for a [rows, cols] matrix, in Double.
private func gram(_ w: Tensor<Double>) -> Tensor<Double> { matmul(w, w, transposeB: true) }

@Suite struct InitializersTests {
    @Test func fansFollowPyTorch() {
        #expect(Initializers.fans([4, 3]) == (fanIn: 3, fanOut: 4))
        #expect(Initializers.fans([4, 3, 2, 5]) == (fanIn: 30, fanOut: 40))   // conv weight [out, in, kh, kw]
        #expect(Initializers.fans([7, 1, 3]) == (fanIn: 3, fanOut: 21))
    }

    @Test func gainsFollowPyTorch() {
        #expect(Initializers.gain(for: .linear) == 1)
        #expect(Initializers.gain(for: .sigmoid) == 1)
        #expect(Initializers.gain(for: .tanh) == 5.0 / 3.0)
        #expect(Initializers.gain(for: .relu) == 2.0.squareRoot())
        #expect(abs(Initializers.gain(for: .leakyRelu) - (2 / 1.0001).squareRoot()) < 1e-15)
        #expect(abs(Initializers.gain(for: .leakyRelu, slope: 5.0.squareRoot()) - (1.0 / 3).squareRoot()) < 1e-15)
    }

    @Test func uniformRespectsBoundsAndMoments() {
        let t: Tensor<Double> = Initializers.uniform([100, 200], low: -2, high: 3, using: RandomSource(seed: 1))
        #expect(t.shape == [100, 200])
        #expect(t.scalars.allSatisfy { $0 >= -2 && $0 < 3 })
        let (mean, std) = moments(t)
        let expectedStd = 5 / 12.0.squareRoot()
        #expect(abs(mean - 0.5) < 5 * expectedStd / (20_000.0).squareRoot())
        #expect(abs(std - expectedStd) < 0.02 * expectedStd)
        let unit: Tensor<Float> = Initializers.uniform([10], using: RandomSource(seed: 2))
        #expect(unit.scalars.allSatisfy { $0 >= 0 && $0 < 1 })
    }

    @Test func normalMoments() {
        let t: Tensor<Double> = Initializers.normal([100, 200], mean: 1.5, std: 0.5, using: RandomSource(seed: 3))
        let (mean, std) = moments(t)
        #expect(abs(mean - 1.5) < 5 * 0.5 / (20_000.0).squareRoot())
        #expect(abs(std - 0.5) < 0.01)
    }

    @Test func zerosAndOnes() {
        let z: Tensor<Float> = Initializers.zeros([2, 3]), o: Tensor<Double> = Initializers.ones([4])
        #expect(z.shape == [2, 3] && z.scalars.allSatisfy { $0 == 0 })
        #expect(o.shape == [4] && o.scalars.allSatisfy { $0 == 1 })
    }

    @Test func xavierUniformBoundAndStd() {
        // [out 150, in 250]: a = gain * sqrt(6 / 400), std = a / sqrt(3).
        let t: Tensor<Double> = Initializers.xavierUniform([150, 250], gain: 2, using: RandomSource(seed: 4))
        let a = 2 * (6.0 / 400).squareRoot()
        #expect(t.scalars.allSatisfy { abs($0) <= a })
        #expect(t.scalars.max()! > 0.98 * a && t.scalars.min()! < -0.98 * a)
        let (mean, std) = moments(t)
        #expect(abs(mean) < 5 * std / (37_500.0).squareRoot())
        #expect(abs(std - a / 3.0.squareRoot()) < 0.02 * std)
    }

    @Test func xavierNormalStd() {
        let t: Tensor<Double> = Initializers.xavierNormal([150, 250], using: RandomSource(seed: 5))
        let (mean, std) = moments(t)
        let expected = (2.0 / 400).squareRoot()
        #expect(abs(mean) < 5 * expected / (37_500.0).squareRoot())
        #expect(abs(std - expected) < 0.02 * expected)
    }

    @Test func kaimingUniformModesAndNonlinearities() {
        // Default: a = 0, fan in, leaky ReLU -> gain sqrt(2), bound sqrt(6 / fanIn).
        let t: Tensor<Double> = Initializers.kaimingUniform([120, 300], using: RandomSource(seed: 6))
        let bound = (6.0 / 300).squareRoot()
        #expect(t.scalars.allSatisfy { abs($0) <= bound } && t.scalars.max()! > 0.98 * bound)
        #expect(abs(moments(t).std - bound / 3.0.squareRoot()) < 0.02 * bound)
        // Fan out, tanh: bound = 5/3 * sqrt(3 / 120).
        let u: Tensor<Double> = Initializers.kaimingUniform(
            [120, 300], mode: .fanOut, nonlinearity: .tanh, using: RandomSource(seed: 7))
        let boundOut = 5.0 / 3 * (3.0 / 120).squareRoot()
        #expect(u.scalars.allSatisfy { abs($0) <= boundOut } && u.scalars.max()! > 0.98 * boundOut)
        // a = sqrt(5) with leaky ReLU (what Linear uses): bound 1 / sqrt(fanIn).
        let l: Tensor<Double> = Initializers.kaimingUniform([120, 300], a: 5.0.squareRoot(), using: RandomSource(seed: 8))
        #expect(l.scalars.allSatisfy { abs($0) <= 1 / 300.0.squareRoot() })
        #expect(l.scalars.max()! > 0.98 / 300.0.squareRoot())
    }

    @Test func kaimingNormalStd() {
        let t: Tensor<Double> = Initializers.kaimingNormal(
            [100, 200, 2], nonlinearity: .relu, using: RandomSource(seed: 9))   // fanIn = 400
        let expected = (2.0 / 400).squareRoot()
        #expect(abs(moments(t).std - expected) < 0.02 * expected)
        let f: Tensor<Double> = Initializers.kaimingNormal(
            [100, 200], mode: .fanOut, nonlinearity: .linear, using: RandomSource(seed: 10))
        #expect(abs(moments(f).std - 0.1) < 0.002)
    }

    @Test func orthogonalWideTallAndFlattened() {
        // Wide [3, 5]: orthonormal rows.
        let wide: Tensor<Double> = Initializers.orthogonal([3, 5], using: RandomSource(seed: 11))
        expectClose(gram(wide), identity(3), atol: 1e-12)
        // Tall [5, 3]: orthonormal columns.
        let tall: Tensor<Double> = Initializers.orthogonal([5, 3], using: RandomSource(seed: 12))
        expectClose(matmul(tall, tall, transposeA: true), identity(3), atol: 1e-12)
        // Square with gain: W W^T = gain^2 I.
        let square: Tensor<Double> = Initializers.orthogonal([4, 4], gain: 2, using: RandomSource(seed: 13))
        expectClose(gram(square), identity(4) * 4, atol: 1e-12)
        // Rank 3 [4, 2, 3] is the matrix [4, 6].
        let conv: Tensor<Double> = Initializers.orthogonal([4, 2, 3], using: RandomSource(seed: 14))
        #expect(conv.shape == [4, 2, 3])
        expectClose(gram(conv.reshaped([4, 6])), identity(4), atol: 1e-12)
    }

    @Test func orthogonalAppliesPyTorchSignCorrection() {
        // PyTorch: G ~ N(0, 1) [rows, cols] (transposed if wide), G = QR, Q *= sign(diag R): so R = Q^T G
        // is upper triangular with a positive diagonal.
        for (shape, seed) in [([6, 4], UInt64(15)), ([3, 7], UInt64(16))] {
            let rng = RandomSource(seed: seed)
            var g = Tensor<Double>(shape: shape, scalars: RandomSource(seed: seed).normals(count: shape[0] * shape[1]))
            var q: Tensor<Double> = Initializers.orthogonal(shape, using: rng)
            if shape[0] < shape[1] { g = g.transposed(); q = q.transposed() }
            let r = matmul(q, g, transposeA: true)                    // [n, n]
            for i in 0..<r.shape[0] {
                #expect(r[i, i] > 0)
                for j in 0..<i { #expect(abs(r[i, j]) < 1e-12) }
            }
            expectClose(matmul(q, r), g, atol: 1e-12)
        }
    }

    @Test func seededDrawsAreDeterministicAndTypeIndependent() {
        let a: Tensor<Float> = Initializers.xavierUniform([4, 3], using: RandomSource(seed: 42))
        let b: Tensor<Float> = Initializers.xavierUniform([4, 3], using: RandomSource(seed: 42))
        let c: Tensor<Float> = Initializers.xavierUniform([4, 3], using: RandomSource(seed: 43))
        #expect(a.scalars == b.scalars)
        #expect(a.scalars != c.scalars)
        let d: Tensor<Double> = Initializers.xavierUniform([4, 3], using: RandomSource(seed: 42))
        expectClose(a.converted(to: Double.self), d, atol: 1e-7)
        let o1: Tensor<Float> = Initializers.orthogonal([3, 4], using: RandomSource(seed: 1))
        let o2: Tensor<Double> = Initializers.orthogonal([3, 4], using: RandomSource(seed: 1))
        expectClose(o1.converted(to: Double.self), o2, atol: 1e-6)
    }

    @Test func emptyShapesGiveEmptyTensors() {
        let k: Tensor<Float> = Initializers.kaimingUniform([0, 3], using: RandomSource(seed: 1))
        let o: Tensor<Float> = Initializers.orthogonal([2, 0], using: RandomSource(seed: 1))
        #expect(k.shape == [0, 3] && k.count == 0)
        #expect(o.shape == [2, 0] && o.count == 0)
    }

    @Test func fanOfAVectorStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let _: Tensor<Float> = Initializers.xavierUniform([5], using: RandomSource(seed: 1))
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("Initializers.xavierUniform: fan in and fan out cannot be computed for shape [5]"))
    }

    @Test func orthogonalOfAVectorStops() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let _: Tensor<Float> = Initializers.orthogonal([5], using: RandomSource(seed: 1))
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("Initializers.orthogonal: shape [5] has fewer than 2 dimensions"))
    }
}
