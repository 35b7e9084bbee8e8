import Foundation
import Testing
@testable import LSTMKit

/// `AudioFeatures` against python_speech_features 0.6 (Tests/LSTMKitTests/Fixtures/audio.json, written by
/// Tools/fixtures/audio.py): the mel filterbank, filterbank energies, log-mel, MFCC and deltas of five
/// generated signals (8, 16 and 22.05 kHz; no window, Hamming, Hann; one frame shorter than the window).
/// With the reference DFT (Double) every value agrees to 1e-10 (relative for the energies, absolute for the
/// logs); with kissfft (Float) the logs agree to `kissTolerance`.
@Suite struct AudioFeaturesFixtureTests {
    struct Case: Decodable {
        var name: String
        var sampleRate, fftSize, melCount, cepstrumCount, lifter, deltaWidth: Int
        var windowSeconds, stepSeconds, lowFrequency, preemphasis: Double
        var highFrequency: Double?
        var appendEnergy: Bool
        var window: String
        var signal16: [Int]
        var filterbankShape: [Int]
        var filterbankNonzero: [[Double]]
        var frameEnergy: [Double]
        var energies, logMel, mfcc, deltas: [[Double]]

        var config: AudioFeatureConfig {
            var c = AudioFeatureConfig()
            c.windowSeconds = windowSeconds
            c.stepSeconds = stepSeconds
            c.fftSize = fftSize
            c.melCount = melCount
            c.cepstrumCount = cepstrumCount
            c.lowFrequency = lowFrequency
            c.highFrequency = highFrequency
            c.preemphasis = preemphasis
            c.lifter = lifter
            c.appendEnergy = appendEnergy
            c.window = AudioFeatureConfig.Window(rawValue: window)!
            c.deltaWidth = deltaWidth
            return c
        }
        var signal: [Float] { signal16.map { Float($0) / 32768 } }
    }
    struct File: Decodable {
        var generator: String
        var python_speech_features_version: String
        var cases: [Case]
    }

    /// The largest difference of the kissfft (single precision) log-mel and MFCC from psf's Double values.
    static let kissTolerance = 1e-3

    /// The largest |a - b| / max(1, |b|) (relative: |a - b| / |b|) over all values, and where.
    func worst(_ a: [[Double]], _ b: [[Double]], relative: Bool = false) -> (Double, String) {
        if a.count != b.count || zip(a, b).contains(where: { $0.count != $1.count }) {
            return (.infinity, "shape [\(a.count), \(a.first?.count ?? 0)] vs [\(b.count), \(b.first?.count ?? 0)]")
        }
        var worst = 0.0, at = ""
        for (f, (x, y)) in zip(a, b).enumerated() {
            for (j, (u, v)) in zip(x, y).enumerated() {
                let d = relative ? abs(u - v) / abs(v) : abs(u - v) / max(1, abs(v))
                if !(d <= worst) { worst = d; at = "[\(f)][\(j)] \(u) vs \(v)" }
            }
        }
        return (worst, at)
    }

    @Test func filterbankMatches() throws {
        let file = try Fixtures.load("audio", as: File.self)
        #expect(file.generator == "Tools/fixtures/audio.py" && file.cases.count == 5)
        for c in file.cases {
            let bank = MelFilterbank(count: c.melCount, fftSize: c.fftSize, sampleRate: Double(c.sampleRate),
                                     low: c.lowFrequency, high: c.highFrequency)
            var expected = [[Double]](repeating: [Double](repeating: 0, count: c.filterbankShape[1]),
                                      count: c.filterbankShape[0])
            for e in c.filterbankNonzero { expected[Int(e[0])][Int(e[1])] = e[2] }
            let (d, at) = worst(bank.weights, expected)
            #expect(d <= 1e-12, "\(c.name): filterbank differs by \(d) at \(at)")
        }
    }

    @Test func referenceDFTMatchesInDouble() throws {
        for c in try Fixtures.load("audio", as: File.self).cases {
            let features = try AudioFeatures(c.config, sampleRate: c.sampleRate, backend: .reference)
            let (energies, frameEnergy) = features.filterbankEnergies(c.signal)
            for (what, (d, at)) in [("energies", worst(energies, c.energies, relative: true)),
                                    ("frame energy", worst([frameEnergy], [c.frameEnergy], relative: true)),
                                    ("log-mel", worst(features.logMel(c.signal), c.logMel)),
                                    ("mfcc", worst(features.mfcc(c.signal), c.mfcc)),
                                    ("deltas", worst(AudioFeatures.deltas(c.mfcc, width: c.deltaWidth), c.deltas))] {
                #expect(d <= 1e-10, "\(c.name): \(what) differs by \(d) at \(at)")
            }
        }
    }

    @Test func kissFFTMatchesWithinFloatTolerance() throws {
        #expect(RealFFT.Backend.preferred == .kissFFT, "kissfft is linked on Linux")
        for c in try Fixtures.load("audio", as: File.self).cases {
            let features = try AudioFeatures(c.config, sampleRate: c.sampleRate, backend: .kissFFT)
            var config = c.config
            config.deltaOrder = 1
            let withDeltas = try AudioFeatures(config, sampleRate: c.sampleRate, backend: .kissFFT)
            let combined = zip(c.mfcc, c.deltas).map { $0 + $1 }
            for (what, (d, at)) in [("log-mel", worst(features.logMel(c.signal), c.logMel)),
                                    ("mfcc", worst(features.mfcc(c.signal), c.mfcc)),
                                    ("mfcc + deltas", worst(withDeltas(c.signal).map { $0.map(Double.init) }, combined))] {
                #expect(d <= Self.kissTolerance, "\(c.name): \(what) differs by \(d) at \(at)")
            }
        }
    }
}
