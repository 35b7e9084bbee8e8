import Foundation
import Testing
@testable import LSTMKit

/// `EchoStateNetwork`: the scaled spectral radius, the sparsity, the ridge readout against its normal
/// equations, determinism by seed, free-running generation of a sine, and the messages for bad hyperparameters.
@Suite struct EchoStateNetworkTests {
    @Test func reservoirIsRescaledToTheSpectralRadius() {
        for (rho, sparsity) in [(1.25, 0.9), (0.5, 0.0), (0.95, 0.5)] {
            let net = EchoStateNetwork(.init(reservoirSize: 40, spectralRadius: rho, sparsity: sparsity, seed: 3))
            #expect(abs(LAPACK.spectralRadius(of: net.reservoir, n: 40) - rho) < 1e-12 * rho)
            // 1600 entries, each zero with probability `sparsity`: the zero fraction within 5 standard deviations.
            let zeros = Double(net.reservoir.filter { $0 == 0 }.count) / 1600
            #expect(abs(zeros - sparsity) <= 5 * (sparsity * (1 - sparsity) / 1600).squareRoot() + 1e-12,
                    "sparsity \(sparsity): \(zeros) zeros")
        }
    }

    @Test func inputWeightsFollowTheirScalings() {
        let net = EchoStateNetwork(.init(inputSize: 2, reservoirSize: 30, inputScaling: 0.25, biasScaling: 2, seed: 1))
        let bias = stride(from: 0, to: 90, by: 3).map { net.inputWeights[$0] }
        let input = (0..<90).filter { $0 % 3 != 0 }.map { net.inputWeights[$0] }
        #expect(bias.allSatisfy { abs($0) <= 2 } && bias.contains { abs($0) > 0.25 })
        #expect(input.allSatisfy { abs($0) <= 0.25 })
    }

    /// Z [20, 6], Y [20, 2] seeded: the readout satisfies (Z^T Z + beta I) W_out^T = Z^T Y (residual computed
    /// here with plain loops), and with beta = 0 an exactly linear Y gives back the weights that made it.
    @Test func ridgeReadoutSolvesTheNormalEquations() {
        let rng = RandomSource(seed: 7)
        let rows = 20, m = 6, l = 2
        let z = rng.normals(count: rows * m), y = rng.normals(count: rows * l)
        for beta in [0.0, 1e-3, 0.5, 10] {
            let w = EchoStateNetwork.ridgeReadout(features: z, targets: y, rows: rows, columns: m, outputs: l, ridge: beta)
            var worst = 0.0
            for o in 0..<l {
                for i in 0..<m {
                    var lhs = beta * w[o * m + i], rhs = 0.0
                    for j in 0..<m {
                        var g = 0.0
                        for r in 0..<rows { g += z[r * m + i] * z[r * m + j] }
                        lhs += g * w[o * m + j]
                    }
                    for r in 0..<rows { rhs += z[r * m + i] * y[r * l + o] }
                    worst = max(worst, abs(lhs - rhs) / max(1, abs(rhs)))
                }
            }
            #expect(worst < 1e-12, "beta \(beta): residual \(worst)")
        }
        let truth = rng.normals(count: l * m)
        var exact = [Double](repeating: 0, count: rows * l)
        for r in 0..<rows { for o in 0..<l { for j in 0..<m { exact[r * l + o] += z[r * m + j] * truth[o * m + j] } } }
        let w = EchoStateNetwork.ridgeReadout(features: z, targets: exact, rows: rows, columns: m, outputs: l, ridge: 0)
        #expect(zip(w, truth).allSatisfy { abs($0 - $1) < 1e-12 })
        // A positive ridge shrinks the weights.
        let shrunk = EchoStateNetwork.ridgeReadout(features: z, targets: exact, rows: rows, columns: m, outputs: l, ridge: 5)
        #expect(shrunk.reduce(0) { $0 + $1 * $1 } < truth.reduce(0) { $0 + $1 * $1 })
    }

    static func sine(_ count: Int) -> [[Double]] { (0..<count).map { [sin(0.3 * Double($0))] } }

    @Test func sameSeedSameNetworkOtherSeedAnother() {
        let series = Self.sine(121)
        func trained(_ seed: UInt64) -> EchoStateNetwork {
            var net = EchoStateNetwork(.init(reservoirSize: 20, leakRate: 0.5, seed: seed))
            net.train(inputs: Array(series.dropLast()), targets: Array(series.dropFirst()), washout: 20)
            return net
        }
        let a = trained(11), b = trained(11), c = trained(12)
        #expect(a.reservoir == b.reservoir && a.inputWeights == b.inputWeights && a.readout == b.readout)
        #expect(a.reservoir != c.reservoir && a.inputWeights != c.inputWeights && a.readout != c.readout)
    }

    /// Teacher-forced on 300 steps of sin(0.3 t), the network runs free for 100 steps and stays on the sine.
    @Test func freeRunContinuesASine() {
        let series = Self.sine(401)
        var net = EchoStateNetwork(.init(reservoirSize: 50, spectralRadius: 0.9, sparsity: 0.8, ridge: 1e-9, seed: 5))
        let fit = net.train(inputs: Array(series[0..<300]), targets: Array(series[1...300]), washout: 50)
        let trainError = zip(fit.outputs, series[51...300]).map { abs($0[0] - $1[0]) }.max()!
        #expect(trainError < 1e-4, "teacher-forced error \(trainError)")
        let free = net.generate(steps: 100, from: fit.finalState, lastInput: series[299])
        let freeError = zip(free, series[300..<400]).map { abs($0[0] - $1[0]) }.max()!
        #expect(freeError < 1e-2, "free-run error \(freeError)")
        // An untrained readout (all zero) is far from it: the check above can fail.
        let untrained = EchoStateNetwork(net.configuration)
        #expect(untrained.generate(steps: 100, from: fit.finalState, lastInput: series[299])
            .map { $0[0] }.allSatisfy { $0 == 0 })
    }

    @Test func problemsAreNamed() {
        func problem(_ c: EchoStateNetwork.Configuration) -> String { c.problem ?? "(none)" }
        #expect(EchoStateNetwork.Configuration(reservoirSize: 10).problem == nil)
        #expect(problem(.init(reservoirSize: 0)) == "EchoStateNetwork: reservoir size 0 must be at least 1")
        #expect(problem(.init(reservoirSize: 5, spectralRadius: 0)) ==
            "EchoStateNetwork: spectral radius 0.0 must be a finite number > 0")
        #expect(problem(.init(reservoirSize: 5, spectralRadius: -1)) ==
            "EchoStateNetwork: spectral radius -1.0 must be a finite number > 0")
        #expect(problem(.init(reservoirSize: 5, leakRate: 0)) == "EchoStateNetwork: leak rate 0.0 is outside (0, 1]")
        #expect(problem(.init(reservoirSize: 5, leakRate: 1.5)) == "EchoStateNetwork: leak rate 1.5 is outside (0, 1]")
        #expect(problem(.init(reservoirSize: 5, sparsity: 1)) == "EchoStateNetwork: sparsity 1.0 is outside [0, 1)")
        #expect(problem(.init(reservoirSize: 5, sparsity: -0.1)) == "EchoStateNetwork: sparsity -0.1 is outside [0, 1)")
        #expect(problem(.init(inputSize: 0, reservoirSize: 5)) == "EchoStateNetwork: input size 0 must be at least 1")
        #expect(problem(.init(reservoirSize: 5, ridge: -1)) == "EchoStateNetwork: ridge -1.0 must be a finite number >= 0")
        #expect(problem(.init(reservoirSize: 5, inputScaling: .nan)) ==
            "EchoStateNetwork: input scaling nan must be a finite number >= 0")
    }

    static func stderr(of result: ExitTest.Result?) -> String {
        String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
    }

    @Test func badSpectralRadiusStops() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = EchoStateNetwork(.init(reservoirSize: 5, spectralRadius: 0))
        }
        #expect(Self.stderr(of: r).contains("LSTMKit: EchoStateNetwork: spectral radius 0.0 must be a finite number > 0"))
    }

    @Test func washoutAsLongAsTheSeriesStops() async {
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var net = EchoStateNetwork(.init(reservoirSize: 5))
            net.train(inputs: [[1], [2], [3]], targets: [[2], [3], [4]], washout: 3)
        }
        #expect(Self.stderr(of: r).contains("EchoStateNetwork.train: washout 3 must be in 0..<3 (the series length)"))
    }

    @Test func aReservoirWithoutEigenvaluesStops() async {
        // A strictly upper triangular W is nilpotent: every eigenvalue is 0, nothing to rescale.
        let r = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = EchoStateNetwork(.init(reservoirSize: 2), unscaledReservoir: [0, 1, 0, 0], inputWeights: [0, 1, 0, 1])
        }
        #expect(Self.stderr(of: r).contains("has spectral radius 0.0 and cannot be rescaled to 0.9"))
    }
}
