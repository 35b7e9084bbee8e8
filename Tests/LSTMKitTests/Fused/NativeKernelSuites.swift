import CRecurrent
import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// The native-kernel suites run one test at a time: they set the process-wide `BLAS.threadCount`, and a
/// test asking for 2 threads must not have another test reset it to 1 meanwhile.
@Suite(.serialized) enum NativeKernelSuites {}

extension Trait where Self == ConditionTrait {
    /// Skips a test of the native kernels, with the reason shown, on a CPU that cannot run them (no
    /// AVX2 + FMA on x86-64, another architecture than x86-64 and arm64, or `LSTMKIT_ISA=generic`); the fallback tests still run there.
    static var needsNativeKernels: Self {
        .enabled(if: NativeKernels.isAvailable,
                 "no native kernels: they need x86-64 with AVX2 + FMA or AVX-512, or arm64 (or LSTMKIT_ISA=generic)")
    }

    /// Skips a suite of one ISA's native kernels, with the reason shown, on a CPU that cannot run them.
    static func runsISA(_ isa: String) -> Self {
        .enabled(if: NativeKernels.supports(isa), "this CPU (or architecture) cannot run the \(isa) kernels")
    }
}

/// Runs `body` with `LSTMKIT_ISA` = `isa` scoped to this task (nil: unchanged).
func withISA<R>(_ isa: String?, _ body: () -> R) -> R {
    guard let isa else { return body() }
    return NativeKernels.$isaOverride.withValue(isa, operation: body)
}

/// Expects that a step of `macs` multiply-adds split into `items` tiles really runs on 2 threads (on a
/// machine with 2 or more cores), so that a "2 threads" test does not quietly test 1.
func expectTwoThreads(macs: Int, items: Int, sourceLocation: SourceLocation = #_sourceLocation) {
    guard ProcessInfo.processInfo.activeProcessorCount >= 2 else { return }
    #expect(lk_useful_threads(2, macs, Int32(items)) == 2, "\(macs) multiply-adds in \(items) tiles",
            sourceLocation: sourceLocation)
}
