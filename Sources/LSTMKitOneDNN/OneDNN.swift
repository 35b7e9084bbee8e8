#if canImport(CDNNL)
import CDNNL
import Foundation
#endif
import LSTMKit

/// The oneDNN (Intel's Deep Neural Network Library, 2.6 C API) backend of the LSTM and GRU layers, selected
/// with `implementation: .oneDNN` (`OneDNNBackend`, a `RecurrentBackend`). It runs oneDNN's fused RNN
/// primitive -- the one PyTorch's CPU LSTM uses -- behind LSTMKit's own API; the readable reference cells and
/// LSTMKit's own kernels stay, and the tests compare this backend with the reference and the fused kernel.
/// This target (LSTMKitOneDNN) is the only one that links libdnnl.
///
/// Implementation goals, in order of priority:
/// 1. The same numbers as the reference (Float tolerance) for the output, final state and every gradient.
/// 2. Explicit fallback: a configuration oneDNN cannot run goes down the layer's fallback chain (`.native`,
///    then `.fused`, then `.reference`; see `RecurrentImplementation`), visible in `lastImplementation`.
/// 3. Speed: primitives are created once per shape (creating one JIT-compiles kernels for 25-60 ms) and
///    cached; one engine and one stream for the process.
///
/// oneDNN takes its threads from OpenMP: `OneDNN.threadCount` sets them (nil = OpenMP's default, i.e.
/// `OMP_NUM_THREADS` or every core). On Apple platforms the backend is absent and `.oneDNN` runs `.native`.
public enum OneDNN {
    /// True when LSTMKit was built with oneDNN and its CPU engine could be created.
    public static var isAvailable: Bool {
        #if canImport(CDNNL)
        return OneDNNRuntime.shared != nil
        #else
        return false
        #endif
    }

    /// The OpenMP thread count oneDNN runs with (set before every execution), or nil for OpenMP's default.
    public static var threadCount: Int? {
        get {
            #if canImport(CDNNL)
            return OneDNNRuntime.shared?.locked { $0.threads }
            #else
            return nil
            #endif
        }
        set {
            #if canImport(CDNNL)
            if let n = newValue, n < 1 { failure("OneDNN.threadCount: \(n) threads, expected at least 1 (or nil)") }
            OneDNNRuntime.shared?.locked { $0.threads = newValue }
            #endif
        }
    }

    /// Sets `threadCount` (1 or 2 on the benchmark machines).
    public static func setThreadCount(_ n: Int?) { threadCount = n }

    /// How many recurrent primitive sets (one per shape and cell kind) are cached.
    public static var cachedShapeCount: Int {
        #if canImport(CDNNL)
        return OneDNNRuntime.shared?.locked { $0.cache.count } ?? 0
        #else
        return 0
        #endif
    }
}

#if canImport(CDNNL)

/// The process-wide oneDNN engine, stream and primitive cache. Every use goes through `locked`, so calls from
/// several threads (parallel tests) run one at a time; each execution itself uses OpenMP's threads.
final class OneDNNRuntime: @unchecked Sendable {
    static let shared: OneDNNRuntime? = OneDNNRuntime()

    let engine: dnnl_engine_t
    let stream: dnnl_stream_t
    var threads: Int?
    /// Primitive sets by shape, evicted oldest first beyond `cacheLimit` (a set in use by a pending backward
    /// stays alive through its closure and is destroyed when released).
    var cache: [OneDNNShape: OneDNNRNN] = [:]
    private var cacheOrder: [OneDNNShape] = []
    private let cacheLimit = 64
    private let lock = NSLock()
    private var scratchpad = OneDNNBuffer(byteCount: 0)
    private let setOMPThreads: (@convention(c) (Int32) -> Void)?

    private init?() {
        var engine: dnnl_engine_t?
        guard dnnl_engine_create(&engine, dnnl_cpu, 0) == dnnl_success, let engine else { return nil }
        var stream: dnnl_stream_t?
        guard dnnl_stream_create(&stream, engine, UInt32(dnnl_stream_default_flags.rawValue)) == dnnl_success,
              let stream else { return nil }
        self.engine = engine
        self.stream = stream
        // libgomp is loaded with libdnnl; find it at run time so that LSTMKit does not link it itself.
        setOMPThreads = dlsym(nil, "omp_set_num_threads").map {
            unsafeBitCast($0, to: (@convention(c) (Int32) -> Void).self)
        }
    }

    func locked<R>(_ body: (OneDNNRuntime) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(self)
    }

    /// The cached primitive set of `shape` (created empty; its primitives are built on first use).
    func primitives(_ shape: OneDNNShape) -> OneDNNRNN {
        if let found = cache[shape] { return found }
        if cache.count >= cacheLimit { cache[cacheOrder.removeFirst()] = nil }
        let made = OneDNNRNN(shape, runtime: self)
        cache[shape] = made
        cacheOrder.append(shape)
        return made
    }

