/// Which implementation a recurrent layer is asked to run. What actually ran is `Recurrent.lastImplementation`
/// (a `RecurrentKernel`: "reference", "fused", "native-avx512", "onednn", ...).
///
/// The default of `Recurrent`, `RecurrentStack` (`LSTM`, `GRU`, `RNN`, ...) and `Bidirectional` is `.native`:
/// the fastest kernel this machine has, through one fallback chain. Each step runs when it can run the call,
/// and otherwise hands it to the next:
///
///     .backend(b)  b's kernel (e.g. oneDNN: Float LSTM without projection or GRU, no lengths, mask or trace)
///        |
///     .native      the native C kernels for the CPU's instruction set ("native-avx512", "native-avx2",
///        |         "native-neon": Float LSTM without projection and Float GRU; `NativeKernels`)
///        |
///     .fused       the Swift fused kernel ("fused": LSTM, with or without projection, and GRU, in Float or
///        |         Double, with lengths, masks, reversal and traces)
///        |
///     .reference   the cell's differentiable reference, one op at a time (every cell)
///
/// Asking for a step starts the chain there: `.fused` never runs the native kernels, `.reference` never runs a
/// kernel. Every step after the first runs the same equations, tested equal to the reference. Three things
/// always run the reference: cells without a kernel (`RNNCell`, the LSTM variants), active regularization
/// (`RecurrentRegularization`) and an empty sequence or batch (T = 0 or B = 0).
///
/// `resolved(for:)` says, without running anything, where the chain lands for a cell on this machine (what a
/// training header prints before training).
public enum RecurrentImplementation: Sendable, Hashable, CustomStringConvertible {
    /// The cell's readable reference, one differentiable op at a time (every cell supports it).
    case reference
    /// The Swift fused kernel: an explicit forward and BPTT backward over the whole sequence (LSTM and GRU),
    /// never the native kernels.
    case fused
    /// The native C kernels where they apply to this CPU and cell, else `.fused` (then `.reference`).
    case native
    /// A kernel library outside LSTMKit (e.g. `.oneDNN` from the LSTMKitOneDNN target), else `.native`.
    case backend(any RecurrentBackend)

    /// The names `init?(name:)` reads and `description` prints: "reference", "fused", "native", or the
    /// backend's kernel name ("onednn").
    public var description: String {
        switch self {
        case .reference: "reference"
        case .fused: "fused"
        case .native: "native"
        case .backend(let backend): backend.kernel.rawValue
        }
    }

    /// `.reference`, `.fused` or `.native` by name (a backend comes from its own module, e.g. `.oneDNN`).
    public init?(name: String) {
        switch name {
        case "reference": self = .reference
        case "fused": self = .fused
        case "native": self = .native
        default: return nil
        }
    }

    public static func == (a: Self, b: Self) -> Bool { a.description == b.description }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }

    /// The kernels a layer of `cell` tries, in order, each handing a call it cannot run to the next; the last
    /// is always `.reference`.
    public func fallbackChain<Cell: RecurrentCell>(for cell: Cell) -> [RecurrentKernel] {
        switch self {
        case .reference: return [.reference]
        case .fused: return cell.sequenceKernels.filter { $0 == .fused } + [.reference]
        case .native: return cell.sequenceKernels + [.reference]
        case .backend(let backend):
            let own = backend.canRun(cell) ? [backend.kernel] : []
            return own + RecurrentImplementation.native.fallbackChain(for: cell)
        }
    }

    /// The kernel a layer of `cell` runs on this machine when the call itself forces no fallback (no empty
    /// input; for a backend, also no lengths, mask or trace) and no regularization is active: "native-avx512"
    /// for `.native` and an `LSTMCell<Float>` on a CPU with AVX-512 ("native-avx2", "native-neon" on others),
    /// "fused" on a CPU with none.
    public func resolved<Cell: RecurrentCell>(for cell: Cell) -> RecurrentKernel { fallbackChain(for: cell)[0] }
}
