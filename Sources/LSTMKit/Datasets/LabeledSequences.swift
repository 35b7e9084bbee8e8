import Foundation

/// One labelled sequence: `steps` time steps of `featureCount` features (row-major `[T, D]`) and a class.
public struct LabeledSequence: Sendable, Equatable {
    /// The features, row-major [T, D].
    public var values: [Float]
    /// The number of time steps T.
    public var steps: Int
    /// The class index in 0..<classCount.
    public var label: Int
    /// Who produced it (HAPT subject, Japanese Vowels speaker...), or 0 when the dataset has no groups.
    public var group: Int

    public init(values: [Float], steps: Int, label: Int, group: Int = 0) {
        self.values = values
        self.steps = steps
        self.label = label
        self.group = group
    }
}

/// A sequence-classification dataset: examples with a common feature count, and the class names.
///
///     let digits = try DigitsDataset.load(URL(fileURLWithPath: "Data/digits-8x8/digits.csv.gz"))
///     digits.examples.count, digits.featureCount, digits.classNames   // 1797, 8, ["0", ..., "9"]
public struct LabeledSequences: Sendable {
    /// The features per time step D.
    public var featureCount: Int
    /// The name of each class (index = label).
    public var classNames: [String]
    public var examples: [LabeledSequence]

    public init(featureCount: Int, classNames: [String], examples: [LabeledSequence]) {
        self.featureCount = featureCount
        self.classNames = classNames
        self.examples = examples
    }

    public var classCount: Int { classNames.count }
    public var count: Int { examples.count }

    /// The examples at `indices`, in that order.
    public func subset(_ indices: [Int]) -> LabeledSequences {
        LabeledSequences(featureCount: featureCount, classNames: classNames, examples: indices.map { examples[$0] })
    }

    /// How many examples each class has.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for e in examples { counts[e.label] += 1 }
        return counts
    }

    /// A scaler fitted on every time step of every example (each feature separately). Fit it on the
    /// training part only.
    public func fittedScaler<S: Scaler>(_ scaler: S) -> S {
        var s = scaler
        let values = examples.flatMap { $0.values.map(Double.init) }
        if values.isEmpty { failure("LabeledSequences.fittedScaler: no examples to fit on") }
        s.fit(values: values, featureCount: featureCount)
        return s
    }

    /// Every example's features mapped by the fitted `scaler`: `x[t, f] * multiplier[f] + offset[f]`.
    public func scaled<S: Scaler>(by scaler: S) -> LabeledSequences {
        if scaler.featureCount != featureCount {
            failure("LabeledSequences.scaled: scaler has \(scaler.featureCount.map(String.init) ?? "no (unfitted)") " +
                    "features, the data has \(featureCount)")
        }
        let a = scaler.multipliers.map(Float.init), b = scaler.offsets.map(Float.init), d = featureCount
        var copy = self
        for i in copy.examples.indices {
            copy.examples[i].values = copy.examples[i].values.enumerated().map { k, v in v * a[k % d] + b[k % d] }
        }
        return copy
    }
}

/// A dataset cut into the parts used for training (`train`), checkpoint selection / early stopping
/// (`validation`) and the final report (`test`), with a sentence saying how it was made.
public struct ClassificationSplit: Sendable {
    public var train: LabeledSequences
    public var validation: LabeledSequences
    public var test: LabeledSequences
    /// How the split was made (official split, seed, subjects), for logs and docs.
    public var summary: String

    public init(train: LabeledSequences, validation: LabeledSequences, test: LabeledSequences, summary: String) {
        self.train = train
        self.validation = validation
        self.test = test
        self.summary = summary
    }
}

extension ClassificationSplit {
    /// Official train and test sets, with a stratified `validationFraction` of `train` held out for validation
    /// (seeded with `seed`): `train` minus validation, validation, and all of `test`, in their order.
    public init(train: LabeledSequences, test: LabeledSequences, validationFraction: Double = 0.1, seed: UInt64 = 42) {
        let s = SplitIndices.stratified(labels: train.examples.map(\.label), train: 1 - validationFraction,
                                        validation: validationFraction, using: RandomSource(seed: seed))
        let percent = String(format: "%g", validationFraction * 100)
        self.init(train: train.subset(s.train), validation: train.subset(s.validation), test: test,
                  summary: "official train/test files; validation = stratified \(percent)% of the training file " +
                           "(seed \(seed)): \(s.train.count) train, \(s.validation.count) validation, \(test.count) test")
    }

    /// A stratified random split of one dataset (per class: `train`, `validation`, the rest test), seeded with
    /// `seed`; each part keeps the original order. See ``SplitIndices/stratified(labels:train:validation:using:)``.
    public init(stratifying data: LabeledSequences, train: Double = 0.8, validation: Double = 0.1, seed: UInt64 = 42) {
        let s = SplitIndices.stratified(labels: data.examples.map(\.label), train: train, validation: validation,
                                        using: RandomSource(seed: seed))
        let parts = [train, validation, 1 - train - validation].map { String(format: "%g", ($0 * 100).rounded()) }
        self.init(train: data.subset(s.train), validation: data.subset(s.validation), test: data.subset(s.test),
                  summary: "stratified random split \(parts.joined(separator: "/")) (seed \(seed)): \(s.train.count) " +
                           "train, \(s.validation.count) validation, \(s.test.count) test")
    }
}

extension SplitIndices {
    /// A seeded split that keeps each class's share in every part (scikit-learn's stratified
    /// `train_test_split`): the examples of each class are shuffled with `rng` and cut at the rounded
    /// fractions (cumulative rounding per class), then each part is sorted.
    public static func stratified(labels: [Int], train: Double, validation: Double = 0,
                                  using rng: RandomSource) -> SplitIndices {
        var byClass: [Int: [Int]] = [:]
        for (i, label) in labels.enumerated() { byClass[label, default: []].append(i) }
        var result = SplitIndices(train: [], validation: [], test: [])
        for label in byClass.keys.sorted() {
            let members = byClass[label]!
            let part = SplitIndices.random(count: members.count, train: train, validation: validation, using: rng)
            result.train += part.train.map { members[$0] }
            result.validation += part.validation.map { members[$0] }
            result.test += part.test.map { members[$0] }
        }
        return SplitIndices(train: result.train.sorted(), validation: result.validation.sorted(),
                            test: result.test.sorted())
    }
}
