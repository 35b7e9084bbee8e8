/// Binary cross-entropy on logits (PyTorch `torch.nn.BCEWithLogitsLoss`), in the stable form:
///
///     loss = max(x, 0) - x * y + ln(1 + e^-|x|)                    (no positiveWeight)
///          = (1 - y) * x + w * softplus(-x),  w = 1 + (p - 1) * y   (with positiveWeight p)
///
/// where x are logits, y targets in [0, 1] (soft targets allowed) and softplus(-x) = -ln(sigmoid(x)).
/// `positiveWeight` weights the positive term (PyTorch `pos_weight`) and broadcasts against the logits,
/// e.g. shape [C] for one weight per class of logits [N, C]. Gradient: `dx = (1 - y) - w * sigmoid(-x)`.
///
///     binaryCrossEntropyWithLogits(logits: Tensor([0.0]), targets: Tensor([1.0]))   // ln 2
public func binaryCrossEntropyWithLogits<S: TensorScalar>(
    logits: Tensor<S>, targets: Tensor<S>, positiveWeight: Tensor<S>? = nil, reduction: Reduction = .mean
) -> Tensor<S> {
    let op = "binaryCrossEntropyWithLogits"
    checkSameShape(logits, targets, op, ("logits", "targets"))
    checkFinite(logits, "logits", op)
    checkFinite(targets, "targets", op)
    var positive = softplus(-logits)                                 // -ln sigmoid(x)
    if let p = positiveWeight {
        if ShapeMath.broadcast(p.shape, logits.shape, op) != logits.shape {
            failure("\(op): positiveWeight shape \(p.shape) does not broadcast to logits shape \(logits.shape)")
        }
        checkFinite(p, "positiveWeight", op)
        positive = (1 + (p - 1) * targets) * positive
    }
    let losses = (1 - targets) * logits + positive
    return reduce(losses, reduction, op)
}
