import Foundation
import Testing
@testable import LSTMKit

/// The reference DFT on signals with known spectra, and kissfft's real FFT equal to it.
@Suite struct RealFFTTests {
    @Test func referenceDFTOfKnownSignals() {
        // An impulse has a flat spectrum; a constant only DC; a cosine on bin 3 only bin 3, with |X|^2 = (n/2)^2.
        let n = 16
        var impulse = [Double](repeating: 0, count: n)
        impulse[0] = 1
        #expect(ReferenceDFT.powerSpectrum(impulse, size: n).allSatisfy { abs($0 - 1) < 1e-12 })
        let dc = ReferenceDFT.powerSpectrum([Double](repeating: 0.5, count: n), size: n)
        #expect(abs(dc[0] - 64) < 1e-12 && dc.dropFirst().allSatisfy { abs($0) < 1e-12 })
        let cosine = (0..<n).map { cos(2 * Double.pi * 3 * Double($0) / Double(n)) }
        let power = ReferenceDFT.powerSpectrum(cosine, size: n)
        #expect(power.count == n / 2 + 1)
        for (k, p) in power.enumerated() { #expect(abs(p - (k == 3 ? 64 : 0)) < 1e-10, "bin \(k): \(p)") }
        // A sine on bin 2: X[2] = -i n/2 (its imaginary part carries it).
        let sine = (0..<n).map { sin(2 * Double.pi * 2 * Double($0) / Double(n)) }
        let x = ReferenceDFT.transform(sine, size: n)[2]
        #expect(abs(x.re) < 1e-12 && abs(x.im + 8) < 1e-12)
    }

    @Test func kissFFTEqualsTheReference() {
        let rng = RandomSource(seed: 7)
        // Even sizes (mixed radix too: 6, 10, 200), inputs shorter (zero-padded) and longer (truncated).
        for (size, length) in [(2, 2), (6, 6), (10, 7), (64, 64), (200, 200), (256, 200), (512, 400), (512, 600)] {
            let frame = rng.uniforms(count: length).map { 2 * $0 - 1 }
            let expected = ReferenceDFT.powerSpectrum(frame, size: size)
            let actual = RealFFT(size: size, backend: .kissFFT).powerSpectrum(frame)
            let scale = expected.max()!
            let worst = zip(actual, expected).map { abs($0 - $1) }.max()!
            #expect(actual.count == size / 2 + 1)
            #expect(worst <= 1e-5 * scale, "size \(size), length \(length): differs by \(worst) (max power \(scale))")
        }
    }

    @Test func referenceBackendIsTheReferenceDFT() {
        let frame = (0..<9).map { Double($0 % 4) - 1.5 }
        #expect(RealFFT(size: 9, backend: .reference).powerSpectrum(frame) == ReferenceDFT.powerSpectrum(frame, size: 9))
    }
}
