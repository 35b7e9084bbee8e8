/// Which examples go to training, validation and test: three disjoint lists of positions in `0..<count`.
///
///     let rng = RandomSource(seed: 0)
///     let s = SplitIndices.random(count: 100, train: 0.8, validation: 0.1, using: rng)
///     s.train.count, s.validation.count, s.test.count           // 80, 10, 10
///     let trainSet = data.subset(s.train)                        // or x.indexSelect(axis: 0, s.train)
///
///     let c = SplitIndices.chronological(count: 100, train: 0.7, validation: 0.15)
///     c.train == Array(0..<70), c.validation == Array(70..<85), c.test == Array(85..<100)
///
///     let g = SplitIndices.grouped(groups: subjectOfEachExample, train: 0.7, validation: 0.15, using: rng)
///     // every subject's examples are all in one of g.indices.train / .validation / .test
///
/// Sizes: the fractions must be >= 0 with `train + validation <= 1`; test gets the rest. Counts are rounded
/// cumulatively, `nTrain = round(train * N)`, `nTrain + nVal = round((train + validation) * N)`, so they always
/// add up to N. Lists are in increasing order.
public struct SplitIndices: Sendable, Equatable, Codable {
    public var train: [Int]
    public var validation: [Int]
    public var test: [Int]

    public init(train: [Int], validation: [Int], test: [Int]) {
        self.train = train
        self.validation = validation
        self.test = test
    }

    /// The sizes (nTrain, nValidation) for N items, rounded cumulatively.
    static func sizes(_ n: Int, train: Double, validation: Double, _ op: String) -> (Int, Int) {
        let ok = train >= 0 && validation >= 0 && train + validation <= 1 + 1e-9
        if !ok || !train.isFinite || !validation.isFinite {
            failure("SplitIndices.\(op): fractions train \(train), validation \(validation) must be >= 0 "
                    + "with train + validation <= 1 (test gets the rest)")
        }
        if n < 0 { failure("SplitIndices.\(op): count \(n) must be >= 0") }
        let nTrain = Int((train * Double(n)).rounded())
        let nTrainVal = Swift.min(n, Int(((train + validation) * Double(n)).rounded()))
        return (Swift.min(nTrain, n), Swift.max(0, nTrainVal - nTrain))
    }

    /// A seeded random split: a permutation of `0..<count` from `rng`, cut at the rounded sizes, each part
    /// sorted.
    public static func random(count: Int, train: Double, validation: Double = 0,
                              using rng: RandomSource) -> SplitIndices {
        let (nTrain, nVal) = sizes(count, train: train, validation: validation, "random")
        let p = rng.permutation(count)
        return SplitIndices(train: p[0..<nTrain].sorted(),
                            validation: p[nTrain..<(nTrain + nVal)].sorted(),
                            test: p[(nTrain + nVal)...].sorted())
    }

    /// A chronological split with no shuffling: the first `train` fraction, then validation, then test.
    ///
    /// `gap` items are dropped before the validation and before the test part, so windows built on one side
    /// cannot see values of the other (use the window length + horizon - 1 for window datasets that share
    /// rows). The fractions are applied to `count` before the gaps are removed from the later parts.
    public static func chronological(count: Int, train: Double, validation: Double = 0,
                                     gap: Int = 0) -> SplitIndices {
        let (nTrain, nVal) = sizes(count, train: train, validation: validation, "chronological")
        if gap < 0 { failure("SplitIndices.chronological: gap \(gap) must be >= 0") }
        let valEnd = nTrain + nVal
        let valStart = Swift.min(nTrain + gap, valEnd)
        // The test part follows validation (or train, when there is no validation part) after a gap.
        let testStart = Swift.min((nVal > 0 ? valEnd : nTrain) + gap, count)
        return SplitIndices(train: Array(0..<nTrain), validation: Array(valStart..<valEnd),
                            test: Array(Swift.max(testStart, valEnd)..<count))
    }

    /// A grouped split: all examples of a group (a subject, a speaker, a recording) land on the same side,
    /// so a model is tested on groups it never saw.
    ///
    /// The distinct groups are shuffled with `rng`; then each group, in that order, goes to the part that is
    /// furthest below its target size (`fraction * N` examples; ties to train, then validation, then test;
    /// parts with fraction 0 get nothing). Sizes match the fractions as closely as whole groups allow.
    ///
    /// - Parameters:
    ///   - groups: the group of each example (`groups[i]` for example i).
    ///   - train: the fraction of the examples for training, >= 0.
    ///   - validation: the fraction for validation, >= 0 (train + validation <= 1; the test part gets the rest).
    ///   - rng: shuffles the distinct groups.
    public static func grouped<G: Hashable>(groups: [G], train: Double, validation: Double = 0,
                                            using rng: RandomSource) -> GroupedSplit<G> {
        _ = sizes(groups.count, train: train, validation: validation, "grouped")
        var members: [G: [Int]] = [:]
        var distinct: [G] = []
        for (i, g) in groups.enumerated() {
            if members[g] == nil { distinct.append(g) }
            members[g, default: []].append(i)
        }
        let n = Double(groups.count)
        let testFraction = 1 - train - validation
        let targets = [train, validation, testFraction > 1e-9 ? testFraction : 0].map { $0 * n }
        var parts: [[G]] = [[], [], []]
        var filled = [0.0, 0.0, 0.0]
        for k in rng.permutation(distinct.count) {
            let g = distinct[k]
            var best = -1
            for p in 0..<3 where targets[p] > 0 && (best < 0 || targets[p] - filled[p] > targets[best] - filled[best]) {
                best = p
            }
            if best < 0 { best = 0 }
            parts[best].append(g)
            filled[best] += Double(members[g]!.count)
        }
        func indices(_ p: Int) -> [Int] { parts[p].flatMap { members[$0]! }.sorted() }
        return GroupedSplit(indices: SplitIndices(train: indices(0), validation: indices(1), test: indices(2)),
                            trainGroups: parts[0], validationGroups: parts[1], testGroups: parts[2])
    }
}

/// The result of ``SplitIndices/grouped(groups:train:validation:using:)``: example positions and which
/// groups went where (in the seeded order they were assigned).
public struct GroupedSplit<G: Hashable> {
    public var indices: SplitIndices
    public var trainGroups: [G]
    public var validationGroups: [G]
    public var testGroups: [G]
}

extension GroupedSplit: Sendable where G: Sendable {}
extension GroupedSplit: Equatable where G: Equatable {}
