import Foundation

/// A seeded random number generator (xoshiro256**), shared by reference so layers and data loaders can
/// draw from one reproducible stream.
///
///     let rng = RandomSource(seed: 42)
///     let w = Tensor<Float>.randomNormal([3, 4], using: rng)   // same values for seed 42, every run
///
/// `RandomSource.global` is the stream used when no generator is passed (seed it with
/// `RandomSource.global.reseed(42)`, like `torch.manual_seed`). A `RandomSource` is safe to share between
/// threads (draws take a lock), but reproducibility then depends on the order of the draws.
public final class RandomSource: RandomNumberGenerator, @unchecked Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private let lock = NSLock()

    /// The generator used by layers and functions that were not given one; seeded with 0 at start-up.
    public static let global = RandomSource(seed: 0)

    public init(seed: UInt64) { reseed(seed) }

    /// Restarts the stream from `seed`.
    public func reseed(_ seed: UInt64) {
        lock.lock(); defer { lock.unlock() }
        // SplitMix64 expands the seed into the four words of state, as the xoshiro authors recommend.
        var z = seed
        func splitmix() -> UInt64 {
            z &+= 0x9E37_79B9_7F4A_7C15
            var r = z
            r = (r ^ (r >> 30)) &* 0xBF58_476D_1CE4_E5B9
            r = (r ^ (r >> 27)) &* 0x94D0_49BB_1331_11EB
            return r ^ (r >> 31)
        }
        s = (splitmix(), splitmix(), splitmix(), splitmix())
    }

    /// The full generator state, for checkpoints.
    public var state: [UInt64] {
        get { lock.lock(); defer { lock.unlock() }; return [s.0, s.1, s.2, s.3] }
        set {
            precondition(newValue.count == 4, "RandomSource.state: expected 4 words, got \(newValue.count)")
            lock.lock(); defer { lock.unlock() }
            s = (newValue[0], newValue[1], newValue[2], newValue[3])
        }
    }

    @inline(__always)
    private func nextUnlocked() -> UInt64 {
        let result = rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0; s.3 ^= s.1; s.1 ^= s.2; s.0 ^= s.3
        s.2 ^= t
        s.3 = rotl(s.3, 45)
        return result
    }

    @inline(__always)
    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    public func next() -> UInt64 {
        lock.lock(); defer { lock.unlock() }
        return nextUnlocked()
    }

    /// `count` uniform samples in [0, 1) with 53 random bits each.
    public func uniforms(count: Int) -> [Double] {
        lock.lock(); defer { lock.unlock() }
        return (0..<count).map { _ in Double(nextUnlocked() >> 11) * 0x1.0p-53 }
    }

    /// `count` standard normal samples (Box-Muller; both values of each pair are used).
    public func normals(count: Int) -> [Double] {
        let u = uniforms(count: count + (count & 1))
        var out = [Double](); out.reserveCapacity(count + 1)
        var i = 0
        while out.count < count {
            let u1 = 1 - u[i], u2 = u[i + 1]          // u1 in (0, 1] so log is finite
            let r = (-2 * Foundation.log(u1)).squareRoot()
            out.append(r * Foundation.cos(2 * .pi * u2))
            out.append(r * Foundation.sin(2 * .pi * u2))
            i += 2
        }
        return Array(out.prefix(count))
    }

    /// A uniform integer in `range`.
    public func int(in range: Range<Int>) -> Int {
        lock.lock(); defer { lock.unlock() }
        var g = Unlocked(source: self)
        return Int.random(in: range, using: &g)
    }

    /// A seeded permutation of `0..<n` (Fisher-Yates).
    public func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        lock.lock(); defer { lock.unlock() }
        var g = Unlocked(source: self)
        p.shuffle(using: &g)
        return p
    }

    private struct Unlocked: RandomNumberGenerator {
        let source: RandomSource
        mutating func next() -> UInt64 { source.nextUnlocked() }
    }
}
