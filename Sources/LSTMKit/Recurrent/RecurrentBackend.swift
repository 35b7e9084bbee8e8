/// A kernel library outside LSTMKit that runs some recurrent layers over a whole sequence, selected with
/// `implementation: .backend(...)`. The LSTMKitOneDNN target provides one (`RecurrentImplementation.oneDNN`),
/// so that LSTMKit itself links no vendor library.
///
/// A backend runs the cell's equations as ONE autodiff op (`Tensor.customOp`) whose gradients equal the
/// reference's; where it cannot run a call it returns nil and the layer continues down the fallback chain
/// (see `RecurrentImplementation`).
public protocol RecurrentBackend: Sendable {
    /// The name `Recurrent.lastImplementation` reports when this backend ran (e.g. "onednn").
    var kernel: RecurrentKernel { get }

    /// Whether this backend can run layers of `cell` at all: the cell type, its scalar and options, and the
    /// library being present. A call may still be declined (`sequence` returns nil).
    func canRun<Cell: RecurrentCell>(_ cell: Cell) -> Bool

    /// `cell` over x [T, B, D] (time-major) from `initialState`, with the keep-mask [T, B] (nil when every
    /// step is real) and the per-step trace if asked for; nil when this backend cannot run this call.
    func sequence<Cell: RecurrentCell>(
        _ cell: Cell, _ x: Tensor<Cell.Scalar>, initialState: Cell.State, mask: Tensor<Cell.Scalar>?, trace: Bool
    ) -> RecurrentOutput<Cell.State>?
}
