import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// A real (tiny) search: random search over the learning rate and hidden size of a 1-H-1 tanh MLP that
/// regresses y = sin(2x) on 32 points, 40 full-batch Adam steps per trial, scored by the mean squared
/// error on 16 held-out points.
@Suite struct TinySearchTests {
    static func validationLoss(learningRate: Double, hiddenSize: Int, steps: Int, seed: UInt64) -> Double {
        func data(_ n: Int, offset: Double) -> (Tensor<Float>, Tensor<Float>) {
            let x = (0..<n).map { Float(-1 + 2 * (Double($0) + offset) / Double(n)) }
            return (Tensor(shape: [n, 1], scalars: x), Tensor(shape: [n, 1], scalars: x.map { sin(2 * $0) }))
        }
        let (x, y) = data(32, offset: 0)                 // [32, 1]
        let (xv, yv) = data(16, offset: 0.5)             // [16, 1], between the training points
        let rng = RandomSource(seed: seed)
        let model = Sequential<Float>(
            Linear(inputSize: 1, outputSize: hiddenSize, rng: rng), Tanh(),
            Linear(inputSize: hiddenSize, outputSize: 1, rng: rng))
        let optimizer = Adam(parameters: model.parameters(), learningRate: learningRate)
        for _ in 0..<steps {
            let loss = mseLoss(model(x), y)
            optimizer.zeroGrad()
            loss.backward()
            optimizer.step()
        }
        return Double(withoutGrad { mseLoss(model(xv), yv) }.item)
    }

    @Test func randomSearchFindsAGoodLearningRate() throws {
        let space = try SearchSpace(parsing: "learningRate=loguniform(1e-3,1e-1);hiddenSize=choice(8,16)")
        let results = RandomSearch(space, trials: 4, seed: 2).run(schedule: .fixedBudget(40)) { config, context in
            Self.validationLoss(learningRate: try config.double("learningRate"),
                                hiddenSize: try config.int("hiddenSize"), steps: context.budget, seed: context.seed)
        }
        #expect(results.description.split(separator: "\n").count == 6)     // summary, header, 4 rows
        #expect(results.trials.count == 4)
        #expect(results.trials.allSatisfy { $0.status == .completed && $0.budget == 40 })
        #expect(results.bestScore! < 0.05)
        #expect(results.trials.last!.score! > results.bestScore!)
        // the best trial is reproducible alone from its configuration and seed
        let best = results.best!
        let again = Self.validationLoss(
            learningRate: try best.configuration.double("learningRate"),
            hiddenSize: try best.configuration.int("hiddenSize"), steps: 40, seed: best.seed)
        #expect(again == best.score)
    }
}
