import Foundation
import LSTMKit

/// The Stanford Sentiment Treebank as `lstm train sst` uses it: the three files of a folder, the trees kept
/// in the config's setting (binary drops neutral roots), and the vocabulary of the training trees.
public struct SSTData: Sendable {
    public var train: [LabeledTree]
    public var dev: [LabeledTree]
    public var test: [LabeledTree]
    public var vocabulary: Vocabulary

    public static let fileNames = ["train.txt", "dev.txt", "test.txt"]

    /// Reads `folder`/{train,dev,test}.txt (see `TreebankFile`); a missing folder or file is a one-line error.
    public static func read(_ folder: String, config: SSTConfig) throws -> SSTData {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ConfigError("data", "\(folder): no such folder (give --data DIR with SST's train.txt, dev.txt and test.txt)")
        }
        let url = URL(fileURLWithPath: folder)
        let parts = try fileNames.map { name -> [LabeledTree] in
            let trees = try TreebankFile.read(url.appendingPathComponent(name)).trees
            return trees.filter { config.target($0.label) != nil }.map { config.lowercase ? lowercased($0) : $0 }
        }
        for (name, trees) in zip(fileNames, parts) where trees.isEmpty {
            throw TaskError("\(url.appendingPathComponent(name).path): no tree has a non-neutral root label")
        }
        let vocabulary = Vocabulary(from: parts[0].lazy.flatMap(\.words), specials: SentimentText.specials,
                                    minFrequency: config.minCount)
        return SSTData(train: parts[0], dev: parts[1], test: parts[2], vocabulary: vocabulary)
    }

    static func lowercased(_ tree: LabeledTree) -> LabeledTree {
        if let word = tree.word { return LabeledTree(label: tree.label, word: word.lowercased()) }
        return LabeledTree(label: tree.label, children: tree.children.map(lowercased))
    }

    /// Trees of another file for a trained model (evaluation on other data).
    static func read(file: String, config: SSTConfig) throws -> [LabeledTree] {
        var isDirectory: ObjCBool = false
        var url = URL(fileURLWithPath: file)
        if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
            url = url.appendingPathComponent("test.txt")
        }
        let trees = try TreebankFile.read(url).trees.filter { config.target($0.label) != nil }
        if trees.isEmpty { throw TaskError("\(url.path): no tree has a non-neutral root label") }
        return config.lowercase ? trees.map(lowercased) : trees
    }
}

/// A batch of trees for a `TreeSentimentClassifier`: the forest by level, each node's word ID (0, `<pad>`,
/// at inner nodes: a zero input) and its class (-1: no loss, a neutral phrase in the binary setting).
public struct SSTTreeBatch: Sendable {
    public var tree: TreeBatch
    public var wordIDs: [Int]
    public var targets: [Int]

    public init(_ trees: [LabeledTree], vocabulary: Vocabulary, config: SSTConfig) {
        let (tree, labels, words) = TreeBatch.flatten(trees)
        let unknown = vocabulary.unknownID ?? 1
        self.tree = tree
        wordIDs = words.map { $0.map { vocabulary.id(of: $0) ?? unknown } ?? 0 }
        targets = labels.map { config.target($0) ?? -1 }
    }

    /// The trees' classes (their roots').
    public var rootTargets: [Int] { tree.roots.map { targets[$0] } }
}
