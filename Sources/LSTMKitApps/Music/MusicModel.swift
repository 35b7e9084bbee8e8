import Foundation
import LSTMKit

/// A music model loaded from a `lstm train music` checkpoint: scoring and sampling chorales.
///
///     let model = try MusicTask.load(URL(fileURLWithPath: "runs/music/best.safetensors"))
///     let steps = try model.sample(length: 64, seed: 1)                 // [[pitch]] per quarter note
///     try MIDIFile(pianoRoll: steps).write(to: URL(fileURLWithPath: "chorale.mid"))
public struct MusicModel {
    public let config: MusicConfig
    public let network: PianoRollModel
    /// The first frames of the training chorales: a sample starts from one of them.
    public let openings: [[Int]]
    public let path: String

    /// The longest sample, in steps.
    public static let maximumLength = 10_000

    /// `length` frames (the first an opening chord of a training chorale chosen by `seed`, then each frame's
    /// keys drawn independently from sigmoid(logits / temperature) and fed back, the state carried).
    public func sample(length: Int, temperature: Double = 1, seed: UInt64 = 0) throws -> [[Int]] {
        try Check.atLeast(length, 1, "length")
        try Check.atMost(length, Self.maximumLength, "length")
        if !(temperature > 0 && temperature.isFinite && temperature <= 100) {
            throw ConfigError("temperature", "must be in (0, 100], got \(temperature)")
        }
        let rng = RandomSource(seed: seed)
        let network = self.network
        network.eval()
        var steps = [openings[rng.int(in: 0..<openings.count)]]
        withoutGrad {
            var states: [EncoderState<Float>]? = nil
            while steps.count < length {
                let x = Tensor<Float>(shape: [1, 1, PianoRoll.keyCount], scalars: PianoRoll.multiHot([steps.last!]))
                let (logits, next) = network(x, states: states)
                states = next
                let u = rng.uniforms(count: PianoRoll.keyCount)
                let scores = logits.scalars
                steps.append((0..<PianoRoll.keyCount).filter { k in
                    u[k] < 1 / (1 + Foundation.exp(-Double(scores[k]) / temperature))
                }.map { $0 + PianoRoll.lowestPitch })
            }
        }
        return steps
    }

    /// Samples `length` quarter notes and writes them as a MIDI file at `beatsPerMinute` (nothing is written
    /// on an error).
    public func writeSample(to file: String, length: Int, temperature: Double = 1, seed: UInt64 = 0,
                            beatsPerMinute: Int = 100) throws -> MusicSample {
        if !file.lowercased().hasSuffix(".mid") && !file.lowercased().hasSuffix(".midi") {
            throw ConfigError("output", "must name a MIDI file ending in .mid, got \(file)")
        }
        if !(20...400).contains(beatsPerMinute) { throw ConfigError("tempo", "must be in 20...400 bpm, got \(beatsPerMinute)") }
        let steps = try sample(length: length, temperature: temperature, seed: seed)
        let midi = MIDIFile(pianoRoll: steps, ticksPerStep: 480, ticksPerQuarter: 480,
                            microsecondsPerQuarter: 60_000_000 / beatsPerMinute)
        let url = URL(fileURLWithPath: absolutePath(file))
        try describingErrors("writing \(url.path)") { try midi.write(to: url) }
        let seconds = Double(length) * 60 / Double(beatsPerMinute)
        return MusicSample(checkpoint: path, output: url.path, steps: length, notes: midi.notes.count,
                           beatsPerMinute: beatsPerMinute, seconds: seconds, temperature: temperature, seed: seed,
                           frames: steps)
    }
}

/// What `lstm sample --output FILE.mid` on a music checkpoint prints.
public struct MusicSample: TaskReport {
    public var checkpoint: String
    public var output: String
    /// Quarter-note steps written.
    public var steps: Int
    /// MIDI notes (a pitch held over consecutive steps is one note).
    public var notes: Int
    public var beatsPerMinute: Int
    public var seconds: Double
    public var temperature: Double
    public var seed: UInt64
    /// The sampled pitches of every step.
    public var frames: [[Int]]

    public var lines: [String] {
        ["wrote \(output): \(steps) quarter-note steps, \(notes) notes, \(beatsPerMinute) bpm (\(fixed(seconds, 1)) s), " +
         "temperature \(temperature), seed \(seed)",
         "first steps: " + frames.prefix(4).map { "[" + $0.map(String.init).joined(separator: " ") + "]" }.joined(separator: " ")]
    }
}
