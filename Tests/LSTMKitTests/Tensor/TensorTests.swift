import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct TensorTests {
    @Test func creation() {
        #expect(Tensor<Float>.zeros([2, 3]).scalars == [0, 0, 0, 0, 0, 0])
        #expect(Tensor<Float>.ones([2]).scalars == [1, 1])
        #expect(Tensor<Double>.full([1, 2], 7).scalars == [7, 7])
        #expect(Tensor<Float>.arange(0, 5).scalars == [0, 1, 2, 3, 4])
        #expect(Tensor<Double>.arange(1, 2, step: 0.25).scalars == [1, 1.25, 1.5, 1.75])
        let t = Tensor<Float>(rows: [[1, 2, 3], [4, 5, 6]])
        #expect(t.shape == [2, 3])
        #expect(t[1, 2] == 6)
        #expect(Tensor<Float>(3).rank == 0)
        #expect(Tensor<Float>(3).item == 3)
    }

    @Test func seededRandomIsReproducible() {
        let a = Tensor<Float>.randomNormal([100], using: RandomSource(seed: 42))
        let b = Tensor<Float>.randomNormal([100], using: RandomSource(seed: 42))
        let c = Tensor<Float>.randomNormal([100], using: RandomSource(seed: 43))
        #expect(a.scalars == b.scalars)
        #expect(a.scalars != c.scalars)
    }

    @Test func randomStatistics() {
        let rng = RandomSource(seed: 7)
        let n = Tensor<Double>.randomNormal([20_000], mean: 2, std: 3, using: rng)
        let mean = n.mean().item
        let std = ((n - mean) * (n - mean)).mean().item.squareRoot()
        #expect(Swift.abs(mean - 2) < 0.1)       // standard error of the mean: 3 / sqrt(20000) = 0.02
        #expect(Swift.abs(std - 3) < 0.1)
        let u = Tensor<Double>.randomUniform([20_000], low: -1, high: 3, using: rng)
        #expect(u.scalars.allSatisfy { $0 >= -1 && $0 < 3 })
        #expect(Swift.abs(u.mean().item - 1) < 0.05)
        let b = Tensor<Double>.bernoulli([20_000], p: 0.3, using: rng)
        #expect(Swift.abs(b.mean().item - 0.3) < 0.02)
        #expect(Set(b.scalars) == [0, 1])
    }

    @Test func randomStateRoundTrip() {
        let rng = RandomSource(seed: 5)
        _ = rng.uniforms(count: 3)
        let saved = rng.state
        let first = rng.uniforms(count: 4)
        rng.state = saved
        #expect(rng.uniforms(count: 4) == first)
    }

    @Test func broadcastingArithmetic() {
        let x = Tensor<Float>(rows: [[1, 2, 3], [4, 5, 6]])
        #expect((x + Tensor([10, 20, 30])).scalars == [11, 22, 33, 14, 25, 36])
        #expect((x * Tensor(shape: [2, 1], scalars: [1, -1])).scalars == [1, 2, 3, -4, -5, -6])
        #expect((Tensor<Float>(shape: [3, 1], scalars: [1, 2, 3]) - Tensor([1, 1])).shape == [3, 2])
        #expect((2 / Tensor<Float>([4, 8])).scalars == [0.5, 0.25])
    }

    @Test func reductionsAndArgmax() {
        let x = Tensor<Float>(rows: [[1, 5, 3], [4, 2, 6]])
        #expect(x.sum().item == 21)
        #expect(x.sum(axis: 0).scalars == [5, 7, 9])
        #expect(x.sum(axis: 1, keepDims: true).shape == [2, 1])
        #expect(x.mean(axis: 1).scalars == [3, 4])
        #expect(x.max(axis: 1).scalars == [5, 6])
        #expect(x.min(axis: 0).scalars == [1, 2, 3])
        #expect(x.argmax(axis: 1) == [1, 2])
        #expect(x.argmax() == 5)
    }

    @Test func shapeOps() {
        let x = Tensor<Float>.arange(0, 24).reshaped([2, 3, 4])
        #expect(x.permuted([2, 0, 1]).shape == [4, 2, 3])
        #expect(x.permuted([2, 0, 1])[1, 1, 2] == x[1, 2, 1])
        #expect(x.transposed()[1, 3, 2] == x[1, 2, 3])
        #expect(x.slice(axis: 2, 1..<3).scalars.prefix(4) == [1, 2, 5, 6])
        let parts = x.chunked(2, axis: 2)
        #expect(Tensor.concat(parts, axis: 2).scalars == x.scalars)
        #expect(Tensor.stack([x, x], axis: 1).shape == [2, 2, 3, 4])
        #expect(x.indexSelect(axis: 1, [2, 0]).slice(axis: 1, 0..<1).scalars == x.slice(axis: 1, 2..<3).scalars)
        #expect(Tensor<Float>([1, 2]).broadcast(to: [3, 2]).scalars == [1, 2, 1, 2, 1, 2])
        #expect(x.reshaped([-1, 4]).shape == [6, 4])
        #expect(x.unsqueezed(0).squeezed(0).shape == x.shape)
    }

    @Test func matmulMatchesNaiveProduct() {
        let rng = RandomSource(seed: 3)
        let a = Tensor<Double>.randomNormal([4, 5], using: rng), b = Tensor<Double>.randomNormal([5, 3], using: rng)
        let c = matmul(a, b)
        for i in 0..<4 {
            for j in 0..<3 {
                let expected = (0..<5).reduce(0.0) { $0 + a[i, $1] * b[$1, j] }
                #expect(Swift.abs(c[i, j] - expected) < 1e-12)
            }
        }
    }

    @Test func softmaxIsStableForLargeInputs() {
        let x = Tensor<Float>([1000, 1001, 1002])
        let p = softmax(x)
        #expect(p.scalars.allSatisfy { $0.isFinite })
        #expect(Swift.abs(p.sum().item - 1) < 1e-6)
        let lp = logSoftmax(Tensor<Float>([-1000, 0]))
        #expect(lp.scalars[1] == 0)
        #expect(lp.scalars[0] == -1000)
    }

    @Test func descriptionShowsShapeAndValues() {
        let t = Tensor<Float>(rows: [[1, 2, 3], [4, 5, 6]])
        #expect(t.description == "Tensor<Float> [2, 3]\n[[1., 2., 3.],\n [4., 5., 6.]]")
        let r = Tensor<Double>([0.5, -0.25])
        #expect(r.description == "Tensor<Double> [2]\n[ 0.5000, -0.2500]")
        let long = Tensor<Float>.arange(0, 10)
        #expect(long.description.contains("..."))
        #expect(Tensor<Float>([1]).requiringGrad().description.contains("requires grad"))
    }
}

