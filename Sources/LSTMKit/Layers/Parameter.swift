import Foundation

/// A trainable tensor: its value, the gradient `backward()` accumulated for it, and a name for messages.
///
/// Layers read `value` in their forward pass (it is connected to the autodiff graph, so gradients reach
/// `grad`); optimizers write `data`. Like a PyTorch `nn.Parameter`, where `data` is `param.data`.
public final class Parameter<Scalar: TensorScalar> {
    /// The raw values (not tracked). Assigning keeps the shape fixed: a different shape is an error.
    public var data: Tensor<Scalar> {
        didSet {
            if data.shape != oldValue.shape {
                let shape = data.shape
                data = oldValue
                failure("Parameter \(name): cannot assign a tensor of shape \(shape) to a parameter of shape \(oldValue.shape)")
            }
            data = data.detached()
            derivedLock.lock()
            version &+= 1
            derivedValues.removeAll()
            derivedLock.unlock()
        }
    }
    /// Counts the changes of `data` (every assignment or in-place edit): what `derived(_:_:)` is keyed on.
    public private(set) var version: UInt64 = 0
    private let derivedLock = NSLock()
    private var derivedValues: [String: AnyObject] = [:]
    /// The leaf of the autodiff graph this parameter's gradient accumulates in.
    let leaf: GradNode<Scalar>
    /// A label used in error messages and gradient-check reports (set by modules; paths come from
    /// `namedParameters()`).
    public var name: String

    public init(_ value: Tensor<Scalar>, name: String = "") {
        self.data = value.detached()
        self.leaf = GradNode.leaf(shape: value.shape, name: name)
        self.name = name
    }

    /// While set, `value` is multiplied by this mask (DropConnect / weight drop, set by `Recurrent` for one
    /// sequence); the gradient flows through the product, so dropped weights get none.
    var dropConnectMask: Tensor<Scalar>?

    /// The value, connected to the autodiff graph: use this in forward passes.
    public var value: Tensor<Scalar> {
        let tracked = Tensor(shape: data.shape, scalars: data.scalars, tapeEntry: TapeEntry(node: leaf, index: 0))
        if let dropConnectMask { return tracked * dropConnectMask }
        return tracked
    }

    /// The accumulated gradient (nil before the first backward and after `zeroGrad()`).
    public var grad: Tensor<Scalar>? {
        get { leaf.leafGrad }
        set {
            if let newValue, newValue.shape != data.shape {
                failure("Parameter \(name): gradient of shape \(newValue.shape) for a parameter of shape \(data.shape)")
            }
            leaf.leafGrad = newValue?.detached()
        }
    }

    /// A value computed from `data` alone (the weights packed for a native kernel), made once per `key` and
    /// per version of `data` and dropped as soon as `data` changes, so it is never stale. Safe to call from
    /// several threads. A streaming caller (one step per call) then packs the weights once, not per call.
    func derived<T: AnyObject>(_ key: String, _ make: (Tensor<Scalar>) -> T) -> T {
        derivedLock.lock()
        defer { derivedLock.unlock() }
        if let value = derivedValues[key] as? T { return value }
        let value = make(data)
        derivedValues[key] = value
        return value
    }

    /// The shape of the value.
    public var shape: [Int] { data.shape }
    /// The number of scalars.
    public var count: Int { data.count }
}
