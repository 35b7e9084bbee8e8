import Foundation
import Testing
@testable import LSTMKit
@testable import LSTMKitApps
import LSTMKitTestSupport

@Suite struct TrainingConfigTests {
    func progress(_ fraction: Double, step: Int = 100) -> TrainingProgress {
        TrainingProgress(step: step, epoch: 0, stepInEpoch: 0, stepsPerEpoch: nil, seconds: 0, fraction: fraction,
                         plannedSteps: nil)
    }

    @Test func schedulesFollowTheBudgetFraction() {
        var c = TrainingConfig(learningRate: 1, batchSize: 1, steps: 10)
        c.decayTo = 0.1
        let rate = { (kind: ScheduleKind, f: Double) -> Double in
            c.schedule = kind
            return c.learningRate(at: progress(f))
        }
        for f in [0.0, 0.3, 1.0] { #expect(rate(.constant, f) == 1) }
        #expect(abs(rate(.cosine, 0) - 1) < 1e-12 && abs(rate(.cosine, 1) - 0.1) < 1e-12)
        #expect(abs(rate(.cosine, 0.5) - 0.55) < 1e-12)
        #expect(abs(rate(.linear, 0.5) - 0.55) < 1e-12 && abs(rate(.linear, 1) - 0.1) < 1e-12)
        #expect(rate(.step, 0.49) == 1 && abs(rate(.step, 0.5) - 0.1) < 1e-12 && abs(rate(.step, 0.8) - 0.01) < 1e-12)
        #expect(abs(rate(.exponential, 0.5) - 0.1.squareRoot()) < 1e-12 && abs(rate(.exponential, 1) - 0.1) < 1e-12)
        #expect(rate(.plateau, 0.9) == 1)                // lowered by its callback, not by the fraction
        // Warm-up: from a third of the rate, linearly, over the first steps.
        c.schedule = .constant
        c.warmupSteps = 10
        #expect(abs(c.learningRate(at: progress(0, step: 0)) - 1.0 / 3) < 1e-12)
        #expect(abs(c.learningRate(at: progress(0, step: 5)) - 2.0 / 3) < 1e-12)
        #expect(c.learningRate(at: progress(0, step: 10)) == 1)
    }

    @Test(arguments: OptimizerKind.allCases) func everyOptimizerIsBuiltWithTheConfigsSettings(_ kind: OptimizerKind) {
        var c = TrainingConfig(learningRate: 0.02, batchSize: 1, steps: 1)
        c.optimizer = kind
        c.weightDecay = 0.001
        c.momentum = 0.8
        let p = Parameter(Tensor<Float>(shape: [2], scalars: [1, 2]))
        let o = c.makeOptimizer([p])
        #expect(o.learningRate == 0.02)
        switch kind {
        case .sgd: #expect((o as? SGD<Float>).map { $0.momentum == 0 && $0.weightDecay == 0.001 } == true)
        case .momentum: #expect((o as? SGD<Float>).map { $0.momentum == 0.8 && !$0.nesterov } == true)
        case .nesterov: #expect((o as? SGD<Float>).map { $0.momentum == 0.8 && $0.nesterov } == true)
        case .adam: #expect((o as? Adam<Float>)?.weightDecay == 0.001)
        case .adamw: #expect((o as? AdamW<Float>)?.weightDecay == 0.001)
        case .rmsprop: #expect((o as? RMSProp<Float>).map { $0.momentum == 0.8 } == true)
        case .adagrad: #expect(o is Adagrad<Float>)
        }
    }

    @Test func validationNamesTheField() {
        func field(_ change: (inout TrainingConfig) -> Void) -> String? {
            var c = TrainingConfig(learningRate: 0.01, batchSize: 8, epochs: 2)
            change(&c)
            do { try c.validate() } catch let e as ConfigError { return e.field } catch { return "?" }
            return nil
        }
        #expect(field { _ in } == nil)
        #expect(field { $0.learningRate = .infinity } == "learningRate")
        #expect(field { $0.batchSize = 0 } == "batchSize")
        #expect(field { $0.batchSize = 1 << 20 } == "batchSize")
        #expect(field { $0.epochs = nil } == "steps")
        #expect(field { $0.clipNorm = -1 } == "clipNorm")
        #expect(field { $0.decayTo = 1 } == "decayTo")
        #expect(field { $0.log = "x.txt" } == "log")
        #expect(field { $0.tensorboard = "" } == "tensorboard")
        #expect(field { $0.tensorboard = #filePath } == "tensorboard")   // a file, not a directory
        #expect(field { $0.tensorboard = "/nonexistent/tb" } == nil)     // created when training begins
        #expect(field { $0.optimizer = .nesterov; $0.momentum = 0 } == "momentum")
        #expect(field { $0.minutes = 0 } == "minutes")
        #expect(field { $0.steps = 200_000_000 } == "steps")
    }

    @Test func reportJSONIsCamelCaseSortedWithNullForNonFiniteNumbers() throws {
        struct R: Encodable { var bestValue = Double.nan; var zeta = 1; var alphaPath = "a/b"; var inf = Double.infinity }
        #expect(try ReportJSON.string(R()) == #"{"alphaPath":"a/b","bestValue":null,"inf":null,"zeta":1}"#)
    }

    @Test func classificationReportMatchesTheConfusionMatrix() {
        let r = ClassificationReport(predictions: [0, 1, 1, 2, 2, 2], targets: [0, 1, 2, 2, 2, 0], classNames: ["a", "b", "c"])
        #expect(r.examples == 6 && abs(r.accuracy - 4.0 / 6) < 1e-12)
        #expect(r.confusionMatrix == [[1, 0, 1], [0, 1, 0], [0, 1, 2]])
        #expect(r.classes.map(\.support) == [2, 1, 3])
        #expect(r.matrix.counts == r.confusionMatrix)
        #expect(r.lines(title: "test")[0] == "test: accuracy 66.67% (6 examples), macro F1 \(fixed(r.macroF1, 4))")
    }

    @Test func forecastFutureLabelsContinueTheDates() {
        #expect(ForecastSeries.futureLabels(["1997-11", "1997-12"], count: 3) == ["1998-01", "1998-02", "1998-03"])
        #expect(ForecastSeries.futureLabels(["10", "12"], count: 2) == ["14", "16"])
        #expect(ForecastSeries.futureLabels(["2024-01-02", "2024-01-03"], count: 2) == ["+1", "+2"])
    }
}
