import Foundation

/// The settings of `AudioFeatures`. The defaults are python_speech_features' `mfcc` (0.6):
/// `mfcc(signal, samplerate, winlen=0.025, winstep=0.01, numcep=13, nfilt=26, nfft=512, lowfreq=0,
/// highfreq=None, preemph=0.97, ceplifter=22, appendEnergy=True)` with its rectangular window.
public struct AudioFeatureConfig: Codable, Equatable, Sendable {
    /// What each frame becomes.
    public enum Kind: String, Codable, CaseIterable, Sendable {
        /// `cepstrumCount` MFCCs (psf `mfcc`).
        case mfcc
        /// The log of the `melCount` filter energies (psf `log(fbank(...)[0])`).
        case logMel = "log-mel"
    }

    /// The analysis window applied to each frame (symmetric, as numpy's `hamming` / `hanning`).
    public enum Window: String, Codable, CaseIterable, Sendable {
        /// No window (python_speech_features' default).
        case rectangular
        /// 0.54 - 0.46 cos(2 pi t / (L - 1)).
        case hamming
        /// 0.5 - 0.5 cos(2 pi t / (L - 1)).
        case hann

        /// The L weights.
        public func weights(_ length: Int) -> [Double] {
            if self == .rectangular || length == 1 { return [Double](repeating: 1, count: length) }
            let (a, b) = self == .hamming ? (0.54, 0.46) : (0.5, 0.5)
            return (0..<length).map { a - b * cos(2 * Double.pi * Double($0) / Double(length - 1)) }
        }
    }

    public var kind = Kind.mfcc
    /// Frame length and step in seconds (rounded half up to samples).
    public var windowSeconds = 0.025
    public var stepSeconds = 0.01
    public var window = Window.rectangular
    /// n, the FFT length (frames longer than n are truncated, as in psf).
    public var fftSize = 512
    public var melCount = 26
    public var cepstrumCount = 13
    /// The filterbank's band in Hz (`highFrequency` nil: half the sample rate).
    public var lowFrequency = 0.0
    public var highFrequency: Double?
    /// y[t] = x[t] - preemphasis * x[t-1] before framing (0: none).
    public var preemphasis = 0.97
    /// Cepstral liftering c[k] * (1 + L/2 sin(pi k / L)) (0: none).
    public var lifter = 22
    /// MFCC: replace c[0] with the log of the frame's total power.
    public var appendEnergy = true
    /// Append deltas (1) or deltas and delta-deltas (2) over +-`deltaWidth` frames (psf `delta`).
    public var deltaOrder = 0
    public var deltaWidth = 2
    /// Subtract each coefficient's mean over the utterance (cepstral mean normalisation), after the deltas.
    public var meanNormalize = false

    public init() {}

    /// The features per frame: the base coefficients times (1 + deltaOrder).
    public var featureCount: Int { (kind == .mfcc ? cepstrumCount : melCount) * (1 + deltaOrder) }

    /// The first invalid field and what is wrong with it, for audio at `sampleRate` Hz (nil: valid).
    public func problem(sampleRate: Int? = nil) -> (field: String, message: String)? {
        if !(windowSeconds > 0 && windowSeconds <= 1) { return ("windowSeconds", "must be in (0, 1], got \(windowSeconds)") }
        if !(stepSeconds > 0 && stepSeconds <= 1) { return ("stepSeconds", "must be in (0, 1], got \(stepSeconds)") }
        if fftSize < 2 || fftSize % 2 != 0 || fftSize > 1 << 16 {
            return ("fftSize", "must be an even number from 2 to 65536, got \(fftSize)")
        }
        if melCount < 1 || melCount > 512 { return ("melCount", "must be in 1...512, got \(melCount)") }
        if kind == .mfcc && !(1...melCount).contains(cepstrumCount) {
            return ("cepstrumCount", "must be in 1...melCount (\(melCount)), got \(cepstrumCount)")
        }
        if !(lowFrequency >= 0 && lowFrequency.isFinite) { return ("lowFrequency", "must be >= 0, got \(lowFrequency)") }
        if let highFrequency, !(highFrequency > lowFrequency && highFrequency.isFinite) {
            return ("highFrequency", "must be above lowFrequency (\(lowFrequency)), got \(highFrequency)")
        }
        if !(preemphasis >= 0 && preemphasis < 1) { return ("preemphasis", "must be in [0, 1), got \(preemphasis)") }
        if lifter < 0 { return ("lifter", "must be >= 0, got \(lifter)") }
        if !(0...2).contains(deltaOrder) { return ("deltaOrder", "must be 0, 1 or 2, got \(deltaOrder)") }
        if deltaWidth < 1 || deltaWidth > 10 { return ("deltaWidth", "must be in 1...10, got \(deltaWidth)") }
        if let sampleRate {
            let nyquist = Double(sampleRate) / 2
            if (highFrequency ?? nyquist) > nyquist {
                return ("highFrequency", "\(highFrequency ?? 0) Hz is above half the sample rate (\(nyquist) Hz)")
            }
            if lowFrequency >= (highFrequency ?? nyquist) {
                return ("lowFrequency", "\(lowFrequency) Hz is not below the top of the band (\(highFrequency ?? nyquist) Hz)")
            }
            if AudioFeatures.roundHalfUp(windowSeconds * Double(sampleRate)) < 1 {
                return ("windowSeconds", "\(windowSeconds) s is less than one sample at \(sampleRate) Hz")
            }
            if AudioFeatures.roundHalfUp(stepSeconds * Double(sampleRate)) < 1 {
                return ("stepSeconds", "\(stepSeconds) s is less than one sample at \(sampleRate) Hz")
            }
        }
        return nil
    }
}
