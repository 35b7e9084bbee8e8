import Foundation

/// Moving MNIST (Srivastava et al. 2015, "Unsupervised Learning of Video Representations using LSTMs"),
/// generated deterministically: every sequence has `digitsPerSequence` 28x28 digits moving inside a 64x64
/// canvas with constant velocity, bouncing off the edges; frames combine the digits with a pixel-wise max.
///
/// Sequence i of a set is a function of (seed, i) alone: the digits are drawn from the given images, each
/// starts at a uniform position in [0, 36]^2 with a uniform direction and moves `speed` pixels per frame;
/// a coordinate that leaves [0, 36] is reflected back and its velocity flipped. Nothing is stored but the
/// digit images, so a training set can be new every epoch (a new seed) and costs no memory.
public struct MovingMNIST: Sendable {
    public static let canvas = 64
    public static let digitSize = 28
    /// The digit images, each 28 * 28 values in [0, 1], row-major.
    public let digits: [[Float]]
    public let frameCount: Int
    public let digitsPerSequence: Int
    /// Pixels per frame.
    public let speed: Double

    public init(digits: [[Float]], frameCount: Int = 20, digitsPerSequence: Int = 2, speed: Double = 3.6) {
        if digits.isEmpty || digits.contains(where: { $0.count != Self.digitSize * Self.digitSize }) {
            failure("MovingMNIST: need at least one digit image of 28 * 28 values, got \(digits.count) " +
                    "(sizes \(Set(digits.map(\.count)).sorted()))")
        }
        if frameCount < 1 || digitsPerSequence < 1 || !(speed >= 0 && speed.isFinite) {
            failure("MovingMNIST: frameCount \(frameCount), digitsPerSequence \(digitsPerSequence) and speed \(speed) " +
                    "must be positive")
        }
        (self.digits, self.frameCount, self.digitsPerSequence, self.speed) = (digits, frameCount, digitsPerSequence, speed)
    }

    /// Sequence `index` of the set `seed`: `frameCount` frames of 64 * 64 values in [0, 1], row-major.
    public func sequence(seed: UInt64, index: Int) -> [Float] {
        let rng = RandomSource(seed: seed &* 1_000_003 &+ UInt64(index))
        let side = Self.canvas, size = Self.digitSize, limit = Double(side - size)
        var frames = [Float](repeating: 0, count: frameCount * side * side)
        for _ in 0..<digitsPerSequence {
            let image = digits[rng.int(in: 0..<digits.count)]
            let u = rng.uniforms(count: 3)
            var (y, x) = (u[0] * limit, u[1] * limit)
            let theta = u[2] * 2 * Double.pi
            var (vy, vx) = (speed * sin(theta), speed * cos(theta))
            for t in 0..<frameCount {
                let (top, left) = (Int(y.rounded()), Int(x.rounded()))
                for r in 0..<size {
                    for c in 0..<size {
                        let p = t * side * side + (top + r) * side + left + c
                        frames[p] = Swift.max(frames[p], image[r * size + c])
                    }
                }
                (y, vy) = Self.bounce(y + vy, vy, limit)
                (x, vx) = Self.bounce(x + vx, vx, limit)
            }
        }
        return frames
    }

    /// A batch of sequences as [T, B, 1, 64, 64] (time-major, one channel).
    public func batch(seed: UInt64, indices: [Int]) -> Tensor<Float> {
        let side = Self.canvas, frame = side * side, b = indices.count
        var out = [Float](repeating: 0, count: frameCount * b * frame)
        for (k, index) in indices.enumerated() {
            let s = sequence(seed: seed, index: index)
            for t in 0..<frameCount {
                out.replaceSubrange((t * b + k) * frame..<((t * b + k + 1) * frame), with: s[(t * frame)..<((t + 1) * frame)])
            }
        }
        return Tensor(shape: [frameCount, b, 1, side, side], scalars: out)
    }

    static func bounce(_ position: Double, _ velocity: Double, _ limit: Double) -> (Double, Double) {
        if position < 0 { return (-position, -velocity) }
        if position > limit { return (2 * limit - position, -velocity) }
        return (position, velocity)
    }
}

