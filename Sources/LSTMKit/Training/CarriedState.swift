/// State carried from one batch to the next in stateful training (char-rnn's truncated backpropagation
/// through time): the recurrent state after batch k starts batch k + 1, detached so that gradients stop at
/// the batch boundary. `Trainer.fit(budget:train:stateful:)` carries it; checkpoints store it as tensors so a
/// resumed run starts the next batch from exactly the same state.
public protocol CarriedState<Scalar> {
    associatedtype Scalar: TensorScalar
    /// The same state cut from the autodiff graph.
    func detached() -> Self
    /// Every tensor of the state, grouped (for a stack: one group per layer and direction).
    var carriedComponents: [[Tensor<Scalar>]] { get }
    /// Rebuilds the state from `carriedComponents`.
    init(carriedComponents: [[Tensor<Scalar>]])
}

/// A stack's states, one per layer (and direction): `[LSTMState]`, `[HiddenState]`.
extension Array: CarriedState where Element: RecurrentState {
    public typealias Scalar = Element.Scalar
    public func detached() -> [Element] { map { $0.detached() } }
    public var carriedComponents: [[Tensor<Element.Scalar>]] { map(\.components) }
    public init(carriedComponents: [[Tensor<Element.Scalar>]]) { self = carriedComponents.map(Element.init(components:)) }
}

/// No carried state: what stateless training (`Trainer.fit(budget:train:loss:)`) carries.
public struct NoCarriedState<Scalar: TensorScalar>: CarriedState {
    public init() {}
    public init(carriedComponents: [[Tensor<Scalar>]]) {}
    public func detached() -> NoCarriedState { self }
    public var carriedComponents: [[Tensor<Scalar>]] { [] }
}
