import CRecurrent
import Foundation

/// LSTMKit's native kernels (the C target `CRecurrent`): the per-step work of the fused LSTM and GRU in
/// Float -- the recurrent GEMM against pre-packed weights and the gate math fused into its tiles, AVX-512,
/// threaded with one barrier per step. They are what `implementation: .native` runs where they apply (Float,
/// a CPU with AVX-512F, and for the LSTM no projection), reported as `native-<isa>` ("native-avx512");
/// elsewhere `.native` falls back to the Swift fused kernels (`lstmForward` / `lstmBackward`, `gruForward` /
/// `gruBackward`, the same equations), reported as "fused". The tests hold both to the reference.
///
/// Threads: the kernels use `BLAS.threadCount` threads (1 or 2 on the benchmark machines) when a step is
/// large enough to pay for a barrier per step (at least ~1M multiply-adds), else 1.
public enum NativeKernels {
    /// The instruction set the native kernels run with on this CPU, as the C side names it ("avx512"), or nil
    /// when there are none for this CPU or the environment variable `LSTMKIT_ISA` is `generic`.
    /// `LSTMKIT_ISA=generic` makes an AVX-512 machine behave like one without, so the fallback is testable
    /// anywhere.
    public static var isa: String? { isaOverride == "generic" ? nil : detectedISA }

    /// The native kernel `.native` runs on this machine ("native-avx512"), or nil when it runs "fused".
    public static var kernel: RecurrentKernel? { isa.map { RecurrentKernel.native(isa: $0) } }

    /// True when this CPU can run the native kernels (`isa` is not nil).
    public static var isAvailable: Bool { isa != nil }

    /// What the C side detected (read once).
    static let detectedISA: String? = lk_native_isa().map { String(cString: $0) }

    /// `LSTMKIT_ISA` as read once at start; tests scope another value to a task,
    /// `NativeKernels.$isaOverride.withValue("generic") { ... }`, to see a machine without native kernels.
    @TaskLocal static var isaOverride: String? = ProcessInfo.processInfo.environment["LSTMKIT_ISA"]

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

/// W [gates * H, K] packed for the native forward step (`lk_pack_gate_panels`).
func packGatePanels(_ weight: UnsafePointer<Float>, gates: Int, hiddenSize h: Int, columns k: Int) -> AlignedFloats {
    let packed = AlignedFloats(lk_gate_panels_count(Int32(gates), Int32(h), Int32(k)))
    lk_pack_gate_panels(weight, Int32(gates), Int32(h), Int32(k), packed.pointer)
    return packed
}

/// W_hh [rows, H] packed for the native backward step (`lk_pack_column_panels`).
func packColumnPanels(_ weight: UnsafePointer<Float>, rows: Int, hiddenSize h: Int) -> AlignedFloats {
    let packed = AlignedFloats(lk_column_panels_count(Int32(rows), Int32(h)))
    lk_pack_column_panels(weight, Int32(rows), Int32(h), packed.pointer)
    return packed
}
