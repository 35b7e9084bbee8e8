import Foundation
import LSTMKit
import LSTMKitOneDNN

/// `lstmkit-bench compare`: one benchmark case in this process, printed as one JSON line, so that the
/// side-by-side harness (Benchmarks/compare/harness.py) can run LSTMKit, PyTorch and ONNX Runtime each in
/// its own process with the same command-line contract (Benchmarks/compare/peers.py):
///
///     lstmkit-bench compare --cell lstm|gru|charlm|seq2seq --config A|B|C|D --mode infer|train|gemm
///                           [--threads N] [--iterations N] [--warmup N]
///                           [--implementation native|fused|reference|onednn]
///                           [--seed N] [--data Data/tiny-shakespeare/input.txt]
///
/// - infer: forward only, no graph (`withoutGrad`, `eval()`), on x [T, B, D] (time-major, as PyTorch's default).
/// - train: forward, loss = sum of squares of all outputs, backward, `Adam.step()`, `zeroGrad()`.
/// - config D (infer only): streaming, B = 1, T = 200, D = 40, H = 128, one call per step with the state
///   carried by the caller (CompareStreaming.swift); one timed iteration is the whole sequence.
/// - gemm: the OpenBLAS SGEMM products of the same shapes alone (the practical limit; CompareGEMM.swift).
/// - `--cell charlm`: one training batch of the character language model (CompareCharLM.swift); --config
///   and --mode are ignored.
/// - `--cell seq2seq`: the translate app's attentional encoder-decoder (CompareSeq2Seq.swift); --mode train is
///   one training step, --mode infer greedy decoding of a batch of 64; --config is ignored.
///
/// Output (one line): times of every timed iteration (`times_ms`), `median_ms`, `min_ms`, sequence steps per
/// second (B * T / median), GFLOP/s (CompareShape.forwardFlops, x3 for a training step), the resident memory
/// before the model was built and at its peak, the implementation asked for and the kernels that actually
/// ran (`ran`: "native-avx512", "native-avx2", "fused", "onednn", "reference"; `LSTMKIT_ISA=avx2` forces the
/// AVX2 kernels on an AVX-512 machine). On bad arguments
/// (or an implementation this build does not have) it prints `{"error": ...}` and exits with status 2.
func runCompare(_ arguments: [String]) -> Int32 {
    do {
        let options = try CompareOptions(arguments)
        BLAS.threadCount = options.threads
        let openMP = setOpenMPThreads(options.threads)
        var result: [String: Any]
        switch (options.cell, options.mode) {
        case ("charlm", _): result = try runCharLMCase(options)
        case ("seq2seq", _): result = try runSeq2SeqCase(options)
        case (_, "gemm"): result = runGEMMCase(options)
        case (_, "infer") where options.shape.isStreaming: result = runStreamingCase(options)
        default: result = runRecurrentCase(options)
        }
        result["peer"] = "lstmkit"
        result["cell"] = options.cell
        result["threads"] = options.threads
        result["lstmkit_threads"] = BLAS.threadCount
        result["openblas_threads"] = openBLASThreadCount()
        result["openmp_runtime_loaded"] = openMP
        result["warmup"] = options.warmup
        emitJSON(result)
        return 0
    } catch let error as CompareError {
        emitJSON(["error": error.message, "peer": "lstmkit"])
        return 2
    } catch {
        emitJSON(["error": "\(error)", "peer": "lstmkit"])
        return 2
    }
}

/// A bad command line or a missing input, reported as `{"error": message}`.
struct CompareError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// The parsed `compare` command line.
struct CompareOptions {
    var cell = "lstm"
    var config = "A"
    var mode = "infer"
    var threads = 1
    var iterations = 10
    var warmup = 3
    var implementation = RecurrentImplementation.native
    var seed: UInt64 = 0
    var data = "Data/tiny-shakespeare/input.txt"

    /// The shape of `config` (valid after init).
    var shape: CompareShape { CompareShape.all[config]! }

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { throw CompareError("\(flag) needs a value") }
            switch flag {
            case "--cell": cell = value.lowercased()
            case "--config": config = value.uppercased()
            case "--mode": mode = value.lowercased()
            case "--threads": threads = try Self.positive(value, flag)
            case "--iterations": iterations = try Self.positive(value, flag)
            case "--warmup": warmup = try Self.positive(value, flag, allowZero: true)
            case "--seed":
                guard let s = UInt64(value) else { throw CompareError("--seed wants an unsigned integer, got \(value)") }
                seed = s
            case "--data": data = value
            case "--implementation":
                // LSTMKit's own implementations by name, and the oneDNN backend (any letter case).
                let name = value.lowercased()
                guard let impl = RecurrentImplementation(name: name) ?? (name == "onednn" ? .oneDNN : nil) else {
                    throw CompareError("--implementation must be native, fused, reference or onednn, got \(value)")
                }
                if impl == .oneDNN && !OneDNN.isAvailable {
                    throw CompareError("--implementation \(value): oneDNN is not available in this build")
                }
                implementation = impl
            default: throw CompareError("unknown option \(flag)")
            }
        }
        if !["lstm", "gru", "charlm", "seq2seq"].contains(cell) {
            throw CompareError("--cell must be lstm, gru, charlm or seq2seq, got \(cell)")
        }
        if CompareShape.all[config] == nil { throw CompareError("--config must be A, B, C or D, got \(config)") }
        if !["infer", "train", "gemm"].contains(mode) {
            throw CompareError("--mode must be infer, train or gemm, got \(mode)")
        }
        if shape.isStreaming && mode != "infer" && ["lstm", "gru"].contains(cell) {
            throw CompareError("--config D is streaming inference: --mode infer only, got \(mode)")
        }
    }

    static func positive(_ value: String, _ flag: String, allowZero: Bool = false) throws -> Int {
        guard let n = Int(value), n > 0 || (allowZero && n == 0) else {
            throw CompareError("\(flag) wants a \(allowZero ? "non-negative" : "positive") integer, got \(value)")
        }
        return n
    }
}

/// Timing fields shared by every case: the samples, median, min, steps/s, GFLOP/s and the median CPU time.
func timingFields(_ samples: Samples, sequenceSteps: Int, flops: Double) -> [String: Any] {
    let m = median(samples.wall)
    return [
        "iterations": samples.wall.count,
        "times_ms": samples.wall.map { rounded($0 * 1e3, 3) },
        "median_ms": rounded(m * 1e3, 3),
        "min_ms": rounded((samples.wall.min() ?? 0) * 1e3, 3),
        "cpu_median_ms": rounded(median(samples.cpu) * 1e3, 3),
        "cpu_times_ms": samples.cpu.map { rounded($0 * 1e3, 3) },
        "steps_per_s": rounded(Double(sequenceSteps) / m, 1),
        "flop_per_iteration": flops,
        "gflops": rounded(flops / m / 1e9, 2),
    ]
}

/// Memory fields: resident MB before the model and data existed, and the peak of the whole process.
func memoryFields(baseline: (current: Double, peak: Double)) -> [String: Any] {
    let now = residentMegabytes()
    return ["rss_base_mb": rounded(baseline.current, 1), "rss_peak_mb": rounded(now.peak, 1)]
}
