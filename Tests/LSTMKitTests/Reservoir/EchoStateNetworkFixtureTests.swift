import Foundation
import Testing
@testable import LSTMKit

/// `EchoStateNetwork` with given weights against NumPy (Tests/LSTMKitTests/Fixtures/esn.json, written by
/// Tools/fixtures/esn.py from the doc comment's equations): eigenvalues, scaled W, states, ridge readout,
/// teacher-forced outputs and a free run, at 1e-10.
@Suite struct EchoStateNetworkFixtureTests {
    struct Case: Decodable {
        var name: String
        var inputSize, reservoirSize, washout: Int
        var spectralRadius, leakRate, ridge: Double
        var unscaledReservoir, inputWeights: [Double]
        var inputs, targets: [[Double]]
        var eigenvaluesReal, eigenvaluesImaginary: [Double]
        var unscaledRadius: Double
        var leadingIsComplex: Bool
        var reservoir: [Double]
        var states: [[Double]]
        var readout: [Double]
        var outputs, generated: [[Double]]
    }
    struct File: Decodable {
        var generator: String
        var numpy_version: String
        var cases: [Case]
    }

    func expectClose(_ a: [Double], _ b: [Double], _ what: String, tolerance: Double = 1e-10) {
        #expect(a.count == b.count, "\(what): \(a.count) values vs \(b.count)")
        var worst = 0.0, at = -1
        for (i, (x, y)) in zip(a, b).enumerated() {
            let d = abs(x - y) / max(1, abs(y))
            if !(d <= worst) { worst = d; at = i }
        }
        #expect(worst <= tolerance, "\(what): largest difference \(worst) at \(at)")
    }

    @Test func matchesNumPy() throws {
        let file = try Fixtures.load("esn", as: File.self)
        #expect(file.generator == "Tools/fixtures/esn.py" && file.cases.count == 3)
        #expect(file.cases.contains { $0.leadingIsComplex })
        for c in file.cases {
            let config = EchoStateNetwork.Configuration(
                inputSize: c.inputSize, reservoirSize: c.reservoirSize, outputSize: c.inputSize,
                spectralRadius: c.spectralRadius, leakRate: c.leakRate, ridge: c.ridge)
            var net = EchoStateNetwork(config, unscaledReservoir: c.unscaledReservoir, inputWeights: c.inputWeights)
            // Eigenvalues as multisets: compare the sorted moduli and the sorted real parts.
            let e = LAPACK.eigenvalues(of: c.unscaledReservoir, n: c.reservoirSize)
            let moduli = zip(e.real, e.imaginary).map { ($0 * $0 + $1 * $1).squareRoot() }.sorted()
            let theirs = zip(c.eigenvaluesReal, c.eigenvaluesImaginary).map { ($0 * $0 + $1 * $1).squareRoot() }.sorted()
            expectClose(moduli, theirs, "\(c.name) |eigenvalues|")
            expectClose(e.real.sorted(), c.eigenvaluesReal.sorted(), "\(c.name) Re eigenvalues")
            expectClose([LAPACK.spectralRadius(of: c.unscaledReservoir, n: c.reservoirSize)], [c.unscaledRadius],
                        "\(c.name) radius")
            expectClose(net.reservoir, c.reservoir, "\(c.name) W")
            expectClose([LAPACK.spectralRadius(of: net.reservoir, n: c.reservoirSize)], [c.spectralRadius],
                        "\(c.name) radius after scaling")
            expectClose(net.states(c.inputs).flatMap { $0 }, c.states.flatMap { $0 }, "\(c.name) states")
            let training = net.train(inputs: c.inputs, targets: c.targets, washout: c.washout)
            expectClose(net.readout, c.readout, "\(c.name) W_out")
            expectClose(training.outputs.flatMap { $0 }, c.outputs.flatMap { $0 }, "\(c.name) outputs")
            expectClose(training.finalState, c.states.last!, "\(c.name) final state")
            let free = net.generate(steps: c.generated.count, from: training.finalState, lastInput: c.inputs.last!)
            expectClose(free.flatMap { $0 }, c.generated.flatMap { $0 }, "\(c.name) free run")
        }
    }
}
