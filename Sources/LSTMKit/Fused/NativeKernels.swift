import CRecurrent
import Foundation

/// LSTMKit's native kernels (the C target `CRecurrent`): the per-step work of the fused LSTM and GRU in
/// Float -- the recurrent GEMM against pre-packed weights and the gate math fused into its tiles, threaded
/// with one barrier per step. Written once over the vector width and compiled for three instruction sets:
///
///     avx512   x86-64 with AVX-512F/DQ (16 lanes)       reported as "native-avx512"
///     avx2     x86-64 with AVX2 + FMA (8 lanes)         "native-avx2"
///     neon     arm64 (4 lanes)                          "native-neon"
///
/// They are what `implementation: .native` runs where they apply (Float, and for the LSTM no projection),
/// with the best ISA this CPU has; elsewhere `.native` falls back to the Swift fused kernels
/// (`lstmForward` / `lstmBackward`, `gruForward` / `gruBackward`, the same equations), reported as "fused".
/// The tests hold every ISA the CPU supports to the reference (forward and every gradient).
///
/// The environment variable `LSTMKIT_ISA` (read once at start) picks another: `avx512`, `avx2` or `neon`
/// runs that ISA's kernels if the CPU supports it (so an AVX-512 machine tests and measures the AVX2 path),
/// `generic` runs no native kernel ("fused"). A value the CPU cannot run, or one that is not a name above,
/// falls back to the best ISA the CPU has, with one line on stderr that says so and why
/// (`NativeKernels.resolve`); the kernel name reported everywhere is what really ran.
///
/// Threads: the kernels use `BLAS.threadCount` threads (1 or 2 on the benchmark machines) when a step is
/// large enough to pay for a barrier per step (at least ~1M multiply-adds), else 1.
public enum NativeKernels {
    /// The instruction sets the kernels are written for, as the C side names them.
    public static let allISAs = ["avx512", "avx2", "neon"]

    /// The instruction set the native kernels run with (the best one this CPU has unless `LSTMKIT_ISA` picks
    /// another it supports), or nil when there are none for this CPU or `LSTMKIT_ISA` is `generic`.
    public static var isa: String? {
        let (isa, note) = resolve(isaOverride)
        if note != nil, isaOverride == environmentISA { _ = warnedOnce }
        return isa
    }

    /// The native kernel `.native` runs on this machine ("native-avx512"), or nil when it runs "fused".
    public static var kernel: RecurrentKernel? { isa.map { RecurrentKernel.native(isa: $0) } }

    /// True when the native kernels run (`isa` is not nil).
    public static var isAvailable: Bool { isa != nil }

    /// True when this CPU (and build) can run the kernels of `isa` ("avx2").
    public static func supports(_ isa: String) -> Bool { lk_isa_supported(lk_isa_named(isa)) != 0 }

    /// The best ISA the C side detected (read once).
    static let detectedISA: String? = lk_native_isa().map { String(cString: $0) }

    /// What an override (`LSTMKIT_ISA`'s value) selects: the ISA, or nil for none, and the reason when it is
    /// not what was asked for (an ISA this CPU lacks, or an unknown name: the best ISA runs instead).
    static func resolve(_ override: String?) -> (isa: String?, note: String?) {
        guard let asked = override, !asked.isEmpty else { return (detectedISA, nil) }
        if asked == "generic" { return (nil, nil) }
        let fallback = "using " + (detectedISA.map { "native-\($0)" } ?? "the Swift fused kernel")
        guard allISAs.contains(asked) else {
            return (detectedISA, "LSTMKit: LSTMKIT_ISA=\(asked) is not one of avx512, avx2, neon, generic; \(fallback)")
        }
        if supports(asked) { return (asked, nil) }
        return (detectedISA, "LSTMKit: LSTMKIT_ISA=\(asked): this CPU cannot run the \(asked) kernels; \(fallback)")
    }

    /// `LSTMKIT_ISA` as read once at start.
    static let environmentISA: String? = ProcessInfo.processInfo.environment["LSTMKIT_ISA"]

    /// Prints `resolve(environmentISA)`'s note on stderr, once.
    private static let warnedOnce: Void = {
        if let note = resolve(environmentISA).note { FileHandle.standardError.write(Data((note + "\n").utf8)) }
    }()

    /// `LSTMKIT_ISA` as read once at start; tests scope another value to a task,
    /// `NativeKernels.$isaOverride.withValue("avx2") { ... }` (or "generic", a machine without native kernels).
    @TaskLocal static var isaOverride: String? = environmentISA

