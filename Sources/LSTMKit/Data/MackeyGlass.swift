import Foundation

/// The Mackey-Glass delay differential equation (Mackey & Glass 1977), generated deterministically:
///
///     dx/dt = 0.2 * x(t - tau) / (1 + x(t - tau)^10) - 0.1 * x(t)
///
/// chaotic for tau = 17, the classic echo state network benchmark (Jaeger 2001; Jaeger & Haas 2004).
///
/// Integration: explicit Euler with step `step` (default 0.1), so the delay is tau / step steps (170), from the
/// constant history x(t) = `initial` (1.2) for t <= 0; every `subsample`-th value (default 10: one sample per
/// time unit) is kept, and the first `transient` samples are dropped so the series starts on the attractor.
/// This is a common discretization for the ESN benchmark (step 1/10, subsampled by 10), not an accurate
/// solution of the continuous equation: a smaller step gives a different (equally chaotic) series.
public enum MackeyGlass {
    /// `count` samples x(k * step * subsample) for k = transient..<transient + count (tau = 17, step 0.1,
    /// subsample 10: x(k), one per time unit).
    public static func series(count: Int, tau: Double = 17, step: Double = 0.1, subsample: Int = 10,
                              transient: Int = 1000, initial: Double = 1.2) -> [Double] {
        let delay = Int((tau / step).rounded())
        if count < 1 || subsample < 1 || transient < 0 || !(step > 0) || !(tau > 0)
            || abs(Double(delay) * step - tau) > 1e-9 * tau {
            failure("MackeyGlass.series: need count >= 1, subsample >= 1, transient >= 0 and tau a positive " +
                    "multiple of the step, got count \(count), subsample \(subsample), transient \(transient), " +
                    "tau \(tau), step \(step)")
        }
        // xs[n + delay] = x(n * step); xs[0...delay] is the constant history x(-tau...0).
        let steps = (transient + count - 1) * subsample
        var xs = [Double](repeating: initial, count: delay + steps + 1)
        for n in 0..<steps {
            let x = xs[n + delay], lagged = xs[n]                     // x(t), x(t - tau)
            xs[n + delay + 1] = x + step * (0.2 * lagged / (1 + pow(lagged, 10)) - 0.1 * x)
        }
        let out = (transient..<(transient + count)).map { xs[$0 * subsample + delay] }
        return out
    }
}
