import Foundation
import LSTMKit

/// The character language model of `lstmkit-bench compare --cell charlm`: one training batch, timed.
///
///     tokens [T+1, B] of tiny-shakespeare (V = 65 characters), T = 100, B = 32, random windows (seeded)
///     x      = Embedding(V, 64)(tokens[0..<T])               // [T, B, 64]
///     y      = LSTM(64, 256, layerCount: 2)(x).outputs        // [T, B, 256]
///     logits = Linear(256, V)(y)                             // [T, B, V]
///     loss   = crossEntropy(logits, tokens[1...T])           (mean over T * B positions)
///     loss.backward(); adam.step(); adam.zeroGrad()          (Adam, learning rate 2e-3)
///
/// Batches are drawn before timing, so only the model's work is timed. The first and last losses are
/// reported so a reader can see it trains. FLOPs: the LSTM's (CompareShape.forwardFlops) plus the output
/// layer's 2 * T * B * H * V, x3 for forward + backward.
func runCharLMCase(_ options: CompareOptions) throws -> [String: Any] {
    let baseline = residentMegabytes()
    guard let text = try? String(contentsOfFile: options.data, encoding: .utf8) else {
        throw CompareError("cannot read \(options.data): run from the repository root or pass --data")
    }
    let characters = Array(text.unicodeScalars)
    let alphabet = Array(Set(characters)).sorted { $0.value < $1.value }
    var index: [Unicode.Scalar: Int] = [:]
    for (i, c) in alphabet.enumerated() { index[c] = i }
    let tokens = characters.map { index[$0]! }
    let (batch, steps, embedding, hidden, vocabulary) = (32, 100, 64, 256, alphabet.count)
    if tokens.count <= steps + 1 { throw CompareError("\(options.data) is too short for windows of \(steps + 1)") }

    // All batches first: inputs and targets, time-major [T, B] row-major.
    let dataRNG = RandomSource(seed: options.seed &+ 11)
    let batches: [(inputs: [Int], targets: [Int])] = (0..<(options.warmup + options.iterations)).map { _ in
        let starts = (0..<batch).map { _ in dataRNG.int(in: 0..<(tokens.count - steps - 1)) }
        var inputs = [Int](repeating: 0, count: steps * batch), targets = inputs
        for t in 0..<steps {
            for b in 0..<batch {
                inputs[t * batch + b] = tokens[starts[b] + t]
                targets[t * batch + b] = tokens[starts[b] + t + 1]
            }
        }
        return (inputs, targets)
    }

    let rng = RandomSource(seed: options.seed &+ 2)
    let embed = Embedding<Float>(count: vocabulary, dimension: embedding, rng: rng)
    let lstm = LSTM<Float>(inputSize: embedding, hiddenSize: hidden, layerCount: 2,
                           implementation: options.implementation, rng: rng)
    let head = Linear<Float>(inputSize: hidden, outputSize: vocabulary, rng: rng)
    let adam = Adam<Float>(parameters: embed.parameters() + lstm.parameters() + head.parameters(), learningRate: 2e-3)
    var losses: [Float] = []
    let times = sampleSeconds(warmup: options.warmup, iterations: options.iterations) { i in
        let x = embed(batches[i].inputs, shape: [steps, batch])             // [T, B, 64]
        let y = lstm(x).outputs                                              // [T, B, 256]
        let logits = head(y)                                                 // [T, B, V]
        let loss = crossEntropy(logits: logits, targets: batches[i].targets)
        loss.backward()
        adam.step()
        adam.zeroGrad()
        losses.append(loss.item)
    }
    let shape = CompareShape(name: "charlm", batch: batch, steps: steps, input: embedding, hidden: hidden, layers: 2)
    let flops = 3 * (shape.forwardFlops(gates: 4) + 2 * Double(steps * batch * hidden * vocabulary))
    var result = timingFields(times, sequenceSteps: batch * steps, flops: flops)
    result.merge(memoryFields(baseline: baseline)) { _, new in new }
    result["config"] = "charlm"
    result["mode"] = "train"
    result["vocabulary"] = vocabulary
    result["implementation"] = "\(options.implementation)"
    result["ran"] = Array(Set(lstm.layers.map(\.lastImplementation.rawValue))).sorted().joined(separator: ",")
    result["loss_first"] = rounded(Double(losses.first ?? 0), 4)
    result["loss_last"] = rounded(Double(losses.last ?? 0), 4)
    return result
}
