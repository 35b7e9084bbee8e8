/// LSTMKit: recurrent neural networks in Swift, readable and fast.
///
/// Reading order: `Tensor/` (the array type) -> `Autodiff/` (the tape and `backward()`) -> `Ops/` (each op
/// with its derivative) -> `Layers/` (`Linear`, `Module`) -> `Losses/` -> `Optimizers/`.
public enum LSTMKit {
    /// The library version, printed by `lstm --version`.
    public static let version = "0.1.0"
}
