import Foundation
import Testing
@testable import LSTMKit

/// The pieces of `AudioFeatures` on cases with known answers, and its config checks.
@Suite struct AudioFeaturesTests {
    @Test func windowsAreNumPys() {
        let hamming = AudioFeatureConfig.Window.hamming.weights(5)
        for (a, b) in zip(hamming, [0.08, 0.54, 1, 0.54, 0.08]) { #expect(abs(a - b) < 1e-12) }
        let hann = AudioFeatureConfig.Window.hann.weights(5)
        for (a, b) in zip(hann, [0, 0.5, 1, 0.5, 0]) { #expect(abs(a - b) < 1e-12) }
        #expect(AudioFeatureConfig.Window.rectangular.weights(3) == [1, 1, 1])
    }

    @Test func dctIsOrthonormal() {
        let dct = DCT(inputCount: 6, outputCount: 6)
        for i in 0..<6 {
            for j in 0..<6 {
                let dot = zip(dct.basis[i], dct.basis[j]).reduce(0) { $0 + $1.0 * $1.1 }
                #expect(abs(dot - (i == j ? 1 : 0)) < 1e-12, "rows \(i), \(j): \(dot)")
            }
        }
        // A constant has only c[0] = sqrt(N) * value.
        let c = dct([Double](repeating: 2, count: 6))
        #expect(abs(c[0] - 2 * 6.0.squareRoot()) < 1e-12 && c.dropFirst().allSatisfy { abs($0) < 1e-12 })
    }

    @Test func deltasOfARampAreItsSlope() {
        let ramp = (0..<8).map { [3 * Double($0), -Double($0)] }
        let d = AudioFeatures.deltas(ramp, width: 2)
        for t in 2..<6 { #expect(d[t] == [3, -1], "frame \(t): \(d[t])") }
        // At the edges the repeated frames flatten it: (1*(3-0) + 2*(6-0)) / 10 = 1.5 at t = 0.
        #expect(d[0][0] == 1.5)
    }

    @Test func framesFollowPythonSpeechFeatures() throws {
        var config = AudioFeatureConfig()
        config.preemphasis = 0.5
        let features = try AudioFeatures(config, sampleRate: 400, backend: .reference)   // L = 10, S = 4 samples
        #expect(features.frameLength == 10 && features.frameStep == 4)
        let frames = features.frames((1...15).map(Float.init))
        // 1 + ceil((15 - 10) / 4) = 3 frames; y = [1, 1.5, 2, ...]; the last frame is zero-padded.
        #expect(frames.count == 3)
        #expect(frames[0][0] == 1 && frames[0][1] == 1.5 && frames[1][0] == 3)
        #expect(frames[2][6] == 8 && frames[2][7] == 0)              // y[14] = 1 + 0.5 * 14
        #expect(features.frames([1, 2]).count == 1)
    }

    @Test func featureCountAndMeanNormalisation() throws {
        var config = AudioFeatureConfig()
        config.deltaOrder = 2
        config.meanNormalize = true
        config.window = .hamming
        #expect(config.featureCount == 39)
        let signal: [Float] = (0..<2000).map { (t: Int) -> Float in
            let x = Double(t)
            return Float(0.5 * sin(0.3 * x) + 0.2 * sin(0.05 * x))
        }
        let rows = try AudioFeatures(config, sampleRate: 8000)(signal)
        let expectedFrames = 1 + 23                                  // 1 + ceil((2000 - 200) / 80)
        #expect(rows.count == expectedFrames)
        #expect(rows.allSatisfy { $0.count == 39 })
        for j in 0..<39 {
            let mean = rows.reduce(0.0) { $0 + Double($1[j]) } / Double(rows.count)
            #expect(abs(mean) < 1e-4, "coefficient \(j): mean \(mean)")
        }
        config.kind = .logMel
        config.deltaOrder = 1
        #expect(config.featureCount == 52)
        #expect(try AudioFeatures(config, sampleRate: 8000)(signal).first?.count == 52)
    }

    @Test func refusesConfigsThatDoNotFit() {
        func problem(_ change: (inout AudioFeatureConfig) -> Void, rate: Int = 8000) -> String? {
            var c = AudioFeatureConfig()
            change(&c)
            do { _ = try AudioFeatures(c, sampleRate: rate); return nil } catch { return "\(error)" }
        }
        #expect(problem { _ in } == nil)
        #expect(problem { $0.highFrequency = 5000 } == "highFrequency 5000.0 Hz is above half the sample rate (4000.0 Hz)")
        #expect(problem { $0.fftSize = 511 }?.hasPrefix("fftSize must be an even number") == true)
        #expect(problem { $0.cepstrumCount = 27 }?.hasPrefix("cepstrumCount must be in 1...melCount (26)") == true)
        #expect(problem { $0.windowSeconds = 0.00005 }?.hasPrefix("windowSeconds 5e-05 s is less than one sample") == true)
        #expect(problem { $0.deltaOrder = 3 }?.hasPrefix("deltaOrder must be 0, 1 or 2") == true)
        #expect(problem { $0.preemphasis = 1 }?.hasPrefix("preemphasis must be in [0, 1)") == true)
        #expect(problem({ $0.lowFrequency = 300 }, rate: 600)?.hasPrefix("lowFrequency 300.0 Hz is not below") == true)
    }
}
