import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

// Helpers shared by the checkpoint tests.

/// Runs `body` with a fresh empty directory, removed afterwards.
func withCheckpointDirectory<T>(_ body: (URL) throws -> T) rethrows -> T {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("lstmkit-ckpt-tests-\(UUID().uuidString)", isDirectory: true)
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url)
}

/// The names of the files in `directory`, sorted.
func directoryListing(_ directory: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
}

/// Expects `body` to throw a `CheckpointError` of `kind` whose description contains every fragment.
func expectCheckpointError(
    _ kind: CheckpointError.Kind, _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) {
    do {
        try body()
        Issue.record("expected a CheckpointError (\(kind)), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as CheckpointError {
        #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(error.description.contains(fragment), "'\(fragment)' not in: \(error)",
                    sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("expected a CheckpointError, got \(error)", sourceLocation: sourceLocation)
    }
}

/// A safetensors file from a header text and data bytes: 8-byte little-endian length, header, data.
func rawSafeTensors(header: String, data: [UInt8] = [], declaredLength: UInt64? = nil) -> [UInt8] {
    let h = Array(header.utf8)
    let n = declaredLength ?? UInt64(h.count)
    return (0..<8).map { UInt8(truncatingIfNeeded: n >> (8 * UInt64($0))) } + h + data
}

/// Writes `bytes` to `name` in `directory` and returns the URL.
func writeCheckpointBytes(_ bytes: [UInt8], _ directory: URL, _ name: String) -> URL {
    let url = directory.appendingPathComponent(name)
    try! Data(bytes).write(to: url)
    return url
}

/// The little-endian bytes of Float values.
func floatBytes(_ values: [Float]) -> [UInt8] {
    values.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v.bitPattern >> (8 * UInt32($0))) } }
}

/// A small model: a 2-layer LSTM (with inter-layer dropout drawing from `rng`) and a linear head, as a
/// PyTorch `nn.Module` with `self.lstm` and `self.head` would be.
final class TinyTagger<Scalar: TensorScalar>: Module {
    let lstm: LSTM<Scalar>
    let head: Linear<Scalar>
    var isTraining = true

    init(_ config: TinyConfig, rng: RandomSource) {
        lstm = LSTM(inputSize: config.inputSize, hiddenSize: config.hiddenSize, layerCount: 2,
                    dropout: 0.25, rng: rng)
        head = Linear(inputSize: config.hiddenSize, outputSize: config.classCount, rng: rng)
    }

    /// x [T, B, D] -> logits [T, B, C].
    func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> { head(lstm(x).outputs) }
}

/// The configuration of `TinyTagger`.
struct TinyConfig: Codable, Equatable {
    var inputSize = 3
    var hiddenSize = 4
    var classCount = 5
    var task = "tagging"
}

/// One training step on a batch drawn from `dataRNG` (inputs [T=3, B=2, 3], targets T * B classes).
func trainTaggerStep<S: TensorScalar>(_ model: TinyTagger<S>, _ optimizer: any Optimizer<S>, dataRNG: RandomSource) {
    let x = Tensor<S>.randomNormal([3, 2, 3], using: dataRNG)
    let targets = (0..<6).map { _ in dataRNG.int(in: 0..<5) }
    optimizer.zeroGrad()
    crossEntropy(logits: model(x), targets: targets).backward()
    optimizer.step()
}