    /// Primitive attributes with a user-managed scratchpad: the runtime passes its own (see `execute`), so no
    /// oneDNN-global (thread-local) scratchpad is shared between the threads that call in turn.
    let attributes: dnnl_primitive_attr_t? = {
        var attr: dnnl_primitive_attr_t?
        guard dnnl_primitive_attr_create(&attr) == dnnl_success,
              dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user) == dnnl_success else { return nil }
        return attr
    }()

    /// Runs `primitive` (created from `descriptor` with `attributes`) with `args` (argument id, memory
    /// descriptor, data pointer) plus the runtime's scratchpad, and waits for it.
    func execute(_ primitive: dnnl_primitive_t, descriptor: dnnl_primitive_desc_t,
                 _ args: [(Int32, dnnl_memory_desc_t, UnsafeMutableRawPointer?)], _ what: String) {
        if let threads, let setOMPThreads { setOMPThreads(Int32(threads)) }
        var args = args
        let scratchpadLayout = dnnl_primitive_desc_query_md(descriptor, dnnl_query_scratchpad_md, 0)!.pointee
        let scratchpadBytes = oneDNNByteCount(scratchpadLayout)
        if scratchpadBytes > 0 {
            // One buffer, grown as needed and reused (calls are serialized): a fresh one per call cost page faults.
            if scratchpad.byteCount < scratchpadBytes { scratchpad = OneDNNBuffer(byteCount: scratchpadBytes) }
            args.append((Int32(DNNL_ARG_SCRATCHPAD), scratchpadLayout, scratchpad.pointer))
        }
        var memories: [dnnl_memory_t] = []
        defer { memories.forEach { dnnl_memory_destroy($0) } }
        var execArgs: [dnnl_exec_arg_t] = []
        for (arg, md, pointer) in args {
            var md = md
            var memory: dnnl_memory_t?
            oneDNNCheck(dnnl_memory_create(&memory, &md, engine, pointer), "\(what): memory for argument \(arg)")
            memories.append(memory!)
            execArgs.append(dnnl_exec_arg_t(arg: arg, memory: memory))
        }
        oneDNNCheck(dnnl_primitive_execute(primitive, stream, Int32(execArgs.count), execArgs), "\(what): execute")
        oneDNNCheck(dnnl_stream_wait(stream), "\(what): wait")
    }
}

/// Stops with the oneDNN status in the message when a call that cannot fail for valid input failed.
func oneDNNCheck(_ status: dnnl_status_t, _ what: @autoclosure () -> String) {
    if status != dnnl_success { failure("oneDNN: \(what()) failed with status \(status.rawValue)") }
}

/// A Float memory descriptor of `dims` in layout `tag` (`dnnl_format_tag_any` lets the primitive choose).
func oneDNNDesc(_ dims: [Int], _ tag: dnnl_format_tag_t) -> dnnl_memory_desc_t {
    var md = dnnl_memory_desc_t()
    var d = dims.map(Int64.init) + [Int64](repeating: 0, count: 12 - dims.count)
    oneDNNCheck(dnnl_memory_desc_init_by_tag(&md, Int32(dims.count), &d, dnnl_f32, tag), "memory descriptor \(dims)")
    return md
}

/// Whether two memory descriptors describe the same layout.
func oneDNNSameLayout(_ a: dnnl_memory_desc_t, _ b: dnnl_memory_desc_t) -> Bool {
    var a = a, b = b
    return dnnl_memory_desc_equal(&a, &b) != 0
}

/// The size in bytes of a memory descriptor.
func oneDNNByteCount(_ md: dnnl_memory_desc_t) -> Int {
    var md = md
    return dnnl_memory_desc_get_size(&md)
}

/// A buffer of raw bytes (64-byte aligned) for re-laid-out weights and the workspace, freed with the object.
final class OneDNNBuffer: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
    let byteCount: Int

    init(byteCount: Int, zeroed: Bool = false) {
        self.byteCount = byteCount
        pointer = .allocate(byteCount: max(byteCount, 64), alignment: 64)
        if zeroed { pointer.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount) }
    }

    deinit { pointer.deallocate() }
}

/// A reorder primitive between two layouts of the same tensor (user layout <-> the layout a primitive chose).
final class OneDNNReorder {
    let source: dnnl_memory_desc_t
    let target: dnnl_memory_desc_t
    private let descriptor: dnnl_primitive_desc_t
    private let primitive: dnnl_primitive_t

    init(from source: dnnl_memory_desc_t, to target: dnnl_memory_desc_t, engine: dnnl_engine_t) {
        self.source = source
        self.target = target
        var s = source, t = target
        var pd: dnnl_primitive_desc_t?
        oneDNNCheck(dnnl_reorder_primitive_desc_create(&pd, &s, engine, &t, engine, OneDNNRuntime.shared?.attributes),
                    "reorder descriptor")
        var p: dnnl_primitive_t?
        oneDNNCheck(dnnl_primitive_create(&p, pd), "reorder primitive")
        descriptor = pd!
        primitive = p!
    }

    deinit {
        dnnl_primitive_destroy(primitive)
        dnnl_primitive_desc_destroy(descriptor)
    }

    func run(_ runtime: OneDNNRuntime, from: UnsafeMutableRawPointer, to: UnsafeMutableRawPointer) {
        runtime.execute(primitive, descriptor: descriptor,
                        [(Int32(DNNL_ARG_FROM), source, from), (Int32(DNNL_ARG_TO), target, to)], "reorder")
    }
}

#endif
