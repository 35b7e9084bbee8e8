/// Polyphonic music as a piano roll: at each time step, the set of sounding pitches (MIDI note numbers) on
/// the 88 keys of a piano, A0 = 21 ... C8 = 108, the representation of Boulanger-Lewandowski et al. 2012.
///
///     roll[t][k] = 1 if MIDI pitch 21 + k sounds at step t, else 0     [T, 88]
///
/// A step with no pitch is a rest (an all-zero row).
public enum PianoRoll {
    /// The lowest MIDI pitch of the roll (A0).
    public static let lowestPitch = 21
    /// The highest MIDI pitch of the roll (C8).
    public static let highestPitch = 108
    /// K, the keys of the roll: 88.
    public static let keyCount = highestPitch - lowestPitch + 1
    /// The pitches a roll holds.
    public static let pitchRange = lowestPitch...highestPitch

    /// The multi-hot rows [T, 88] of `steps` (each step a set of pitches in `pitchRange`), row-major.
    /// A pitch outside the range is a programming error here (readers validate first): it traps.
    public static func multiHot(_ steps: [[Int]]) -> [Float] {
        var roll = [Float](repeating: 0, count: steps.count * keyCount)
        for (t, pitches) in steps.enumerated() {
            for pitch in pitches {
                if !pitchRange.contains(pitch) {
                    failure("PianoRoll.multiHot: pitch \(pitch) at step \(t) is outside \(lowestPitch)...\(highestPitch)")
                }
                roll[t * keyCount + pitch - lowestPitch] = 1
            }
        }
        return roll
    }

    /// The sorted pitches of one multi-hot row of 88 values (a key counts when its value is > 0.5).
    public static func pitches(ofRow row: ArraySlice<Float>) -> [Int] {
        if row.count != keyCount { failure("PianoRoll.pitches: a row of \(row.count) values, expected \(keyCount)") }
        return row.indices.filter { row[$0] > 0.5 }.map { $0 - row.startIndex + lowestPitch }
    }
}
