import Foundation
import LSTMKit

/// An echo state network predicting the Mackey-Glass series (tau = 17) by running free: the classic ESN benchmark
/// (Jaeger 2001; Jaeger & Haas 2004), reported as NRMSE84, the normalized error 84 steps after the network
/// stops seeing the data.
///
/// Protocol (all deterministic for a seed):
/// 1. `MackeyGlass.series` (Euler, step 0.1, subsampled by 10, 1000 samples of transient dropped), used as it
///    is (no squashing).
/// 2. Teacher-forced one-step-ahead training on s[0..<trainLength] -> s[1...trainLength], the first `washout`
///    states left out of the ridge regression.
/// 3. `runs` free runs of `horizon` steps. Run r starts at p = trainLength + r * horizon: the reservoir has been
///    driven by the true series up to s[p - 1] (continuing from the end of training), then generates
///    s[p], ..., s[p + horizon - 1] from its own outputs.
/// 4. NRMSE84 = sqrt(mean_r (y_r[84] - s_r[84])^2 / var(s)), the error at the last step over the runs, with
///    var(s) the variance of the whole series used (Jaeger's definition); `freeRunNRMSE` is the same over every
///    step of every run.
public enum MackeyGlassESN {
    public struct Settings: Codable, Equatable, Sendable {
        public var reservoirSize = 500
        public var spectralRadius = 1.25
        public var leakRate = 0.5
        public var inputScaling = 0.5
        public var biasScaling = 0.5
        public var sparsity = 0.9
        public var ridge = 1e-10
        public var trainLength = 2000
        public var washout = 100
        public var horizon = 84
        public var runs = 20
        public var seed: UInt64 = 0
        public init() {}

        /// The network's configuration (K = L = 1).
        public var network: EchoStateNetwork.Configuration {
            .init(inputSize: 1, reservoirSize: reservoirSize, outputSize: 1, spectralRadius: spectralRadius,
                  leakRate: leakRate, inputScaling: inputScaling, biasScaling: biasScaling, sparsity: sparsity,
                  ridge: ridge, seed: seed)
        }

        /// The first problem with these settings as a one-line message, or nil.
        public var problem: String? {
            if let p = network.problem { return p }
            if trainLength < 2 { return "Mackey-Glass ESN: train length \(trainLength) must be at least 2" }
            if washout < 0 || washout >= trainLength {
                return "Mackey-Glass ESN: washout \(washout) must be in 0..<\(trainLength) (the train length)"
            }
            if horizon < 1 || runs < 1 { return "Mackey-Glass ESN: horizon \(horizon) and runs \(runs) must be at least 1" }
            return nil
        }
    }

    public struct Report: Codable, Sendable {
        public var settings: Settings
        /// sqrt(mean squared one-step error / var(s)) on the training steps after the washout (teacher-forced).
        public var trainNRMSE: Double
        /// The normalized error at step `horizon` (84) of the free runs.
        public var nrmseAtHorizon: Double
        /// The normalized error over every step of the free runs.
        public var freeRunNRMSE: Double
        /// The first free run and the true continuation, for a look.
        public var firstRun: [Double], firstTruth: [Double]
        /// Drawing the reservoir (with its eigenvalues), driving it over the training series and solving the readout.
        public var trainSeconds: Double
        /// The free runs, with the teacher-forced stretches between them.
        public var testSeconds: Double
    }

    /// The series the run uses: trainLength + runs * horizon + 1 values of `MackeyGlass.series`.
    public static func series(_ settings: Settings) -> [Double] {
        MackeyGlass.series(count: settings.trainLength + settings.runs * settings.horizon + 1)
    }

    public static func run(_ settings: Settings) -> Report {
        if let problem = settings.problem { failure(problem) }
        let t = settings.trainLength, h = settings.horizon
        let s = series(settings)
        let mean = s.reduce(0, +) / Double(s.count)
        let variance = s.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(s.count)

        let start = Date()
        var net = EchoStateNetwork(settings.network)
        let fit = net.train(inputs: s[0..<t].map { [$0] }, targets: s[1...t].map { [$0] }, washout: settings.washout)
        let trainSeconds = Date().timeIntervalSince(start)
        let trainSquares = zip(fit.outputs, s[(settings.washout + 1)...t]).reduce(0) { $0 + pow($1.0[0] - $1.1, 2) }
        let trainNRMSE = (trainSquares / Double(t - settings.washout) / variance).squareRoot()

        let testStart = Date()
        var x = fit.finalState                                        // after s[t - 1]
        var lastSquares = 0.0, allSquares = 0.0
        var firstRun = [Double](), firstTruth = [Double]()
        for r in 0..<settings.runs {
            let p = t + r * h
            if r > 0 {                                                // drive through s[p - h ..< p]
                for i in (p - h)..<p { net.update(&x, input: [s[i]]) }
            }
            let free = net.generate(steps: h, from: x, lastInput: [s[p - 1]]).map { $0[0] }
            let truth = Array(s[p..<(p + h)])
            for (y, d) in zip(free, truth) { allSquares += (y - d) * (y - d) }
            lastSquares += pow(free[h - 1] - truth[h - 1], 2)
            if r == 0 { firstRun = free; firstTruth = truth }
        }
        let testSeconds = Date().timeIntervalSince(testStart)
        return Report(settings: settings, trainNRMSE: trainNRMSE,
                      nrmseAtHorizon: (lastSquares / Double(settings.runs) / variance).squareRoot(),
                      freeRunNRMSE: (allSquares / Double(settings.runs * h) / variance).squareRoot(),
                      firstRun: firstRun, firstTruth: firstTruth, trainSeconds: trainSeconds, testSeconds: testSeconds)
    }
}

