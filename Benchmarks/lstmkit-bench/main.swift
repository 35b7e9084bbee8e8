// Micro-benchmarks for LSTMKit (not tests): `swift run -c release lstmkit-bench [matmul|vector|recurrent|all]`.
import Foundation
import LSTMKit

let which = CommandLine.arguments.dropFirst().first ?? "all"
print("LSTMKit micro-benchmarks (\(ProcessInfo.processInfo.activeProcessorCount) cores, " +
      "OpenBLAS threads: \(BLAS.threadCount))")
if which == "matmul" || which == "all" { benchMatmul() }
if which == "vector" || which == "all" { benchVectorMath() }
// Not part of "all": the reference training runs take several minutes.
if which == "recurrent" { benchRecurrent() }
