// Lesson 4: additive attention (Bahdanau et al. 2015) of 2 queries over 5 keys; the second sequence has only
// 3 real keys, so its last 2 are masked. Each row of weights is a softmax: positive, summing to 1.
import Foundation
import LSTMKit

let rng = RandomSource(seed: 0)
let attention = Attention<Double>(.additive, querySize: 4, keySize: 6, attentionSize: 8, rng: rng)
let query = Tensor<Double>.randomNormal([2, 1, 4], using: rng)     // [B, Tq, Dq]: one query per sequence
let keys = Tensor<Double>.randomNormal([2, 5, 6], using: rng)      // [B, Tk, Dk], used as the values too
let (context, weights) = attention(query, keys: keys, keyLengths: [5, 3])

print("context \(context.shape), weights \(weights.shape)")
for b in 0..<2 {
    let row = Array(weights.scalars[(b * 5)..<(b * 5 + 5)])
    let shown = row.map { String(format: "%.4f", $0) }.joined(separator: "  ")
    print("sequence \(b): \(shown)   sum \(String(format: "%.4f", row.reduce(0, +)))")
}
