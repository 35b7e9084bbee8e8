import Testing
@testable import LSTMKit

/// The native kernels of each instruction set, one suite per ISA, each check forced to that ISA
/// (`LSTMKIT_ISA` scoped to the test): forward and every gradient against the reference cell and against the
/// Swift fused kernel, for the LSTM and the GRU, with masks, no biases, traces and two threads. A suite for an
/// ISA this CPU cannot run is skipped with the reason shown (`runsISA`); the AVX-512 machines run both x86
/// suites, arm64 runs NEON (and Scripts/check-kernels.sh checks the C kernels of every ISA under qemu too).
extension NativeKernelSuites {
    @Suite(.runsISA("avx512")) struct AVX512 {
        static let isa = "avx512"
        @Test(arguments: LSTMNativeKernelTests.grid.indices) func lstmEqualsReference(_ k: Int) {
            LSTMNativeKernelTests.checkReference(k, isa: Self.isa)
        }
        @Test(arguments: LSTMNativeKernelTests.grid.indices) func lstmEqualsSwiftFused(_ k: Int) {
            LSTMNativeKernelTests.checkSwiftFused(k, isa: Self.isa)
        }
        @Test(arguments: [1, 2]) func lstmWithoutBias(threads: Int) {
            LSTMNativeKernelTests.checkWithoutBias(threads: threads, isa: Self.isa)
        }
        @Test func lstmTwoThreadsEqualOne() { LSTMNativeKernelTests.checkTwoThreads(isa: Self.isa) }
        @Test(arguments: GRUNativeKernelTests.grid.indices) func gruEqualsReference(_ k: Int) {
            GRUNativeKernelTests.checkReference(k, isa: Self.isa)
        }
        @Test(arguments: GRUNativeKernelTests.grid.indices) func gruEqualsSwiftFused(_ k: Int) {
            GRUNativeKernelTests.checkSwiftFused(k, isa: Self.isa)
        }
        @Test func gruWithoutBias() { GRUNativeKernelTests.checkNoBiasCell(isa: Self.isa) }
        @Test func gruTrace() { GRUNativeKernelTests.checkTrace(isa: Self.isa) }
        @Test func gruTwoThreadsEqualOne() { GRUNativeKernelTests.checkTwoThreads(isa: Self.isa) }
    }

    @Suite(.runsISA("avx2")) struct AVX2 {
        static let isa = "avx2"
        @Test(arguments: LSTMNativeKernelTests.grid.indices) func lstmEqualsReference(_ k: Int) {
            LSTMNativeKernelTests.checkReference(k, isa: Self.isa)
        }
        @Test(arguments: LSTMNativeKernelTests.grid.indices) func lstmEqualsSwiftFused(_ k: Int) {
            LSTMNativeKernelTests.checkSwiftFused(k, isa: Self.isa)
        }
        @Test(arguments: [1, 2]) func lstmWithoutBias(threads: Int) {
            LSTMNativeKernelTests.checkWithoutBias(threads: threads, isa: Self.isa)
        }
        @Test func lstmTwoThreadsEqualOne() { LSTMNativeKernelTests.checkTwoThreads(isa: Self.isa) }
        @Test(arguments: GRUNativeKernelTests.grid.indices) func gruEqualsReference(_ k: Int) {
            GRUNativeKernelTests.checkReference(k, isa: Self.isa)
        }
        @Test(arguments: GRUNativeKernelTests.grid.indices) func gruEqualsSwiftFused(_ k: Int) {
            GRUNativeKernelTests.checkSwiftFused(k, isa: Self.isa)
        }
        @Test func gruWithoutBias() { GRUNativeKernelTests.checkNoBiasCell(isa: Self.isa) }
        @Test func gruTrace() { GRUNativeKernelTests.checkTrace(isa: Self.isa) }
        @Test func gruTwoThreadsEqualOne() { GRUNativeKernelTests.checkTwoThreads(isa: Self.isa) }
    }

    @Suite(.runsISA("neon")) struct NEON {
        static let isa = "neon"
        @Test(arguments: LSTMNativeKernelTests.grid.indices) func lstmEqualsReference(_ k: Int) {
            LSTMNativeKernelTests.checkReference(k, isa: Self.isa)
        }
        @Test(arguments: LSTMNativeKernelTests.grid.indices) func lstmEqualsSwiftFused(_ k: Int) {
            LSTMNativeKernelTests.checkSwiftFused(k, isa: Self.isa)
        }
        @Test(arguments: [1, 2]) func lstmWithoutBias(threads: Int) {
            LSTMNativeKernelTests.checkWithoutBias(threads: threads, isa: Self.isa)
        }
        @Test func lstmTwoThreadsEqualOne() { LSTMNativeKernelTests.checkTwoThreads(isa: Self.isa) }
        @Test(arguments: GRUNativeKernelTests.grid.indices) func gruEqualsReference(_ k: Int) {
            GRUNativeKernelTests.checkReference(k, isa: Self.isa)
        }
        @Test(arguments: GRUNativeKernelTests.grid.indices) func gruEqualsSwiftFused(_ k: Int) {
            GRUNativeKernelTests.checkSwiftFused(k, isa: Self.isa)
        }
        @Test func gruWithoutBias() { GRUNativeKernelTests.checkNoBiasCell(isa: Self.isa) }
        @Test func gruTrace() { GRUNativeKernelTests.checkTrace(isa: Self.isa) }
        @Test func gruTwoThreadsEqualOne() { GRUNativeKernelTests.checkTwoThreads(isa: Self.isa) }
    }
}
