import Foundation

// Language-model metrics from a mean cross-entropy in nats (natural logarithm), the value `crossEntropy`
// returns with `.mean` reduction. Average over all predicted tokens: when batches differ in size, combine
// `sum of losses / number of tokens` (`.sum` reduction per batch), not the mean of the batch means.

/// Perplexity: exp(meanCrossEntropy). A uniform guess over V classes has cross-entropy ln(V) and
/// perplexity V.
///
///     perplexity(meanCrossEntropy: log(50))   // 50
public func perplexity(meanCrossEntropy: Double) -> Double {
    checkCrossEntropy(meanCrossEntropy, "perplexity")
    return Foundation.exp(meanCrossEntropy)
}

/// Perplexity of a scalar loss tensor (the `.mean` output of `crossEntropy`).
public func perplexity<S: TensorScalar>(meanCrossEntropy: Tensor<S>) -> Double {
    perplexity(meanCrossEntropy: Double(scalarLoss(meanCrossEntropy, "perplexity")))
}

/// Bits per character (or per token): meanCrossEntropy / ln(2), the cross-entropy in base 2. For a
/// character-level model this is the "bpc" of the literature (enwik8, text8).
///
///     bitsPerCharacter(meanCrossEntropy: log(2))   // 1
public func bitsPerCharacter(meanCrossEntropy: Double) -> Double {
    checkCrossEntropy(meanCrossEntropy, "bitsPerCharacter")
    return meanCrossEntropy / Foundation.log(2.0)
}

/// Bits per character of a scalar loss tensor.
public func bitsPerCharacter<S: TensorScalar>(meanCrossEntropy: Tensor<S>) -> Double {
    bitsPerCharacter(meanCrossEntropy: Double(scalarLoss(meanCrossEntropy, "bitsPerCharacter")))
}

/// Stops unless `x` is a finite cross-entropy >= 0.
private func checkCrossEntropy(_ x: Double, _ metric: String) {
    if !(x >= 0 && x.isFinite) {
        failure("\(metric): mean cross-entropy \(x) is not a finite number >= 0 (nats)")
    }
}

/// The value of a one-element tensor.
private func scalarLoss<S: TensorScalar>(_ loss: Tensor<S>, _ metric: String) -> S {
    if loss.count != 1 { failure("\(metric): expected a scalar loss, got shape \(loss.shape)") }
    return loss.scalars[0]
}
