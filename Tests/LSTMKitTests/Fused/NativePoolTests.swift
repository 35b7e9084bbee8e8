import CRecurrent
import Foundation
import Synchronization
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// The persistent thread pool of the native kernels (Sources/CRecurrent/lk_parallel.c): many calls start no
/// new threads, and calls from several threads at once (serialized by the pool) give the 1-thread results.
extension NativeKernelSuites { @Suite struct NativePoolTests {
    /// Random inputs and weights of the shape of `forward`.
    struct Inputs: Sendable {
        let x = randomTensor([3, 20, 7], seed: 71).converted(to: Float.self).scalars
        let weightIH = randomTensor([520, 7], seed: 72).converted(to: Float.self).scalars
        let weightHH = (randomTensor([520, 130], seed: 73) * 0.1).converted(to: Float.self).scalars
        let bias = randomTensor([520], seed: 74).converted(to: Float.self).scalars
    }

    /// One LSTM forward of the C kernel (T = 3, B = 20, D = 7, H = 130: 1.4M multiply-adds a step, so 2
    /// threads really run) on `threads` threads; returns out, h and c.
    static func forward(threads: Int32, _ inputs: Inputs) -> [Float] {
        let (t, b, d, h) = (3, 20, 7, 130)
        let isa = lk_isa_best()
        let packedIH = lk_alloc_floats(lk_gate_panels_count(isa, 4, Int32(h), Int32(d)))!
        let packedHH = lk_alloc_floats(lk_gate_panels_count(isa, 4, Int32(h), Int32(h)))!
        let gates = AlignedFloats(t * b * 4 * h), tanhC = AlignedFloats(t * b * h)
        let hs = AlignedFloats((t + 1) * b * h), cs = AlignedFloats((t + 1) * b * h), out = AlignedFloats(t * b * h)
        defer { lk_free(packedIH); lk_free(packedHH) }
        for buffer in [hs, cs] { buffer.pointer.update(repeating: 0, count: b * h) }
        inputs.weightIH.withUnsafeBufferPointer { lk_pack_gate_panels(isa, $0.baseAddress, 4, Int32(h), Int32(d), packedIH) }
        inputs.weightHH.withUnsafeBufferPointer { lk_pack_gate_panels(isa, $0.baseAddress, 4, Int32(h), Int32(h), packedHH) }
        inputs.x.withUnsafeBufferPointer { x in
            inputs.bias.withUnsafeBufferPointer { bias in
                var args = lk_lstm_forward_args(
                    steps: Int32(t), batch: Int32(b), input_size: Int32(d), hidden: Int32(h), threads: threads,
                    x: x.baseAddress, gates: gates.pointer, bias: bias.baseAddress, packed_weight_ih: packedIH,
                    packed_weight_hh: packedHH, h: hs.pointer, c: cs.pointer, tanh_c: tanhC.pointer,
                    out: out.pointer, keep: nil, isa: isa)
                lk_lstm_forward(&args)
            }
        }
        return withExtendedLifetime(gates) {
            Array(UnsafeBufferPointer(start: out.pointer, count: t * b * h))
                + Array(UnsafeBufferPointer(start: hs.pointer, count: (t + 1) * b * h))
                + Array(UnsafeBufferPointer(start: cs.pointer, count: (t + 1) * b * h))
        }
    }

    @Test(.needsNativeKernels) func manyCallsStartNoNewThreads() {
        #expect(lk_useful_threads(2, 20 * 4 * 130 * 137, 9 * 2) == (ProcessInfo.processInfo.activeProcessorCount >= 2 ? 2 : 1))
        let inputs = Inputs()
        do {
            _ = Self.forward(threads: 2, inputs)   // starts the pool
            let started = lk_pool_threads_started()
            #expect(started >= (ProcessInfo.processInfo.activeProcessorCount >= 2 ? 1 : 0))
            for _ in 0..<50 { _ = Self.forward(threads: 2, inputs) }
            #expect(lk_pool_threads_started() == started, "50 calls started threads")
        }
    }

    @Test(.needsNativeKernels) func concurrentCallersGetTheOneThreadResults() {
        let inputs = Inputs()
        do {
            let expected = Self.forward(threads: 1, inputs)
            let callers = 6, calls = 8
            let mismatches = Mutex(0)
            DispatchQueue.concurrentPerform(iterations: callers) { _ in
                for _ in 0..<calls where Self.forward(threads: 2, inputs) != expected {
                    mismatches.withLock { $0 += 1 }
                }
            }
            let started = lk_pool_threads_started()
            #expect(mismatches.withLock { $0 } == 0, "of \(callers * calls) concurrent 2-thread calls")
            _ = Self.forward(threads: 2, inputs)
            #expect(lk_pool_threads_started() == started)
        }
    }
}
}
