/// What one sequence is trained to predict. All examples collated into one batch must have the same kind
/// of target (and the same shape of value targets).
///
/// - `none`: no target (inference, or a target kept elsewhere).
/// - `label(c)`: one class index for the whole sequence (sequence classification).
/// - `value(v)`: one regression tensor for the whole sequence, any shape (e.g. [K]).
/// - `tokens(ids)`: one class / token index per step, as many as the sequence has steps (tagging, language
///   modelling).
/// - `stepValues(v)`: one regression vector per step, [length, K] (sequence-to-sequence regression).
public enum SequenceTarget<Scalar: TensorScalar> {
    case none
    case label(Int)
    case value(Tensor<Scalar>)
    case tokens([Int])
    case stepValues(Tensor<Scalar>)

    /// The name of the case, for error messages.
    var kindName: String {
        switch self {
        case .none: "none"
        case .label: "label"
        case .value: "value"
        case .tokens: "tokens"
        case .stepValues: "stepValues"
        }
    }
}

/// One sequence of feature vectors, [length, D] (e.g. sensor readings), with its target. Collate a batch of
/// them into a ``SequenceBatch``.
///
///     let x = SequenceExample<Float>(steps: [[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]], target: .label(1))
///     x.length        // 3
///     x.featureCount  // 2
public struct SequenceExample<Scalar: TensorScalar> {
    /// The features of every step, row-major [length, featureCount].
    public var features: [Scalar]
    /// The number of steps.
    public let length: Int
    /// D, the number of features per step.
    public let featureCount: Int
    /// What the sequence is trained to predict.
    public var target: SequenceTarget<Scalar>

    /// A sequence from one feature vector per step; every step must have `featureCount` features
    /// (inferred from the first step when nil; give it for an empty sequence).
    public init(steps: [[Scalar]], featureCount: Int? = nil, target: SequenceTarget<Scalar> = .none) {
        let d = featureCount ?? steps.first?.count ?? 0
        for (t, step) in steps.enumerated() where step.count != d {
            failure("SequenceExample: step \(t) has \(step.count) features, expected \(d)")
        }
        self.features = steps.flatMap { $0 }
        self.length = steps.count
        self.featureCount = d
        self.target = target
    }

    /// A sequence from a [length, D] tensor.
    public init(_ steps: Tensor<Scalar>, target: SequenceTarget<Scalar> = .none) {
        if steps.rank != 2 {
            failure("SequenceExample: steps must have shape [length, D], got \(steps.shape)")
        }
        self.features = steps.scalars
        self.length = steps.shape[0]
        self.featureCount = steps.shape[1]
        self.target = target
    }

    /// The features as a [length, D] tensor.
    public var tensor: Tensor<Scalar> { Tensor(shape: [length, featureCount], scalars: features) }
}

/// One sequence of token IDs (from a ``Vocabulary``) with its target, for models that start with an
/// `Embedding`. Collate a batch of them into a ``TokenBatch``.
///
///     let review = TokenSequenceExample<Float>(tokens: [5, 9, 2], target: .label(1))
///     let lm = TokenSequenceExample<Float>.languageModel([1, 5, 9, 2])
///     lm.tokens       // [1, 5, 9]     each step predicts the next token:
///     lm.target       // .tokens([5, 9, 2])
public struct TokenSequenceExample<Scalar: TensorScalar> {
    /// The token IDs, one per step.
    public var tokens: [Int]
    /// What the sequence is trained to predict.
    public var target: SequenceTarget<Scalar>

    public init(tokens: [Int], target: SequenceTarget<Scalar> = .none) {
        self.tokens = tokens
        self.target = target
    }

    /// The number of steps.
    public var length: Int { tokens.count }

    /// A next-token prediction example: inputs `ids[0..<n-1]`, targets `ids[1..<n]` (n >= 2).
    public static func languageModel(_ ids: [Int]) -> TokenSequenceExample {
        if ids.count < 2 {
            failure("TokenSequenceExample.languageModel: needs at least 2 tokens, got \(ids.count)")
        }
        return TokenSequenceExample(tokens: Array(ids.dropLast()), target: .tokens(Array(ids.dropFirst())))
    }
}
