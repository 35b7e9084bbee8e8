import ArgumentParser
import LSTMKit

/// The reservoir's options, shared by `lstm demo esn` and `lstm demo esn-forecast`.
struct ESNOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Reservoir units N.") var reservoirSize = 500
    @Option(parsing: .unconditional, help: "Spectral radius rho of the reservoir (> 0).") var spectralRadius = 1.25
    @Option(parsing: .unconditional, help: "Leak rate a, in (0, 1].") var leakRate = 0.5
    @Option(parsing: .unconditional, help: "Half-width of the uniform input weights.") var inputScaling = 0.5
    @Option(parsing: .unconditional, help: "Half-width of the uniform bias.") var biasScaling = 0.5
    @Option(parsing: .unconditional, help: "Fraction of zero reservoir weights, in [0, 1).") var sparsity = 0.9
    @Option(parsing: .unconditional, help: "Ridge regularization beta (>= 0).") var ridge = 1e-10
    @Option(parsing: .unconditional, help: "Initial states left out of the regression.") var washout = 100

    /// The network (K = L = 1) with `seed`.
    func network(seed: UInt64) -> EchoStateNetwork.Configuration {
        .init(inputSize: 1, reservoirSize: reservoirSize, outputSize: 1, spectralRadius: spectralRadius,
              leakRate: leakRate, inputScaling: inputScaling, biasScaling: biasScaling, sparsity: sparsity,
              ridge: ridge, seed: seed)
    }
}
