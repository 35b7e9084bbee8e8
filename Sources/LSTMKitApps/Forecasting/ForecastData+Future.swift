import LSTMKit

extension ForecastData {
    /// The network's forecast of the `horizon` steps after the last step of the series, in original units:
    /// the last `window` steps (target level after the transform, and the feature columns of `series`),
    /// scaled with the fitted scaler, through the network, inverted at origin count - 1.
    func forecastAfterEnd(_ model: Forecaster<Float>, series: TimeSeries) -> [Double] {
        let c = config, n = count, w = c.window, f = c.inputSize
        let u = levels.last!
        let extra = c.features.map { (try? series.column($0)) ?? [] }
        var rows = [Float]()
        rows.reserveCapacity(w * f)
        for t in (n - w)..<n {
            let raw = [u[t]] + extra.map { $0[t] }
            for (k, v) in raw.enumerated() { rows.append(Float(v * scaler.multipliers[k] + scaler.offsets[k])) }
        }
        model.eval()
        let out = withoutGrad { model(Tensor(shape: [w, 1, f], scalars: rows)) }      // [1, H]
        return invert(scaled: [out.scalars.map { Double($0) }], origins: [n - 1])[0]
    }
}
