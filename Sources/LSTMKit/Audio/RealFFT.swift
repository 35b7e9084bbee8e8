import Foundation
#if canImport(CKissFFT)
import CKissFFT
#endif

/// The power spectrum |X[k]|^2, k = 0 ... n/2, of real frames of `size` samples (zero-padded or truncated):
/// kissfft's real FFT (`kiss_fftr`, single precision, O(n log n)) where it is linked (Linux), or the
/// `ReferenceDFT` (Double, O(n^2)) when asked for or where kissfft is not available. `backend` says which one
/// runs; nothing falls back silently.
///
/// Why kissfft: a small, well-kept C FFT under the BSD-3-Clause licence that Debian packages
/// (`libkissfft-dev` and its library, about 100 kB installed); mixed radix, so any even size works; enough for
/// frames of a few hundred samples. FFTW is GPL, and OpenBLAS has no FFT.
///
/// Not thread-safe (kissfft's real transform uses a scratch buffer in its state): one `RealFFT` per thread.
public final class RealFFT {
    public enum Backend: String, Codable, CaseIterable, Sendable {
        /// kissfft's `kiss_fftr` in Float; needs an even size.
        case kissFFT = "kissfft"
        /// `ReferenceDFT` in Double.
        case reference = "reference DFT"

        /// kissfft where it is linked, else the reference.
        public static var preferred: Backend {
            #if canImport(CKissFFT)
            return .kissFFT
            #else
            return .reference
            #endif
        }
    }

    public let size: Int
    public let backend: Backend
    #if canImport(CKissFFT)
    private let config: kiss_fftr_cfg?
    private var input: [Float]
    private var output: [kiss_fft_cpx]
    #endif

    /// - Parameters:
    ///   - size: n, the transform length (even for kissfft).
    ///   - backend: `.kissFFT` where kissfft is not linked is a failure (ask for `.preferred`).
    public init(size: Int, backend: Backend = .preferred) {
        if size < 2 { failure("RealFFT: size must be at least 2, got \(size)") }
        self.size = size
        self.backend = backend
        #if canImport(CKissFFT)
        input = [Float](repeating: 0, count: size)
        output = [kiss_fft_cpx](repeating: kiss_fft_cpx(), count: size / 2 + 1)
        if backend == .kissFFT {
            if size % 2 != 0 { failure("RealFFT: kissfft's real transform needs an even size, got \(size)") }
            guard let cfg = kiss_fftr_alloc(Int32(size), 0, nil, nil) else {
                failure("RealFFT: kiss_fftr_alloc(\(size)) failed")
            }
            config = cfg
        } else {
            config = nil
        }
        #else
        if backend == .kissFFT { failure("RealFFT: kissfft is not linked on this platform; use .reference") }
        #endif
    }

    deinit {
        #if canImport(CKissFFT)
        if let config { free(UnsafeMutableRawPointer(config)) }    // kiss_fftr_free is free()
        #endif
    }

    /// |X[k]|^2 for k = 0 ... size/2 of `frame` (zero-padded or truncated to `size`).
    public func powerSpectrum(_ frame: [Double]) -> [Double] {
        switch backend {
        case .reference: return ReferenceDFT.powerSpectrum(frame, size: size)
        case .kissFFT:
            #if canImport(CKissFFT)
            let count = min(frame.count, size)
            for t in 0..<count { input[t] = Float(frame[t]) }
            for t in count..<size { input[t] = 0 }
            kiss_fftr(config, input, &output)
            return output.map { Double($0.r) * Double($0.r) + Double($0.i) * Double($0.i) }
            #else
            failure("RealFFT: kissfft is not linked")
            #endif
        }
    }
}
