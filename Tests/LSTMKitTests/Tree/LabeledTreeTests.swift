import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// Reading SST's bracketed trees: the example of the paper's figure, round trips, the flattened forest, and
/// every malformed case as one error naming the column (and, through `TreebankFile`, the file and line).
@Suite struct LabeledTreeTests {
    @Test func readsTheSSTExample() throws {
        let tree = try LabeledTree(bracketed: "(3 (2 It) (4 (2 's) (3 good)))")
        #expect(tree.label == 3)
        #expect(tree.words == ["It", "'s", "good"])
        #expect(tree.children.map(\.label) == [2, 4])
        #expect(tree.children[1].children.map(\.label) == [2, 3])
        #expect(tree.nodeCount == 5 && tree.height == 2)
        #expect(tree.bracketed == "(3 (2 It) (4 (2 's) (3 good)))")
        #expect(try LabeledTree(bracketed: "  (1   (0\tbad) ( 2 film ) ) ") ==
                LabeledTree(label: 1, children: [LabeledTree(label: 0, word: "bad"), LabeledTree(label: 2, word: "film")]))
        #expect(try LabeledTree(bracketed: "(4 great)") == LabeledTree(label: 4, word: "great"))
        #expect(try LabeledTree(bracketed: "(2 (3 (1 x)))").height == 2)                    // unary chain
        #expect(try LabeledTree(bracketed: "(2 (2 8  1\\/2) (3 good))").words == ["8 1\\/2", "good"])  // SST's leaf
    }

    @Test(arguments: [
        ("(3 (2 It) (4 good)", 19, "unbalanced brackets"),
        ("(3 (2 It)) (4 good))", 12, "text after the tree"),
        ("(3 (2 It) (4 good)))", 20, "unbalanced brackets: ')' closes no open node"),
        ("(It)", 2, "missing label after '(': found 'It'"),
        ("((2 a))", 2, "missing label after '('"),
        ("(7 a)", 2, "label 7 is out of range 0-4"),
        ("(3 (2 ) (2 b))", 7, "empty leaf"),
        ("(3 (2 a) (2 b)) x", 17, "text after the tree's closing ')': 'x'"),
        ("(2 a (2 b))", 6, "a node has either one word or subtrees"),
        ("(2 (2 a) b)", 10, "word 'b' beside subtrees"),
        ("", 1, "empty tree"),
        ("good", 1, "expected '(' to open a tree"),
    ])
    func malformedTreesAreOneError(_ text: String, _ column: Int, _ message: String) {
        do {
            _ = try LabeledTree(bracketed: text)
            Issue.record("\(text) was accepted")
        } catch let error as TreeSyntaxError {
            #expect(error.column == column, "\(text): \(error)")
            #expect(error.description.contains(message), "\(text): \(error)")
            #expect(!error.description.contains("\n"))
        } catch { Issue.record("\(error)") }
    }

    @Test func depthIsBounded() {
        let deep = String(repeating: "(2 ", count: LabeledTree.maximumDepth + 1) + "x" +
            String(repeating: ")", count: LabeledTree.maximumDepth + 1)
        #expect(throws: TreeSyntaxError.self) { try LabeledTree(bracketed: deep) }
    }

    @Test func flattenNumbersChildrenFirstTreeAfterTree() throws {
        let trees = [try LabeledTree(bracketed: "(3 (2 It) (4 (2 's) (3 good)))"), try LabeledTree(bracketed: "(0 bad)")]
        let (batch, labels, words) = TreeBatch.flatten(trees)
        #expect(batch.children == [[], [], [], [1, 2], [0, 3], []])
        #expect(labels == [2, 2, 3, 4, 3, 0])
        #expect(words == ["It", "'s", "good", nil, nil, "bad"])
        #expect(batch.roots == [4, 5])
        #expect(batch.levels == [[0, 1, 2, 5], [3], [4]])
    }

    @Test func treebankFileNamesFileLineAndColumn() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("treebank-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.txt"), bad = dir.appendingPathComponent("bad.txt")
        try "(3 (2 It) (4 good))\n\n(0 bad)\n".write(to: good, atomically: true, encoding: .utf8)
        try "(3 (2 It) (4 good))\n(1 (2 a) (0 b)\n".write(to: bad, atomically: true, encoding: .utf8)
        let file = try TreebankFile.read(good)
        #expect(file.trees.count == 2 && file.lineNumbers == [1, 3])
        do {
            _ = try TreebankFile.read(bad)
            Issue.record("bad.txt was accepted")
        } catch let error as DatasetError {
            #expect(error.description == "\(bad.path):2: column 15: unbalanced brackets: 1 node(s) still open at " +
                    "the end (the innermost opened at column 1)")
        }
        #expect(throws: DatasetError.self) { try TreebankFile.read(dir.appendingPathComponent("missing.txt")) }
    }
}
