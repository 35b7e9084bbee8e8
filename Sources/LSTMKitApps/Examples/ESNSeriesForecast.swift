import Foundation
import LSTMKit

/// An echo state network forecasting a univariate series from every origin of a held-out tail, scored like the
/// forecasting application (`lstm train forecast`) so the two can stand side by side.
///
/// 1. The last `testSize` values are the test tail; the values before it are the training part (the forecasting
///    application splits that again for validation; the ESN needs no validation and trains on all of it). They
///    are standardized with the training part's mean and standard deviation.
/// 2. Teacher-forced one-step-ahead training on the training part (`washout` states left out).
/// 3. For every origin o from the last training value to `count - 1 - horizon`: the reservoir is driven by the
///    true series up to z[o], then runs free for `horizon` steps (outputs fed back). Every (origin, step) pair is
///    one forecast point, RMSE and MAE in original units, next to the naive forecast (the value at the origin).
public enum ESNSeriesForecast {
    public struct Result: Codable, Sendable {
        public var origins: Int, points: Int
        public var rmse: Double, mae: Double
        public var naiveRMSE: Double
        public var trainSeconds: Double, testSeconds: Double
    }

    public static func evaluate(_ x: [Double], testSize: Int, horizon: Int, washout: Int,
                                network: EchoStateNetwork.Configuration) -> Result {
        let n = x.count, trainCount = n - testSize
        if network.inputSize != 1 || network.outputSize != 1 {
            failure("ESNSeriesForecast: the network must have inputSize = outputSize = 1")
        }
        if horizon < 1 || testSize < horizon || trainCount < 2 || washout < 0 || washout >= trainCount - 1 {
            failure("ESNSeriesForecast: \(n) values, test size \(testSize), horizon \(horizon), washout \(washout): " +
                    "need 1 <= horizon <= test size and washout < training values - 1 (\(trainCount - 1))")
        }
        let train = x[0..<trainCount]
        let mean = train.reduce(0, +) / Double(trainCount)
        let sd = (train.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(trainCount)).squareRoot()
        if !(sd > 0) { failure("ESNSeriesForecast: the training part is constant (standard deviation 0)") }
        let z = x.map { ($0 - mean) / sd }

        let start = Date()
        var net = EchoStateNetwork(network)
        let fit = net.train(inputs: z[0..<(trainCount - 1)].map { [$0] }, targets: z[1..<trainCount].map { [$0] },
                            washout: washout)
        let trainSeconds = Date().timeIntervalSince(start)

        let testStart = Date()
        var state = fit.finalState                                    // after z[trainCount - 2]
        var squares = 0.0, absolute = 0.0, naiveSquares = 0.0, points = 0, origins = 0
        for o in (trainCount - 1)...(n - 1 - horizon) {
            net.update(&state, input: [z[o]])
            let free = net.generate(steps: horizon, from: state, lastInput: [z[o]])
            for k in 1...horizon {
                let e = free[k - 1][0] * sd + mean - x[o + k]
                squares += e * e; absolute += abs(e)
                naiveSquares += (x[o] - x[o + k]) * (x[o] - x[o + k])
                points += 1
            }
            origins += 1
        }
        let p = Double(points)
        return Result(origins: origins, points: points, rmse: (squares / p).squareRoot(), mae: absolute / p,
                      naiveRMSE: (naiveSquares / p).squareRoot(), trainSeconds: trainSeconds,
                      testSeconds: Date().timeIntervalSince(testStart))
    }
}