/// Bad input stops with a message naming the operation and the shapes (tested in a child process).
@Suite struct TensorErrorTests {
    static func stderr(_ result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func matmulInnerDimensionMismatch() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = matmul(Tensor<Float>.zeros([2, 3]), Tensor<Float>.zeros([4, 5]))
        }
        #expect(Self.stderr(r).contains("matmul: [2, 3] @ [4, 5]: inner dimensions differ (3 vs 4)"))
    }

    @Test func broadcastMismatch() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor<Float>.zeros([2, 3]) + Tensor<Float>.zeros([4])
        }
        #expect(Self.stderr(r).contains("add: shapes [2, 3] and [4] cannot be broadcast together"))
    }

    @Test func reshapeWrongCount() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor<Float>.zeros([2, 3]).reshaped([4, 2])
        }
        #expect(Self.stderr(r).contains("reshape: [2, 3] (6 elements) cannot be viewed as [4, 2]"))
    }

    @Test func axisOutOfRange() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor<Float>.zeros([2, 3]).sum(axis: 2)
        }
        #expect(Self.stderr(r).contains("sum: axis 2 is out of range for rank 2"))
    }

    @Test func indexOutOfRange() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor<Float>.zeros([5, 3]).indexSelect(axis: 0, [1, 7])
        }
        #expect(Self.stderr(r).contains("indexSelect: index 7 (position 1) is out of range for axis 0 of size 5"))
    }

    @Test func wrongScalarCount() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor<Float>(shape: [2, 2], scalars: [1, 2, 3])
        }
        #expect(Self.stderr(r).contains("shape [2, 2] needs 4 scalars, got 3"))
    }

    @Test func meanOfEmpty() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor<Float>.zeros([0, 3]).mean(axis: 0)
        }
        #expect(Self.stderr(r).contains("mean: reducing axes [0] of shape [0, 3] averages over no elements"))
    }

    @Test func concatMismatch() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.concat([Tensor<Float>.zeros([2, 3]), Tensor<Float>.zeros([3, 3])], axis: 1)
        }
        #expect(Self.stderr(r).contains("concat: tensor 1 has shape [3, 3], incompatible with tensor 0 [2, 3]"))
    }

    @Test func parameterShapeIsFixed() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let p = Parameter(Tensor<Float>.zeros([2, 3]), name: "w")
            p.data = Tensor<Float>.zeros([3, 2])
        }
        #expect(Self.stderr(r).contains("Parameter w: cannot assign a tensor of shape [3, 2] to a parameter of shape [2, 3]"))
    }
}
