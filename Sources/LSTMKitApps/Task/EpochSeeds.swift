import LSTMKit

/// A generator for epoch `epoch` of a run whose shuffling stream is seeded with `seed`: each epoch's batch
/// order depends only on (seed, epoch), so a resumed run replays any epoch exactly without saving the
/// loader's state.
public func epochRandomSource(seed: UInt64, epoch: Int) -> RandomSource {
    RandomSource(seed: seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(epoch + 1))
}
