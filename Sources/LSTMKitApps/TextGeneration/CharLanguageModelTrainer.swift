import LSTMKit
/// Stateful truncated backpropagation through time for a ``CharLanguageModel`` (char-rnn's training loop),
/// one optimizer step at a time so that a budget can be counted in steps or in minutes:
///
///     for each batch k of corpus.statefulBatches(batchSize: B, steps: T):   (B streams, T characters)
///         logits, final = model(batch.inputs, states)       // states: the detached final states of k - 1
///         loss = crossEntropy(logits, batch.targets)         // nats per character
///         zeroGrad; loss.backward()                          // gradients stop at the batch boundary
///         clip the global gradient norm to clipNorm; optimizer.step()
///         states = final.detached()
///     after the last batch: a new epoch, from zero states
///
///     let trainer = CharLanguageModelTrainer(model: model, corpus: train, batchSize: 64, steps: 100,
///                                            optimizer: Adam(parameters: model.parameters(), learningRate: 2e-3))
///     for _ in 0..<1000 { let result = try trainer.trainStep(); print(result.loss) }
///
/// A non-finite loss or gradient throws `TrainingError` before the parameters change.
public final class CharLanguageModelTrainer<Scalar: TensorScalar> {
    public let model: CharLanguageModel<Scalar>
    public let optimizer: any Optimizer<Scalar>
    /// The batches of one epoch, in their fixed order.
    public let batches: StatefulTextBatches
    /// Clip the global gradient norm to this value before each update (nil: no clipping).
    public var clipNorm: Double?
    /// Optimizer steps done.
    public private(set) var step = 0
    /// Complete passes over the corpus.
    public private(set) var epoch = 0
    /// The index in `batches` of the next batch.
    public private(set) var batchIndex = 0
    /// The detached state carried into the next batch (nil: zeros, at the start of an epoch).
    public private(set) var states: [LSTMState<Scalar>]?

    /// What one step did.
    public struct StepResult: Equatable, Sendable {
        /// The batch's mean cross-entropy in nats per character, before the update.
        public var loss: Double
        /// The global gradient norm before clipping.
        public var gradientNorm: Double
        /// The number of characters predicted (T * B, fewer for the last batch of an epoch).
        public var characters: Int
    }

    /// - Parameters:
    ///   - corpus: the training text; it must give every one of the `batchSize` streams at least 2 tokens.
    ///   - steps: T, the characters per stream and batch (and the reach of each gradient).
    public init(model: CharLanguageModel<Scalar>, corpus: TextCorpus, batchSize: Int, steps: Int,
                optimizer: any Optimizer<Scalar>, clipNorm: Double? = 5) {
        if let clipNorm, !(clipNorm > 0 && clipNorm.isFinite) {
            failure("CharLanguageModelTrainer: clipNorm must be positive and finite, got \(clipNorm)")
        }
        if corpus.vocabulary.count != model.config.vocabularySize {
            failure("CharLanguageModelTrainer: the corpus has \(corpus.vocabulary.count) tokens in its vocabulary, " +
                    "the model \(model.config.vocabularySize)")
        }
        self.model = model
        self.optimizer = optimizer
        self.batches = corpus.statefulBatches(batchSize: batchSize, steps: steps)
        self.clipNorm = clipNorm
    }

    /// The number of steps in one epoch.
    public var stepsPerEpoch: Int { batches.count }

    /// Trains on the next batch: forward, backward, clipping, update; carries the state over.
    @discardableResult
    public func trainStep() throws -> StepResult {
        model.train()
        let batch = batches[batchIndex]
        let (loss, final) = model.loss(batch, states: states)        // forward
        let value = Double(loss.item)
        guard value.isFinite else { throw TrainingError.nonFiniteLoss(step: step, epoch: epoch, value: value) }
        optimizer.zeroGrad()
        loss.backward()                                                  // backward
        let norm = try checkedGradientNorm()
        if let clipNorm { clipGradientNorm(optimizer.parameters, maxNorm: clipNorm) }
        optimizer.step()                                                 // update
        step += 1
        batchIndex += 1
        if batchIndex == batches.count {
            batchIndex = 0
            epoch += 1
            states = nil
        } else {
            states = final.map { $0.detached() }
        }
        return StepResult(loss: value, gradientNorm: norm, characters: batch.inputs.count)
    }

    /// The global L2 norm of the gradients, or a `TrainingError` naming the first non-finite one.
    private func checkedGradientNorm() throws -> Double {
        var total = 0.0
        for (path, p) in model.namedParameters() {
            guard let g = p.grad else { continue }
            let norm = gradientNorm([g.scalars], normType: 2)            // specialized for Float and Double
            guard norm.isFinite else { throw TrainingError.nonFiniteGradient(step: step, epoch: epoch, parameter: path) }
            total += norm * norm
        }
        return total.squareRoot()
    }
}
