import Foundation
import LSTMKit

/// Times the linear-chain CRF at the size of a CoNLL-2000 chunking batch: B = 32 sentences, T = 25 steps,
/// K = 23 tags, Float, lengths 25 down to 10 (ragged like a real batch). For each implementation of the forward
/// algorithm: `logPartition` alone (forward, nothing recorded), and the mean NLL with `backward()` (forward +
/// backward, gradients for the emissions and the three parameters). Viterbi `decode` runs once (it has one
/// implementation). Each figure is the median of 15 timed runs after 3 warm-ups.
func benchCRF() {
    let (t, b, k) = (25, 32, 23)
    let lengths = (0..<b).map { 25 - ($0 * 15) / (b - 1) }                          // 25 ... 10
    let rng = RandomSource(seed: 11)
    let emissions = Tensor<Float>.randomNormal([t, b, k], using: rng)                // [T, B, K]
    let tags = (0..<(t * b)).map { ($0 * 7) % k }
    print("\nLinear-chain CRF, B = \(b), T = \(t), K = \(k), Float, lengths 25...10 (ms, median of 15)")
    print("implementation   forward (log Z)   NLL forward + backward")
    for implementation in CRFImplementation.allCases {
        let crf = LinearChainCRF<Float>(tagCount: k, implementation: implementation, rng: RandomSource(seed: 12))
        let forward = medianSeconds { blackHole(withoutGrad { crf.logPartition(emissions, lengths: lengths) }) }
        let training = medianSeconds {
            crf.zeroGrad()
            let x = emissions.requiringGrad()
            crf.negativeLogLikelihood(x, tags: tags, lengths: lengths).backward()
            blackHole(x.grad)
        }
        print(implementation.rawValue.padding(toLength: 17, withPad: " ", startingAt: 0) +
              fmt(forward * 1000, 3).padding(toLength: 18, withPad: " ", startingAt: 0) + fmt(training * 1000, 3))
    }
    let crf = LinearChainCRF<Float>(tagCount: k, rng: RandomSource(seed: 12))
    print("Viterbi decode: \(fmt(medianSeconds { blackHole(crf.decode(emissions, lengths: lengths)) } * 1000, 3)) ms")
}
