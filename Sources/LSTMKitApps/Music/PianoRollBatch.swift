import LSTMKit

/// Piano rolls padded into one batch for next-frame prediction: inputs are frames 0...L-2 of each sequence,
/// targets frames 1...L-1, so a sequence of L frames counts L - 1 predicted frames (its first frame is
/// only read, never predicted).
public struct PianoRollBatch {
    /// [T, B, 88], T = the longest sequence's L - 1; zero after a sequence's end.
    public var inputs: Tensor<Float>
    public var targets: Tensor<Float>
    /// [T, B, 1]: 1 where the target frame exists.
    public var mask: Tensor<Float>
    /// The frames counted (the ones of `mask`).
    public var frames: Int

    /// The batch of `sequences` (each at least one step; one-step sequences count no frame).
    public init(_ sequences: [[[Int]]]) {
        let k = PianoRoll.keyCount, b = sequences.count
        let t = Swift.max(1, (sequences.map(\.count).max() ?? 1) - 1)
        var x = [Float](repeating: 0, count: t * b * k), y = x, m = [Float](repeating: 0, count: t * b)
        var frames = 0
        for (j, sequence) in sequences.enumerated() {
            let roll = PianoRoll.multiHot(sequence)
            for s in 0..<(sequence.count - 1) {
                for key in 0..<k {
                    x[(s * b + j) * k + key] = roll[s * k + key]
                    y[(s * b + j) * k + key] = roll[(s + 1) * k + key]
                }
                m[s * b + j] = 1
                frames += 1
            }
        }
        inputs = Tensor(shape: [t, b, k], scalars: x)
        targets = Tensor(shape: [t, b, k], scalars: y)
        mask = Tensor(shape: [t, b, 1], scalars: m)
        self.frames = frames
    }
}
