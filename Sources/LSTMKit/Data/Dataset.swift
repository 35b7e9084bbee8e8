/// A collection of examples that can be read by position (PyTorch `torch.utils.data.Dataset`, map-style).
///
/// A dataset only has to say how many examples it has and give the example at a position; a ``DataLoader``
/// does the shuffling, batching and collation. Examples are computed on demand, so a dataset can be lazy
/// (windows cut from a long series, lines read from a file) or hold everything in memory (``ArrayDataset``).
///
///     struct Squares: Dataset {
///         var count: Int { 100 }
///         subscript(index: Int) -> (x: Float, y: Float) { (Float(index), Float(index * index)) }
///     }
///     let data = Squares()
///     data[3]                          // (x: 3.0, y: 9.0)
///     data.subset([0, 10, 20]).count   // 3
public protocol Dataset<Example> {
    /// The type of one example.
    associatedtype Example
    /// The number of examples; positions are `0..<count`.
    var count: Int { get }
    /// The example at `index` in `0..<count`.
    subscript(index: Int) -> Example { get }
}

extension Dataset {
    /// The examples at `indices` (in that order; repeats allowed) as a dataset that reads through to this one.
    ///
    ///     let data = ArrayDataset(["a", "b", "c", "d"])
    ///     let picked = data.subset([3, 1])     // picked[0] == "d", picked[1] == "b"
    ///
    /// An index outside `0..<count` stops with a message naming it.
    public func subset(_ indices: [Int]) -> DatasetSubset<Self> {
        DatasetSubset(base: self, indices: indices)
    }

    /// The examples at the positions in `range`.
    public func subset(_ range: Range<Int>) -> DatasetSubset<Self> {
        DatasetSubset(base: self, indices: Array(range))
    }

    /// All examples in order, as an array (reads every example once).
    public var allExamples: [Example] { (0..<count).map { self[$0] } }

    /// A dataset whose example `i` is `transform(self[i])`, computed when it is read.
    ///
    ///     let lengths = ArrayDataset(["ab", "cde"]).mapped { $0.count }   // lengths[1] == 3
    public func mapped<T>(_ transform: @escaping (Example) -> T) -> MappedDataset<Self, T> {
        MappedDataset(base: self, transform: transform)
    }
}

/// A dataset over an array of examples, kept in memory.
///
///     let data = ArrayDataset([SequenceExample<Float>(steps: [[1], [2]], target: .label(0))])
///     data.count    // 1
public struct ArrayDataset<Example>: Dataset {
    /// The examples, in order.
    public var examples: [Example]

    public init(_ examples: [Example]) { self.examples = examples }

    public var count: Int { examples.count }

    public subscript(index: Int) -> Example {
        if index < 0 || index >= examples.count {
            failure("ArrayDataset: index \(index) is out of range 0..<\(examples.count)")
        }
        return examples[index]
    }
}

extension ArrayDataset: Sendable where Example: Sendable {}

/// The examples of a base dataset at chosen positions (made by `Dataset.subset(_:)`).
public struct DatasetSubset<Base: Dataset>: Dataset {
    /// The dataset the examples come from.
    public let base: Base
    /// The positions in `base`, in the order of this dataset.
    public let indices: [Int]

    public init(base: Base, indices: [Int]) {
        for (position, i) in indices.enumerated() where i < 0 || i >= base.count {
            failure("Dataset.subset: index \(i) at position \(position) is out of range 0..<\(base.count)")
        }
        self.base = base
        self.indices = indices
    }

    public var count: Int { indices.count }

    public subscript(index: Int) -> Base.Example {
        if index < 0 || index >= indices.count {
            failure("DatasetSubset: index \(index) is out of range 0..<\(indices.count)")
        }
        return base[indices[index]]
    }
}

/// A dataset whose examples are those of a base dataset passed through a function (made by
/// `Dataset.mapped(_:)`).
public struct MappedDataset<Base: Dataset, Example>: Dataset {
    public let base: Base
    let transform: (Base.Example) -> Example

    public var count: Int { base.count }

    public subscript(index: Int) -> Example { transform(base[index]) }
}
