/// How `Attention` scores a query q [Dq] against a key k [Dk] (the equations are on `Attention`).
public enum AttentionScore: String, Codable, CaseIterable, Sendable {
    /// Bahdanau et al. 2015, "Neural Machine Translation by Jointly Learning to Align and Translate":
    /// `v^T tanh(W_q q + W_k k)`, a one-hidden-layer network of width A.
    case additive
    /// Luong et al. 2015, "Effective Approaches to Attention-based Neural Machine Translation": `q^T k`
    /// (needs Dq == Dk).
    case dot
    /// Luong et al. 2015: `q^T W k` with W [Dq, Dk].
    case general
    /// Vaswani et al. 2017, "Attention Is All You Need": `q^T k / sqrt(Dk)` (needs Dq == Dk).
    case scaledDot = "scaled-dot"

    /// The first problem with these sizes for this scoring as (field, message), or nil. Fields are named as
    /// `Attention.init`'s arguments.
    public func problem(querySize: Int, keySize: Int, attentionSize: Int) -> (field: String, message: String)? {
        for (field, value) in [("querySize", querySize), ("keySize", keySize)] where value < 1 {
            return (field, "must be at least 1, got \(value)")
        }
        if attentionSize < 0 { return ("attentionSize", "must be >= 0, got \(attentionSize)") }
        if attentionSize > 0 && self != .additive {
            return ("attentionSize", "only the additive score has a hidden layer; use 0 with \(rawValue)")
        }
        if (self == .dot || self == .scaledDot) && querySize != keySize {
            return ("keySize", "the \(rawValue) score needs querySize == keySize, got \(querySize) and \(keySize) " +
                    "(use general or additive for different sizes)")
        }
        return nil
    }
}
