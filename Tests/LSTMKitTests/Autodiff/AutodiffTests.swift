import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct AutodiffTests {
    @Test func backwardFillsLeafGradients() {
        let x = Tensor<Double>([1, 2, 3]).requiringGrad()
        let y = (x * x).sum()          // dy/dx = 2x
        y.backward()
        #expect(x.grad?.scalars == [2, 4, 6])
    }

    @Test func gradientsAccumulateAcrossBackwardCalls() {
        let p = Parameter(Tensor<Double>([1, -2]))
        (p.value * 3).sum().backward()
        (p.value * p.value).sum().backward()   // + 2p
        #expect(p.grad?.scalars == [5, -1])
        p.grad = nil
        #expect(p.grad == nil)
    }

    @Test func reusedTensorSumsItsGradients() {
        // y = x * x + x: the two uses of x add up (2x + 1).
        let (_, g) = gradients(of: { x in (x[0] * x[0] + x[0]).sum() }, at: [Tensor<Double>([3])])
        #expect(g[0].scalars == [7])
    }

    @Test func pureGradientsLeaveParametersUntouched() {
        let p = Parameter(Tensor<Double>([2]))
        let (value, g) = gradients(of: { x in (x[0] * p.value).sum() }, at: [Tensor<Double>([5])])
        #expect(value.item == 10)
        #expect(g[0].scalars == [2])
        #expect(p.grad == nil)
    }

    @Test func unusedInputGetsZeroGradient() {
        let (_, g) = gradients(of: { x in x[0].sum() }, at: [Tensor<Double>([1]), Tensor<Double>([1, 2])])
        #expect(g[1].scalars == [0, 0])
    }

    @Test func noGradScopeRecordsNothing() {
        let x = Tensor<Double>([1, 2]).requiringGrad()
        let y = withoutGrad { x * 2 }
        #expect(!y.requiresGrad)
        #expect((x * 2).requiresGrad)
        #expect(GradMode.isEnabled)
    }

    @Test func detachedStopsGradient() {
        let (_, g) = gradients(of: { x in (x[0] * x[0].detached()).sum() }, at: [Tensor<Double>([3])])
        #expect(g[0].scalars == [3])
    }

    @Test func seedGradientForNonScalarOutput() {
        let x = Tensor<Double>([1, 2]).requiringGrad()
        (x * x).backward(seed: Tensor([1, 10]))
        #expect(x.grad?.scalars == [2, 40])
    }

    @Test func retainGraphAllowsSecondBackward() {
        let x = Tensor<Double>([3]).requiringGrad()
        let y = (x * x).sum()
        y.backward(retainGraph: true)
        y.backward()
        #expect(x.grad?.scalars == [12])
    }

    @Test func longChainDoesNotOverflowTheStack() {
        // 20,000 sequential ops: the topological sort is iterative.
        var y = Tensor<Double>([1]).requiringGrad()
        let x = y
        for _ in 0..<20_000 { y = y * 1.0 }
        y.sum().backward()
        #expect(x.grad?.scalars == [1])
    }

    @Test func multiOutputCustomOp() {
        // (s, d) = (a + b, a - b); loss = 2s + 3d  =>  da = 5, db = -1.
        let (_, g) = gradients(of: { x in
            let (a, b) = (x[0].detached(), x[1].detached())
            let outs = Tensor.customOp(name: "sumdiff", inputs: [x[0], x[1]], outputs: [a + b, a - b]) { d in
                [d[0] + d[1], d[0] - d[1]]
            }
            return (outs[0] * 2 + outs[1] * 3).sum()
        }, at: [Tensor<Double>([1]), Tensor<Double>([2])])
        #expect(g[0].scalars == [5])
        #expect(g[1].scalars == [-1])
    }

    @Test func gradientCheckerCatchesAWrongGradient() {
        // A deliberately wrong backward (factor 2 instead of 3): the checker must fail it.
        let result = checkGradients(at: [Tensor<Double>([0.5, -1])]) { x in
            let v = x[0].detached()
            return Tensor.customOp(name: "wrongCube", inputs: [x[0]],
                                   outputs: [Tensor(shape: v.shape, scalars: v.scalars.map { $0 * $0 * $0 })]) { g in
                [g[0] * v * v * 2]
            }[0]
        }
        #expect(!result.passed)
        #expect(result.description.contains("FAILED"))
    }

    @Test func backwardTwiceWithoutRetainIsAClearError() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor<Double>([1, 2]).requiringGrad()
            let y = (x * x).sum()
            y.backward()
            y.backward()
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("already released"))
        #expect(text.contains("retainGraph"))
    }

    @Test func backwardOnNonScalarWithoutSeedIsAClearError() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let x = Tensor<Double>([1, 2]).requiringGrad()
            (x * x).backward()
        }
        let text = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(text.contains("shape [2]"))
        #expect(text.contains("seed"))
    }
}
