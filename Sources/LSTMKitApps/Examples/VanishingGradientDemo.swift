import LSTMKit
import Foundation

/// Why LSTMs exist, measured: a plain RNN, a GRU and an LSTM trained side by side on the adding problem,
/// with the loss over training and the size of the gradient that reaches the first step.
///
/// The gradient measured is dLoss/dx[t], the gradient of the batch MSE with respect to the input vector at
/// step t, for a fixed probe batch (the first sequences of the held-out set). The loss is computed only after
/// the last step T, so dLoss/dx[1] is what backpropagation through time carries from step T back to step 1,
/// through T - 1 recurrent Jacobians dh[t]/dh[t-1]:
///
///     dLoss/dx[t] = dLoss/dh[T] * dh[T]/dh[T-1] * ... * dh[t+1]/dh[t] * dh[t]/dx[t]
///     norm(t)     = sqrt(sum over the batch and the 2 features of (dLoss/dx[t])^2)
///     ratio       = norm(1) / norm(T)
///
/// In a tanh RNN each factor dh[t]/dh[t-1] = diag(1 - h[t]^2) * W_hh has norm below 1 unless W_hh grows, so
/// norm(1) shrinks geometrically with T (Bengio et al. 1994; Hochreiter 1991): the first marked value cannot
/// teach the network anything. In an LSTM the cell path dc[t]/dc[t-1] = f[t] is a gate the network can hold
/// near 1, so the gradient survives. (dLoss/dx is read instead of dLoss/dh[1] because inputs are leaves that
/// `gradients(of:at:)` can differentiate at, and dLoss/dx[t] = dLoss/dh[t] * W_ih-part: same decay.)
public enum VanishingGradientDemo {
    /// The state of one model at one point of its training.
    public struct Snapshot: Sendable, Encodable {
        /// Iterations done (0 = at initialization).
        public var iteration: Int
        /// The mean training-batch MSE over the iterations since the previous snapshot (nil at 0).
        public var trainMSE: Double?
        /// norm(1): the size of dLoss/dx[1] on the probe batch.
        public var firstStepGradientNorm: Double
        /// norm(T): the size of dLoss/dx[T] on the probe batch.
        public var lastStepGradientNorm: Double
        /// norm(1) / norm(T) (0 when norm(T) is 0).
        public var ratio: Double {
            lastStepGradientNorm > 0 ? firstStepGradientNorm / lastStepGradientNorm : 0
        }
    }

    /// The outcome for one model.
    public struct ModelResult: Sendable, Encodable {
        public var model: AddingProblem.Model
        /// The training-batch MSE after each iteration.
        public var losses: [Double]
        /// Snapshots at iteration 0, every `snapshotEvery` iterations, and at the end.
        public var snapshots: [Snapshot]
        /// The MSE on the 512 held-out sequences after training.
        public var testMSE: Double
        /// Wall time of the training (seconds).
        public var seconds: Double
        /// norm(t) for t = 1...T on the probe batch at initialization and after training (the curves of
        /// `lstm demo vanishing-gradient --report`).
        public var initialGradientNorms: [Double]
        public var finalGradientNorms: [Double]
    }

    /// norm(t) for every step t = 1...T: the size of dLoss/dx[t] for the batch MSE of `network` on
    /// (inputs [T, B, 2], targets [B, 1]). Returns T numbers.
    public static func inputGradientNorms<S: TensorScalar>(
        _ network: AddingProblem.Network<S>, inputs: Tensor<S>, targets: Tensor<S>
    ) -> [Double] {
        let (_, grads) = gradients(of: { xs in mseLoss(network(xs[0]), targets) }, at: [inputs])
        let dX = grads[0]                                      // [T, B, 2]
        let steps = dX.shape[0], block = dX.count / Swift.max(steps, 1)
        return (0..<steps).map { t in
            var sum = 0.0
            for v in dX.scalars[(t * block)..<((t + 1) * block)] { sum += Double(v) * Double(v) }
            return sum.squareRoot()
        }
    }

    /// Trains one model on the adding problem of length `steps` with Adam (gradient norm clipped at
    /// `maxGradientNorm`), measuring the first/last-step gradient norms on a probe batch of `probeSize`
    /// held-out sequences at initialization, every `snapshotEvery` iterations and at the end. Every model
    /// trained with the same `seed` sees the same batches. `progress` is called with each snapshot.
    public static func train(
        model: AddingProblem.Model, steps: Int = 100, iterations: Int, hiddenSize: Int = 32, batchSize: Int = 32,
        learningRate: Double = 0.01, maxGradientNorm: Double = 1, unitForgetBias: Bool = true,
        probeSize: Int = 32, snapshotEvery: Int = 100, seed: UInt64 = 0,
        progress: (Snapshot) -> Void = { _ in }
    ) -> ModelResult {
        if steps < 2 || iterations < 1 || hiddenSize < 1 || batchSize < 1 || probeSize < 1 || snapshotEvery < 1 {
            failure("VanishingGradientDemo.train: steps \(steps) (>= 2), iterations \(iterations), hiddenSize " +
                    "\(hiddenSize), batchSize \(batchSize), probeSize \(probeSize), snapshotEvery " +
                    "\(snapshotEvery) (all >= 1)")
        }
        let start = Date()
        let rng = RandomSource(seed: seed)
        let net = AddingProblem.Network<Float>(model: model, hiddenSize: hiddenSize,
                                               unitForgetBias: unitForgetBias, rng: rng)
        let dataRNG = RandomSource(seed: seed &+ 1)   // the same batches for every model
        let optimizer = Adam(parameters: net.parameters, learningRate: learningRate)
        let (px, py): (Tensor<Float>, Tensor<Float>) = AddingProblem.batch(
            steps: steps, batchSize: probeSize, rng: RandomSource(seed: AddingProblem.testSeed &+ 1))
        var norms: [Double] = []
        func snapshot(_ iteration: Int, _ trainMSE: Double?) -> Snapshot {
            norms = inputGradientNorms(net, inputs: px, targets: py)
            return Snapshot(iteration: iteration, trainMSE: trainMSE, firstStepGradientNorm: norms[0],
                            lastStepGradientNorm: norms[steps - 1])
        }
        var snapshots = [snapshot(0, nil)]
        let initialNorms = norms
        progress(snapshots[0])
        var losses: [Double] = []
        for iteration in 1...iterations {
            let (x, y): (Tensor<Float>, Tensor<Float>) = AddingProblem.batch(
                steps: steps, batchSize: batchSize, rng: dataRNG)
            let loss = mseLoss(net(x), y)
            optimizer.zeroGrad()
            loss.backward()
            clipGradientNorm(optimizer.parameters, maxNorm: maxGradientNorm)
            optimizer.step()
            losses.append(Double(loss.item))
            if iteration % snapshotEvery == 0 || iteration == iterations {
                let since = snapshots.last!.iteration
                let window = losses[since..<iteration]
                snapshots.append(snapshot(iteration, window.reduce(0, +) / Double(window.count)))
                progress(snapshots.last!)
            }
        }
        let testMSE = net.testMSE(steps: steps)
        return ModelResult(model: model, losses: losses, snapshots: snapshots, testMSE: testMSE,
                           seconds: Date().timeIntervalSince(start), initialGradientNorms: initialNorms,
                           finalGradientNorms: norms)
    }
}
