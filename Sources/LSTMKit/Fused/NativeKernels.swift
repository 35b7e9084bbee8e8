import CRecurrent
import Foundation

/// LSTMKit's native kernels (the C target `CRecurrent`): the per-step work of the fused LSTM and GRU in
/// Float -- the recurrent GEMM against pre-packed weights and the gate math fused into its tiles, AVX-512,
/// threaded with one barrier per step. They are the `.fused` implementation's fast path where they apply
/// (Float, a CPU with AVX-512F, and for the LSTM no projection); everywhere else the Swift fused kernels
/// (`lstmForward` / `lstmBackward`, `gruForward` / `gruBackward`, the same equations) run. The tests hold
/// both to the reference.
///
/// Threads: the kernels use `BLAS.threadCount` threads (1 or 2 on the benchmark machines) when a step is
/// large enough to pay for a barrier per step (at least ~1M multiply-adds), else 1.
public enum NativeKernels {
    /// True when this CPU can run the native kernels (x86-64 with AVX-512F and FMA) and the environment
    /// variable `LSTMKIT_ISA` is not `generic`. `LSTMKIT_ISA=generic` makes an AVX-512 machine behave like one
    /// without (the tests run that way too, so the fallback path is tested on every machine).
    public static let isAvailable: Bool = lk_native_available() != 0 && !isaOverrideIsGeneric

    /// `LSTMKIT_ISA=generic` is set (read once).
    static let isaOverrideIsGeneric = ProcessInfo.processInfo.environment["LSTMKIT_ISA"] == "generic"

    /// Whether the fused layers may use the native kernels: true unless the environment variable
    /// `LSTMKIT_NATIVE` is `0` (read once, at first use). Scoped to a task, e.g. to compare with the Swift
    /// fused kernel: `NativeKernels.$isEnabled.withValue(false) { ... }`.
    @TaskLocal public static var isEnabled = ProcessInfo.processInfo.environment["LSTMKIT_NATIVE"] != "0"

    /// True when the native kernels will run for the next fused call on this task.
    static var isActive: Bool { isAvailable && isEnabled }

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
