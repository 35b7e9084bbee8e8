import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// Witness 1 for every differentiable op: autodiff agrees with central finite differences in Double.
/// Sizes are pairwise distinct (2, 3, 4, 5) so a swapped axis cannot pass.
@Suite struct GradientCheckOpsTests {
    let a = randomTensor([2, 3], seed: 1)
    let b = randomTensor([2, 3], seed: 2)
    let positive = randomTensor([2, 3], seed: 3, low: 0.5, high: 2)

    @Test func arithmeticWithBroadcasting() {
        expectGradientsMatch([a, randomTensor([3], seed: 4)]) { x in x[0] + x[1] }
        expectGradientsMatch([a, randomTensor([2, 1], seed: 5)]) { x in x[0] - x[1] }
        expectGradientsMatch([randomTensor([4, 1, 3], seed: 6), a]) { x in x[0] * x[1] }
        expectGradientsMatch([a, positive]) { x in x[0] / x[1] }
        expectGradientsMatch([a]) { x in -x[0] * 3 + 2 - x[0] / 4 }
        expectGradientsMatch([a]) { x in 1 / (x[0] * x[0] + 1) }
    }

    @Test func elementwiseFunctions() {
        expectGradientsMatch([a]) { x in exp(x[0]) }
        expectGradientsMatch([positive]) { x in log(x[0]) }
        expectGradientsMatch([a]) { x in tanh(x[0]) }
        expectGradientsMatch([a]) { x in sigmoid(x[0]) }
        expectGradientsMatch([a]) { x in relu(x[0]) }
        expectGradientsMatch([a]) { x in leakyRelu(x[0], slope: 0.2) }
        expectGradientsMatch([a * 5]) { x in softplus(x[0]) }
        expectGradientsMatch([positive]) { x in sqrt(x[0]) }
        expectGradientsMatch([a]) { x in abs(x[0]) }
        expectGradientsMatch([positive]) { x in pow(x[0], 2.5) }
        expectGradientsMatch([positive, a]) { x in pow(x[0], x[1]) }
        expectGradientsMatch([a]) { x in clamp(x[0], min: -0.5, max: 0.5) }
        expectGradientsMatch([a, b]) { x in `where`(x[0] .> x[1], x[0] * 2, x[1] * x[1]) }
    }

    @Test func reductions() {
        let x3 = randomTensor([2, 3, 4], seed: 7)
        expectGradientsMatch([x3]) { x in x[0].sum() }
        expectGradientsMatch([x3]) { x in x[0].sum(axes: [0, 2]) }
        expectGradientsMatch([x3]) { x in x[0].sum(axis: 1, keepDims: true) }
        expectGradientsMatch([x3]) { x in x[0].mean(axis: -1) }
        expectGradientsMatch([x3]) { x in x[0].mean() }
        expectGradientsMatch([x3]) { x in x[0].max(axis: 1) }
        expectGradientsMatch([x3]) { x in x[0].min(axis: 2, keepDims: true) }
        expectGradientsMatch([x3]) { x in x[0].max() }
    }

    @Test func matmulVariants() {
        let m = randomTensor([2, 3], seed: 8), n = randomTensor([3, 4], seed: 9)
        expectGradientsMatch([m, n]) { x in matmul(x[0], x[1]) }
        expectGradientsMatch([m.transposed(), n]) { x in matmul(x[0], x[1], transposeA: true) }
        expectGradientsMatch([m, n.transposed()]) { x in matmul(x[0], x[1], transposeB: true) }
        expectGradientsMatch([m.transposed(), n.transposed()]) { x in
            matmul(x[0], x[1], transposeA: true, transposeB: true)
        }
        let batchA = randomTensor([5, 2, 3], seed: 10), batchB = randomTensor([5, 3, 4], seed: 11)
        expectGradientsMatch([batchA, batchB]) { x in matmul(x[0], x[1]) }
        expectGradientsMatch([batchA, batchB.transposed()]) { x in matmul(x[0], x[1], transposeB: true) }
        expectGradientsMatch([batchA.transposed(), batchB]) { x in matmul(x[0], x[1], transposeA: true) }
        expectGradientsMatch([batchA, n]) { x in matmul(x[0], x[1]) }
        expectGradientsMatch([batchA, n.transposed()]) { x in matmul(x[0], x[1], transposeB: true) }
    }

    @Test func shapeOperations() {
        let x3 = randomTensor([2, 3, 4], seed: 12)
        expectGradientsMatch([x3]) { x in x[0].reshaped([4, -1]) * Tensor.arange(0, 6) }
        expectGradientsMatch([x3]) { x in x[0].permuted([2, 0, 1]) * Tensor.arange(0, 3) }
        expectGradientsMatch([x3]) { x in x[0].transposed() }
        expectGradientsMatch([x3]) { x in x[0].transposed(0, 2) }
        expectGradientsMatch([x3]) { x in x[0].slice(axis: 1, 1..<3) }
        expectGradientsMatch([a, randomTensor([2, 5], seed: 13)]) { x in Tensor.concat([x[0], x[1], x[0]], axis: 1) }
        expectGradientsMatch([a, b]) { x in Tensor.stack([x[0], x[1] * 2], axis: 1) }
        expectGradientsMatch([x3]) { x in
            let parts = x[0].split(sizes: [1, 3], axis: 2)
            return parts[0] * parts[1].sum(axis: 2, keepDims: true)
        }
        expectGradientsMatch([x3]) { x in
            let c = x[0].chunked(2, axis: 2)
            return c[0] * c[1]
        }
        expectGradientsMatch([randomTensor([2, 1, 3], seed: 14)]) { x in x[0].squeezed(1).unsqueezed(0) }
        expectGradientsMatch([randomTensor([3, 1], seed: 15)]) { x in x[0].broadcast(to: [2, 3, 4]) }
    }

    @Test func indexing() {
        let table = randomTensor([5, 3], seed: 16)
        expectGradientsMatch([table]) { x in x[0].indexSelect(axis: 0, [4, 0, 4, 2]) }
        expectGradientsMatch([table]) { x in x[0].indexSelect(axis: 1, [2, 2, 0]) }
        expectGradientsMatch([table]) { x in
            x[0].gather(axis: 1, indices: [0, 2, 1, 1, 0, 2, 2, 0, 1, 1], indexShape: [5, 2])
        }
        expectGradientsMatch([table]) { x in x[0].gather(axis: 0, indices: [4, 0, 1], indexShape: [1, 3]) }
    }

    @Test func softmaxFamily() {
        let x3 = randomTensor([2, 3, 4], seed: 17) * 3
        for axis in [0, 1, -1] {
            expectGradientsMatch([x3]) { x in softmax(x[0], axis: axis) }
            expectGradientsMatch([x3]) { x in logSoftmax(x[0], axis: axis) }
        }
    }

    @Test func customOpGradientIsUsed() {
        // A hand-written op y = x^3 registered through customOp, checked like any other op.
        expectGradientsMatch([a]) { x in
            let v = x[0].detached()
            let y = Tensor(shape: v.shape, scalars: v.scalars.map { $0 * $0 * $0 })
            return Tensor.customOp(name: "cube", inputs: [x[0]], outputs: [y]) { g in
                [g[0] * v * v * 3]
            }[0]
        }
    }
}
