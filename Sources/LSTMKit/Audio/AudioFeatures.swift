import Foundation

/// Log-mel and MFCC features of a mono signal, step by step as python_speech_features 0.6 computes them
/// (`fbank`, `logfbank`, `mfcc`, `delta`), so its values are the witness (Tools/fixtures/audio.py):
///
///     y[t]      = x[t] - a * x[t-1]  (y[0] = x[0])                          pre-emphasis, a = 0.97
///     frame f   = y[f*S ..< f*S + L] * w, zero-padded at the end             L, S = window, step in samples
///                 (F = 1 if len <= L, else 1 + ceil((len - L) / S))         (rounded half up from seconds)
///     P[f][k]   = |FFT_n(frame f)[k]|^2 / n                                 k = 0 ... n/2   (RealFFT)
///     E[f]      = sum_k P[f][k]                                             frame energy
///     mel[f][j] = sum_k H[j][k] * P[f][k]   (0 replaced by eps = 2^-52)     MelFilterbank
///     logMel    = log(mel)                                                  [F, M]
///     c[f]      = DCT-II-ortho(logMel[f])[0 ..< K]                           DCT, K = cepstrumCount
///     c[f][k]  *= 1 + (L/2) sin(pi k / L)                                   lifter, L = 22
///     c[f][0]   = log(E[f])                                                 appendEnergy
///     delta[t]  = sum_{i=1}^{N} i * (c[t+i] - c[t-i]) / (2 sum i^2)         edges repeated (N = deltaWidth)
///     features  = [c, delta, delta-delta], minus the utterance mean when meanNormalize
///
/// Not thread-safe (it owns a `RealFFT`): one `AudioFeatures` per thread.
public final class AudioFeatures {
    public let config: AudioFeatureConfig
    public let sampleRate: Int
    public let frameLength: Int, frameStep: Int
    public let filterbank: MelFilterbank
    public let fft: RealFFT
    let window: [Double]
    let dct: DCT

    /// - Throws: `ConfigError`-like `AudioFeatureError` naming the config field when `config` does not fit
    ///   audio at `sampleRate` Hz.
    public init(_ config: AudioFeatureConfig, sampleRate: Int, backend: RealFFT.Backend = .preferred) throws {
        if let (field, message) = config.problem(sampleRate: sampleRate) {
            throw AudioFeatureError(field: field, message: message)
        }
        self.config = config
        self.sampleRate = sampleRate
        frameLength = Self.roundHalfUp(config.windowSeconds * Double(sampleRate))
        frameStep = Self.roundHalfUp(config.stepSeconds * Double(sampleRate))
        filterbank = MelFilterbank(count: config.melCount, fftSize: config.fftSize, sampleRate: Double(sampleRate),
                                   low: config.lowFrequency, high: config.highFrequency)
        fft = RealFFT(size: config.fftSize, backend: backend)
        window = config.window.weights(frameLength)
        dct = DCT(inputCount: config.melCount, outputCount: config.kind == .mfcc ? config.cepstrumCount : 1)
    }

    /// Python's `decimal` ROUND_HALF_UP to an integer (psf's `round_half_up`).
    static func roundHalfUp(_ x: Double) -> Int { Int((x + 0.5).rounded(.down)) }

    /// The pre-emphasized, windowed frames [F][L].
    public func frames(_ signal: [Float]) -> [[Double]] {
        if signal.isEmpty { failure("AudioFeatures.frames: an empty signal") }
        let a = config.preemphasis
        var y = signal.map(Double.init)
        if a > 0 { for t in stride(from: y.count - 1, to: 0, by: -1) { y[t] -= a * y[t - 1] } }
        let count = y.count <= frameLength ? 1
            : 1 + Int((Double(y.count - frameLength) / Double(frameStep)).rounded(.up))
        return (0..<count).map { f in
            (0..<frameLength).map { t in
                let i = f * frameStep + t
                return (i < y.count ? y[i] : 0) * window[t]
            }
        }
    }

    /// The power spectra P [F][n/2 + 1] (divided by n) of the frames.
    public func powerSpectra(_ frames: [[Double]]) -> [[Double]] {
        let scale = 1 / Double(config.fftSize)
        return frames.map { fft.powerSpectrum($0).map { $0 * scale } }
    }

    /// The filterbank energies [F][M] and the frame energies [F] (psf `fbank`; zeros replaced by eps).
    public func filterbankEnergies(_ signal: [Float]) -> (energies: [[Double]], frameEnergy: [Double]) {
        let spectra = powerSpectra(frames(signal))
        let eps = Double.ulpOfOne
        return (spectra.map { filterbank.apply($0).map { $0 == 0 ? eps : $0 } },
                spectra.map { p in let e = p.reduce(0, +); return e == 0 ? eps : e })
    }

    /// log of the filterbank energies, [F][M].
    public func logMel(_ signal: [Float]) -> [[Double]] {
        filterbankEnergies(signal).energies.map { $0.map { Foundation.log($0) } }
    }

    /// The MFCCs [F][K] (liftered, c[0] the log frame energy with `appendEnergy`).
    public func mfcc(_ signal: [Float]) -> [[Double]] {
        let (energies, frameEnergy) = filterbankEnergies(signal)
        let lift = (0..<config.cepstrumCount).map { k in
            config.lifter > 0 ? 1 + Double(config.lifter) / 2 * sin(Double.pi * Double(k) / Double(config.lifter)) : 1
        }
        return zip(energies, frameEnergy).map { mel, energy in
            var c = zip(dct(mel.map { Foundation.log($0) }), lift).map { $0 * $1 }
            if config.appendEnergy { c[0] = Foundation.log(energy) }
            return c
        }
    }

    /// psf's `delta(feat, N)`: sum_{i=1}^{N} i * (x[t+i] - x[t-i]) / (2 sum_{i=1}^{N} i^2), the first and last
    /// frames repeated past the edges.
    public static func deltas(_ x: [[Double]], width n: Int) -> [[Double]] {
        let denominator = Double(2 * (1...n).reduce(0) { $0 + $1 * $1 })
        let last = x.count - 1
        return (0..<x.count).map { t in
            (0..<x[t].count).map { j in
                var sum = 0.0
                for i in 1...n { sum += Double(i) * (x[min(t + i, last)][j] - x[max(t - i, 0)][j]) }
                return sum / denominator
            }
        }
    }

    /// The configured features of `signal`: MFCC or log-mel, the deltas, the mean normalisation; [F][D] with
    /// D = `config.featureCount`.
    public func callAsFunction(_ signal: [Float]) -> [[Float]] {
        let base = config.kind == .mfcc ? mfcc(signal) : logMel(signal)
        var blocks = [base]
        for _ in 0..<config.deltaOrder { blocks.append(Self.deltas(blocks.last!, width: config.deltaWidth)) }
        var rows = (0..<base.count).map { f in blocks.flatMap { $0[f] } }
        if config.meanNormalize {
            let d = rows[0].count
            let mean = (0..<d).map { j in rows.reduce(0) { $0 + $1[j] } / Double(rows.count) }
            rows = rows.map { zip($0, mean).map { $0 - $1 } }
        }
        return rows.map { $0.map(Float.init) }
    }
}

/// An `AudioFeatureConfig` field that does not fit the audio (a band above half the sample rate, a window
/// shorter than one sample): `highFrequency 5000 Hz is above half the sample rate (4000 Hz)`.
public struct AudioFeatureError: Error, CustomStringConvertible, Equatable, Sendable {
    public let field: String
    public let message: String
    public var description: String { "\(field) \(message)" }
}