    /// The C side's value for an ISA name (a native kernel's `nativeISA`).
    static func cISA(_ name: String?) -> lk_isa { lk_isa_named(name) }

    /// The threads a native call may use.
    static var threadCount: Int32 { Int32(max(1, BLAS.threadCount)) }
}

extension NativeKernels {
    /// Frees the large workspace blocks (1 MB and more: kernel caches, packed weights, dGates) that the
    /// fused kernels keep for reuse between calls (at most 16 blocks and 1 GB; see `lk_alloc_floats`).
    public static func releaseWorkspace() { lk_release_workspace() }
}

/// `count` scalars of 64-byte aligned workspace from the C side's pool (freed with `freeWorkspace`). The
/// fused kernels' caches use it, so that a training loop reuses the same memory every step instead of
/// fragmenting the heap or paying page faults for fresh mappings.
func allocateWorkspace<S>(_ count: Int, of: S.Type = S.self) -> UnsafeMutablePointer<S> {
    let floatCount = (max(count, 1) * MemoryLayout<S>.stride + 3) / 4
    guard let p = lk_alloc_floats(floatCount) else { failure("out of memory allocating \(count) scalars") }
    return UnsafeMutableRawPointer(p).bindMemory(to: S.self, capacity: max(count, 1))
}

func freeWorkspace<S>(_ pointer: UnsafeMutablePointer<S>) { lk_free(UnsafeMutableRawPointer(pointer)) }

/// A 64-byte aligned Float buffer from the C side, freed on deinit. Keep the object alive (e.g.
/// `withExtendedLifetime`) while `pointer` is in use: Swift may release it right after its last use.
final class AlignedFloats {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(_ count: Int) {
        guard let p = lk_alloc_floats(count) else { failure("out of memory allocating \(count) floats") }
        pointer = p
        self.count = count
    }

    deinit { lk_free(pointer) }
}

/// W [gates * H, K] packed for the native forward step of `isa` (`lk_pack_gate_panels`; large weights on
/// `threadCount` threads).
func packGatePanels(_ isa: lk_isa, _ weight: UnsafePointer<Float>, gates: Int, hiddenSize h: Int,
                    columns k: Int) -> AlignedFloats {
    let packed = AlignedFloats(lk_gate_panels_count(isa, Int32(gates), Int32(h), Int32(k)))
    lk_pack_gate_panels_threads(isa, weight, Int32(gates), Int32(h), Int32(k), packed.pointer, NativeKernels.threadCount)
    return packed
}

/// The input and recurrent weights of a cell packed for the native forward step of `isa`, kept with the
/// parameters until their data changes (`Parameter.derived`): a caller that runs one step per call (streaming
/// inference) or evaluates many batches packs them once. Nil for Double and under DropConnect (the weights of
/// the call are then not the parameters' values); the kernel then packs per call.
func cachedGatePanels<S: TensorScalar>(
    _ isaName: String?, weightIH: Parameter<S>, weightHH: Parameter<S>, gates: Int, hiddenSize h: Int
) -> (ih: AlignedFloats, hh: AlignedFloats)? {
    guard let isaName, let wih = weightIH as? Parameter<Float>, let whh = weightHH as? Parameter<Float>,
          wih.dropConnectMask == nil, whh.dropConnectMask == nil else { return nil }
    let isa = NativeKernels.cISA(isaName), key = "gate-panels-\(isaName)-\(gates)"
    func pack(_ parameter: Parameter<Float>) -> AlignedFloats {
        parameter.derived(key) { data in
            data.scalars.withUnsafeBufferPointer {
                packGatePanels(isa, $0.baseAddress!, gates: gates, hiddenSize: h, columns: data.shape[1])
            }
        }
    }
    return (pack(wih), pack(whh))
}

/// W_hh [rows, H] packed for the native backward step of `isa` (`lk_pack_column_panels`, threaded alike).
func packColumnPanels(_ isa: lk_isa, _ weight: UnsafePointer<Float>, rows: Int, hiddenSize h: Int) -> AlignedFloats {
    let packed = AlignedFloats(lk_column_panels_count(isa, Int32(rows), Int32(h)))
    lk_pack_column_panels_threads(isa, weight, Int32(rows), Int32(h), packed.pointer, NativeKernels.threadCount)
    return packed
}
