import LSTMKit

/// oneDNN as a `RecurrentBackend`: Float `LSTMCell` layers without projection and Float `GRUCell` layers,
/// reported as "onednn". It declines (and the layer continues down its fallback chain: `.native`, `.fused`,
/// `.reference`) a call with lengths or a mask, a trace, an empty sequence or batch, a shape oneDNN refuses,
/// and every call where oneDNN is absent (`OneDNN.isAvailable` false: Apple platforms).
///
///     import LSTMKitOneDNN
///     let lstm = LSTM<Float>(inputSize: 64, hiddenSize: 256, implementation: .oneDNN)
///     let out = lstm(x)               // lstm.layers[0].lastImplementation == OneDNNBackend.kernel
public struct OneDNNBackend: RecurrentBackend {
    /// "onednn", what `Recurrent.lastImplementation` reports when oneDNN ran.
    public static let kernel = RecurrentKernel(rawValue: "onednn")

    public var kernel: RecurrentKernel { Self.kernel }

    public init() {}

    public func canRun<Cell: RecurrentCell>(_ cell: Cell) -> Bool {
        guard OneDNN.isAvailable else { return false }
        switch cell {
        case let lstm as LSTMCell<Float>: return lstm.projectionSize == 0
        case is GRUCell<Float>: return true
        default: return false
        }
    }

    public func sequence<Cell: RecurrentCell>(
        _ cell: Cell, _ x: Tensor<Cell.Scalar>, initialState: Cell.State, mask: Tensor<Cell.Scalar>?, trace: Bool
    ) -> RecurrentOutput<Cell.State>? {
        guard mask == nil, !trace, canRun(cell), let x = x as? Tensor<Float> else { return nil }
        // The cell and state types are known here (canRun): the casts only restore them from the generics.
        switch (cell, initialState) {
        case let (lstm as LSTMCell<Float>, state as LSTMState<Float>):
            return lstm.oneDNNSequence(x, initialState: state) as? RecurrentOutput<Cell.State>
        case let (gru as GRUCell<Float>, state as HiddenState<Float>):
            return gru.oneDNNSequence(x, initialState: state) as? RecurrentOutput<Cell.State>
        default:
            return nil
        }
    }
}

extension RecurrentImplementation {
    /// oneDNN's fused RNN primitive (`OneDNNBackend`), falling back to `.native` where it cannot run.
    public static var oneDNN: RecurrentImplementation { .backend(OneDNNBackend()) }
}
