import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// The two Tree-LSTM cells: the level-batched forward pass equals the one-node-at-a-time reference (outputs
/// and every gradient) on a forest with a single leaf, a unary chain, a deep tree and a wide node; the
/// reference passes finite-difference gradient checks in Double; the equations hold on one node.
@Suite struct TreeLSTMCellTests {
    /// Four trees: a single leaf; a balanced binary tree; a left-deep tree (height 5, a unary node inside);
    /// for the child-sum cell also a node with three children.
    static func forest(wide: Bool) -> TreeBatch {
        var children: [[Int]] = []
        func add(_ kids: [Int]) -> Int { children.append(kids); return children.count - 1 }
        _ = add([])                                                         // single leaf
        let a = add([]), b = add([]), c = add([]), d = add([])              // balanced: ((a b) (c d))
        _ = add([add([a, b]), add([c, d])])
        var spine = add([])                                                 // deep: (((((x y) z) u) v) w)
        for k in 0..<4 {
            let leaf = add([])
            spine = add([spine, leaf])
            if k == 1 { spine = add([spine]) }                              // a unary node
        }
        if wide { _ = add([add([]), add([]), add([])]) }                    // three children
        return TreeBatch(children: children)
    }

    func cells(_ rng: RandomSource) -> [(String, any TreeLSTMCell<Double>, TreeBatch)] {
        [("child-sum", ChildSumTreeLSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: rng), Self.forest(wide: true)),
         ("binary", BinaryTreeLSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: rng), Self.forest(wide: false))]
    }

    @Test func forestHasTheLevelsItClaims() {
        let tree = Self.forest(wide: true)
        #expect(tree.levels.count == 6)
        #expect(tree.roots.count == 4)
        #expect(tree.levels.flatMap { $0 }.sorted() == Array(0..<tree.nodeCount))
        for (height, nodes) in tree.levels.enumerated() {
            for n in nodes { #expect(tree.children[n].allSatisfy { child in !tree.levels[height...].joined().contains(child) }) }
        }
    }

    @Test func levelBatchedEqualsNodeByNodeInOutputsAndEveryGradient() {
        for (name, cell, tree) in cells(RandomSource(seed: 3)) {
            let x = randomTensor([tree.nodeCount, 5], seed: 11)
            let byLevel = namedRecurrentResults(cell, inputs: [x]) { v in let s = cell(v[0], tree: tree); return [s.h, s.c] }
            let byNode = namedRecurrentResults(cell, inputs: [x]) { v in let s = cell.nodeByNode(v[0], tree: tree); return [s.h, s.c] }
            #expect(byLevel.count == byNode.count)
            for ((what, a), (_, b)) in zip(byLevel, byNode) {
                expectClose(a, b, atol: 1e-12, rtol: 1e-12, "\(name) \(what)")
            }
        }
    }

    @Test func gradientsMatchFiniteDifferences() {
        for (name, cell, tree) in cells(RandomSource(seed: 4)) {
            let x = randomTensor([tree.nodeCount, 5], seed: 12)
            expectGradientsMatch([x], parameters: cell.parameters()) { v in
                let s = cell(v[0], tree: tree)
                return Tensor.concat([s.h, s.c], axis: 1)
            }
            _ = name
        }
    }

    @Test func childSumNodeWithOneChildIsAnLSTMStep() {
        let rng = RandomSource(seed: 5)
        let cell = ChildSumTreeLSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: rng)
        let lstm = LSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: rng)
        for (a, b) in zip([cell.weightIH, cell.weightHH, cell.biasIH, cell.biasHH],
                          [lstm.weightIH, lstm.weightHH, lstm.biasIH!, lstm.biasHH!]) { b.data = a.data }
        let x = randomTensor([1, 5], seed: 1)
        let child = LSTMState(h: randomTensor([1, 4], seed: 2), c: randomTensor([1, 4], seed: 3))
        let tree = cell.node(x, children: [child])
        let step = lstm.step(x, state: child).state
        expectClose(tree.h, step.h, atol: 1e-14, rtol: 1e-14, "h")
        expectClose(tree.c, step.c, atol: 1e-14, rtol: 1e-14, "c")
    }

    @Test func binaryLeafFollowsTheEquations() {
        // A leaf: no children, so c = i * g and h = o * tanh(c) from x alone.
        let cell = BinaryTreeLSTMCell<Double>(inputSize: 3, hiddenSize: 2, rng: RandomSource(seed: 6))
        let x = randomTensor([1, 3], seed: 7)
        let z = (matmul(x, cell.weightIH.value, transposeB: true) + cell.biasIH.value + cell.biasHH.value).scalars
        func sig(_ v: Double) -> Double { 1 / (1 + Foundation.exp(-v)) }
        let s = cell.node(x, children: [])
        for j in 0..<2 {
            let c = sig(z[j]) * Foundation.tanh(z[6 + j])
            #expect(abs(s.c.scalars[j] - c) < 1e-14)
            #expect(abs(s.h.scalars[j] - sig(z[8 + j]) * Foundation.tanh(c)) < 1e-14)
        }
    }

    @Test func floatLevelBatchedMatchesDouble() {
        let tree = Self.forest(wide: false)
        let cell = BinaryTreeLSTMCell<Double>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 8))
        let cellF = BinaryTreeLSTMCell<Float>(inputSize: 5, hiddenSize: 4, rng: RandomSource(seed: 8))
        for (a, b) in zip(cell.parameters(), cellF.parameters()) { b.data = a.data.converted(to: Float.self) }
        let x = randomTensor([tree.nodeCount, 5], seed: 9)
        expectClose(cellF(x.converted(to: Float.self), tree: tree).h.converted(to: Double.self), cell(x, tree: tree).h,
                    atol: 1e-5, rtol: 1e-5, "h")
    }
}
