/// Regularization made for recurrent networks, set on a `Recurrent` layer (`layer.regularization`).
/// All of it is active in training mode only; evaluation is deterministic.
///
/// - `recurrentDropout` p (Gal & Ghahramani 2016, "A Theoretically Grounded Application of Dropout in
///   Recurrent Neural Networks"): one Bernoulli(1 - p) mask m [B, O] per sequence, scaled by 1 / (1 - p), on
///   the previous h wherever the cell reads it through its recurrent weights: `(h[t-1] * m) @ W_hh^T`.
///   The same mask at every step is what makes it "variational".
/// - `zoneoutHidden` / `zoneoutCell` z (Krueger et al. 2017, "Zoneout"): at every step each unit keeps its
///   previous value with probability z instead of taking the new one:
///
///       training:   h[t] = d * h[t-1] + (1 - d) * h_new,   d ~ Bernoulli(z) per unit and step
///       evaluation: h[t] = z * h[t-1] + (1 - z) * h_new   (the expectation)
///
///   and likewise for the LSTM cell state c with its own rate.
/// - `weightDropout` p (DropConnect on W_hh, Wan et al. 2013, as used by Merity et al. 2018 "AWD-LSTM"):
///   one mask on the recurrent weight matrix `weightHH` per sequence, `W_hh * M / (1 - p)`; dropped
///   weights receive no gradient.
///
/// Variational dropout on a layer's inputs and outputs is the `VariationalDropout` layer.
/// With any of these active, `.fused` layers run the reference (the kernels implement the plain recurrence).
public struct RecurrentRegularization: Sendable, Equatable {
    public var recurrentDropout: Double
    public var zoneoutHidden: Double
    public var zoneoutCell: Double
    public var weightDropout: Double

    public init(recurrentDropout: Double = 0, zoneoutHidden: Double = 0, zoneoutCell: Double = 0,
                weightDropout: Double = 0) {
        for (name, p) in [("recurrentDropout", recurrentDropout), ("zoneoutHidden", zoneoutHidden),
                          ("zoneoutCell", zoneoutCell), ("weightDropout", weightDropout)] where !(p >= 0 && p < 1) {
            failure("RecurrentRegularization: \(name) = \(p) is outside [0, 1)")
        }
        self.recurrentDropout = recurrentDropout
        self.zoneoutHidden = zoneoutHidden
        self.zoneoutCell = zoneoutCell
        self.weightDropout = weightDropout
    }

    /// True when any option is non-zero (zoneout changes evaluation too, so it counts in both modes).
    public var isActive: Bool {
        recurrentDropout > 0 || zoneoutHidden > 0 || zoneoutCell > 0 || weightDropout > 0
    }
}

extension Recurrent {
    /// The per-sequence masks: recurrent dropout on h, and DropConnect on `weightHH` (already installed on
    /// the parameter; the caller clears it when the sequence is done).
    func regularizationMasks(batch: Int) -> (hidden: Tensor<Scalar>?, weight: Parameter<Scalar>?) {
        guard isTraining else { return (nil, nil) }
        var hidden: Tensor<Scalar>? = nil
        if regularization.recurrentDropout > 0 {
            hidden = scaledDropoutMask([batch, cell.outputSize], drop: regularization.recurrentDropout, rng: rng)
        }
        var weight: Parameter<Scalar>? = nil
        if regularization.weightDropout > 0 {
            guard let w = cell.namedParameters().first(where: { $0.path == "weightHH" })?.parameter else {
                failure("Recurrent: weightDropout needs a cell with a 'weightHH' parameter; \(Cell.self) has none")
            }
            w.dropConnectMask = scaledDropoutMask(w.shape, drop: regularization.weightDropout, rng: rng)
            weight = w
        }
        return (hidden, weight)
    }

    /// Zoneout of the new state against the previous one (identity when both rates are 0).
    func zoneout(_ new: Cell.State, previous: Cell.State) -> Cell.State {
        let rates = [regularization.zoneoutHidden, regularization.zoneoutCell]
        if rates.allSatisfy({ $0 == 0 }) { return new }
        var components = new.components
        for k in components.indices where k < rates.count && rates[k] > 0 {
            let z = rates[k], old = previous.components[k]
            if isTraining {
                let d = Tensor<Scalar>.bernoulli(old.shape, p: z, using: rng)   // 1 = keep the previous value
                components[k] = d * old + (1 - d) * components[k]
            } else {
                components[k] = Scalar(z) * old + Scalar(1 - z) * components[k]
            }
        }
        return Cell.State(components: components)
    }
}

/// Bernoulli(1 - drop) entries scaled by 1 / (1 - drop) (inverted dropout).
func scaledDropoutMask<S: TensorScalar>(_ shape: [Int], drop: Double, rng: RandomSource) -> Tensor<S> {
    let scale = S(1 / (1 - drop))
    return Tensor(shape: shape, scalars: rng.uniforms(count: shape.reduce(1, *)).map { $0 < 1 - drop ? scale : 0 })
}

/// Variational ("locked") dropout on a sequence (Gal & Ghahramani 2016): one mask per sequence and feature,
/// the same at every time step, scaled by 1 / (1 - p). Use it on the inputs and outputs of recurrent
/// layers; identity in evaluation mode.
///
///     y[t, b, :] = x[t, b, :] * m[b, :] / (1 - p),    m ~ Bernoulli(1 - p)     (x [T, B, F])
public final class VariationalDropout<Scalar: TensorScalar>: Layer {
    public let probability: Double
    /// With `batchFirst` the input is [B, T, F].
    public var batchFirst: Bool
    public let rng: RandomSource
    public var isTraining = true

    public init(probability: Double, batchFirst: Bool = false, rng: RandomSource = .global) {
        if !(probability >= 0 && probability < 1) {
            failure("VariationalDropout: probability \(probability) is outside [0, 1)")
        }
        self.probability = probability
        self.batchFirst = batchFirst
        self.rng = rng
    }

    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        if x.rank != 3 {
            failure("VariationalDropout: input of shape \(x.shape), expected rank 3 " + (batchFirst ? "[B, T, F]" : "[T, B, F]"))
        }
        if !isTraining || probability == 0 { return x }
        let maskShape = batchFirst ? [x.shape[0], 1, x.shape[2]] : [1, x.shape[1], x.shape[2]]
        return x * scaledDropoutMask(maskShape, drop: probability, rng: rng)
    }
}
