// Micro-benchmarks for LSTMKit (not tests): `swift run -c release lstmkit-bench [matmul|vector|elementwise|crf|recurrent|seq2seq|all]`,
// and `lstmkit-bench compare ...`, one case of the side-by-side comparison with PyTorch and ONNX Runtime as a
// JSON line (CompareCommand.swift; the harness is Benchmarks/compare/run.sh).
import Foundation
import LSTMKit

let which = CommandLine.arguments.dropFirst().first ?? "all"
if which == "compare" { exit(runCompare(Array(CommandLine.arguments.dropFirst(2)))) }
print("LSTMKit micro-benchmarks (\(ProcessInfo.processInfo.activeProcessorCount) cores, " +
      "LSTMKit threads: \(BLAS.threadCount))")
if which == "matmul" || which == "all" { benchMatmul() }
if which == "vector" || which == "all" { benchVectorMath() }
if which == "elementwise" || which == "all" { benchElementwise() }
if which == "crf" || which == "all" { benchCRF() }
// Not part of "all": the reference training runs take several minutes.
if which == "recurrent" { benchRecurrent() }
// `lstmkit-bench seq2seq [H256 H512 ...]`: a training step of the encoder-decoder on a Multi30k-sized batch.
if which == "seq2seq" { benchSeq2Seq() }
