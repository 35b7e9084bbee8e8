/// LSTMKit: recurrent neural networks in Swift, readable and fast.
///
/// Reading order: `Tensor/` (the array type and the graph node it points into) -> `Autodiff/` (recording
/// and `backward()`) -> `Ops/` (each op with its derivative) -> `Layers/` (`Linear`, `Module`) -> `Losses/`
/// -> `Optimizers/`. The layers, bottom to top, are in docs/architecture.md.
public enum LSTMKit {
    /// The library version, printed by `lstm --version`.
    public static let version = "0.1.0"
}
