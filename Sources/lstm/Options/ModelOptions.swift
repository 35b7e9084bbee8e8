import ArgumentParser
import LSTMKit

/// The recurrent-model options of every `lstm train` command (the `RecurrentEncoderConfig` fields).
struct ModelOptions: ParsableArguments {
    @Option(help: "The recurrent cell.")
    var cell: RecurrentCellKind?

    @Option(parsing: .unconditional, help: "State size H of every recurrent layer (per direction).")
    var hiddenSize: Int?

    @Option(parsing: .unconditional, help: "Stacked recurrent layers.")
    var layers: Int?

    @Flag(inversion: .prefixedNo, help: "Run a backward layer too and concatenate both directions.")
    var bidirectional: Bool?

    @Flag(inversion: .prefixedNo, help: "Add each layer's input to its output where the widths agree.")
    var residual: Bool?

    @Option(parsing: .unconditional, help: "LSTM projection size P < H (lstm cell only; 0: none).")
    var projectionSize: Int?

    @Option(parsing: .unconditional, help: "Dropout between layers and before the output layer, in [0, 1).")
    var dropout: Double?

    @Option(parsing: .unconditional, help: "Variational dropout on h[t-1] in every recurrent step, in [0, 1).")
    var recurrentDropout: Double?

    @Option(parsing: .unconditional, help: "Zoneout rate of h (and c), in [0, 1).")
    var zoneout: Double?

    @Option(parsing: .unconditional, help: "DropConnect on the recurrent weights W_hh, in [0, 1).")
    var weightDrop: Double?

    /// Sets every given option on `config`.
    func apply(to config: inout RecurrentEncoderConfig) {
        if let cell { config.cell = cell }
        if let hiddenSize { config.hiddenSize = hiddenSize }
        if let layers { config.layerCount = layers }
        if let bidirectional { config.bidirectional = bidirectional }
        if let residual { config.residual = residual }
        if let projectionSize { config.projectionSize = projectionSize }
        if let dropout { config.dropout = dropout }
        if let recurrentDropout { config.recurrentDropout = recurrentDropout }
        if let zoneout { config.zoneout = zoneout }
        if let weightDrop { config.weightDrop = weightDrop }
    }
}
