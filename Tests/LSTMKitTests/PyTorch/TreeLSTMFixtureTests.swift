import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// The Tree-LSTM cells against Fixtures/tree-lstm.json (Tools/fixtures/tree_lstm.py: PyTorch autograd over the
/// paper's equations, one node at a time): h and c of every node and the gradients of
/// sum(h * U_h) + sum(c * U_c) for x and every parameter, for both the level-batched pass and the one-node
/// reference, Double (1e-10) and Float (1e-5). Cases: a single leaf, forests with unary and wide nodes, deep trees.
@Suite struct TreeLSTMFixtureTests {
    struct Case: Decodable, Sendable {
        struct Record: Decodable, Sendable {
            let inputs, upstream, outputs, grads: [String: FixtureTensor]
        }
        let name, cell: String
        let input_size, hidden_size: Int
        let children: [[Int]]
        let float64, float32: Record
    }

    struct File: Decodable, Sendable {
        let torch_version: String
        let cases: [Case]
    }

    static let file: File? = try? Fixtures.load("tree-lstm")

    @Test func fileLoads() throws {
        let file = try Fixtures.load("tree-lstm", as: File.self)
        #expect(file.cases.count == 6)
        #expect(Set(file.cases.map(\.cell)) == ["binary", "childsum"])
    }

    @Test(arguments: TreeLSTMFixtureTests.file?.cases.map(\.name) ?? [])
    func cellMatchesPyTorch(_ name: String) throws {
        let fixture = try #require(Self.file?.cases.first { $0.name == name })
        check(fixture, fixture.float64, Double.self, tolerance: Precision.float64.tolerance)
        check(fixture, fixture.float32, Float.self, tolerance: Precision.float32.tolerance)
    }

    func check<S: TensorScalar>(_ c: Case, _ record: Case.Record, _: S.Type, tolerance: Double) {
        let cell: any TreeLSTMCell<S> = c.cell == "binary"
            ? BinaryTreeLSTMCell<S>(inputSize: c.input_size, hiddenSize: c.hidden_size)
            : ChildSumTreeLSTMCell<S>(inputSize: c.input_size, hiddenSize: c.hidden_size)
        let names = ["weightIH": "weight_ih", "weightHH": "weight_hh", "biasIH": "bias_ih", "biasHH": "bias_hh"]
        for (path, parameter) in cell.namedParameters() { parameter.data = record.inputs[names[path]!]!.tensor() }
        let tree = TreeBatch(children: c.children)
        let x: Tensor<S> = record.inputs["x"]!.tensor()
        let (uh, uc): (Tensor<S>, Tensor<S>) = (record.upstream["h"]!.tensor(), record.upstream["c"]!.tensor())
        let runs: [(String, (Tensor<S>) -> LSTMState<S>)] = [("level-batched", { cell($0, tree: tree) }),
                                                              ("node by node", { cell.nodeByNode($0, tree: tree) })]
        for (how, run) in runs {
            let label = "\(c.name) [\(S.self), \(how)]"
            func close(_ actual: Tensor<S>?, _ key: String, _ expected: FixtureTensor?) {
                guard let actual, let expected else { Issue.record("\(label): \(key) missing"); return }
                expectClose(actual.detached(), expected.tensor(), atol: tolerance, rtol: tolerance, "\(label) \(key)")
            }
            cell.zeroGrad()
            let leaf = x.requiringGrad()
            let s = run(leaf)
            close(s.h, "h", record.outputs["h"])
            close(s.c, "c", record.outputs["c"])
            ((s.h * uh).sum() + (s.c * uc).sum()).backward()
            close(leaf.grad, "dx", record.grads["x"])
            for (path, parameter) in cell.namedParameters() { close(parameter.grad, "d \(path)", record.grads[names[path]!]) }
        }
    }
}
