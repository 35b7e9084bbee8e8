import Foundation

/// One note of a `MIDIFile`: a pitch held from `start` for `duration` ticks.
public struct MIDINote: Codable, Equatable, Hashable, Sendable {
    /// MIDI note number, 0...127 (60 is middle C).
    public var pitch: Int
    /// The start, in ticks from the beginning of the track.
    public var start: Int
    /// The length in ticks, >= 1.
    public var duration: Int
    /// Note-on velocity, 1...127.
    public var velocity: Int
    /// MIDI channel, 0...15.
    public var channel: Int

    public init(pitch: Int, start: Int, duration: Int, velocity: Int = 80, channel: Int = 0) {
        self.pitch = pitch
        self.start = start
        self.duration = duration
        self.velocity = velocity
        self.channel = channel
    }

    /// The tick the note stops sounding.
    public var end: Int { start + duration }
}

/// A bad MIDI file or a note a MIDI file cannot hold: one line.
public struct MIDIError: Error, CustomStringConvertible, Equatable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A Standard MIDI File (SMF 1.0, MIDI Manufacturers Association 1996) written byte by byte: format 0, one
/// track of notes at a fixed tempo.
///
///     header chunk  "MThd" 00 00 00 06 | format 00 00 | tracks 00 01 | division (ticks per quarter, 15 bits)
///     track chunk   "MTrk" <length, 4 bytes big-endian> <events>
///     event         <delta time: variable-length quantity> <message>
///       tempo       FF 51 03 tt tt tt       microseconds per quarter note (500000 = 120 bpm)
///       note on     9c pp vv                c channel, p pitch, v velocity
///       note off    8c pp 40
///       end         FF 2F 00                end of track
///
/// A variable-length quantity holds 7 bits per byte, most significant first, the high bit set on every byte
/// but the last: 0 -> 00, 127 -> 7F, 128 -> 81 00, 480 -> 83 60 (at most 4 bytes, 0x0FFFFFFF). At one
/// tick, note-offs come before note-ons (then by pitch), so a pitch struck again right after it ends is two
/// notes. Running status: a note event whose status byte (9c or 8c) equals the previous event's leaves it out
/// (a chord's note-ons after the first are `00 pp vv`), as mido and most sequencers write; the tests check
/// every byte against mido 1.3.3.
///
///     let file = MIDIFile(pianoRoll: [[60, 64, 67], [60, 64, 67], [62]], ticksPerStep: 480)
///     try file.write(to: URL(fileURLWithPath: "chorale.mid"))   // C major held two beats, then D
public struct MIDIFile: Equatable, Sendable {
    /// The division: ticks per quarter note, 1...32767.
    public var ticksPerQuarter: Int
    /// The tempo: microseconds per quarter note, 1...16777215 (500000 is 120 beats per minute).
    public var microsecondsPerQuarter: Int
    public var notes: [MIDINote]

    public init(ticksPerQuarter: Int = 480, microsecondsPerQuarter: Int = 500_000, notes: [MIDINote] = []) {
        self.ticksPerQuarter = ticksPerQuarter
        self.microsecondsPerQuarter = microsecondsPerQuarter
        self.notes = notes
    }

    /// Beats (quarter notes) per minute.
    public var beatsPerMinute: Double { 60_000_000 / Double(microsecondsPerQuarter) }

    /// The notes of a piano roll (`steps[t]`: the pitches sounding at step t), each step `ticksPerStep` long.
    /// A pitch sounding in consecutive steps is one held note (the roll cannot tell a held note from a
    /// repeated one; holding is how the chorales are sung).
    public init(pianoRoll steps: [[Int]], ticksPerStep: Int = 480, ticksPerQuarter: Int = 480,
                microsecondsPerQuarter: Int = 500_000, velocity: Int = 80) {
        var notes: [MIDINote] = []
        var started: [Int: Int] = [:]                         // pitch -> step it started
        for t in 0...steps.count {
            let now = t < steps.count ? Set(steps[t]) : []
            for (pitch, first) in started where !now.contains(pitch) {
                notes.append(MIDINote(pitch: pitch, start: first * ticksPerStep, duration: (t - first) * ticksPerStep,
                                      velocity: velocity))
                started[pitch] = nil
            }
            for pitch in now.sorted() where started[pitch] == nil { started[pitch] = t }
        }
        self.init(ticksPerQuarter: ticksPerQuarter, microsecondsPerQuarter: microsecondsPerQuarter,
                  notes: notes.sorted { ($0.start, $0.pitch) < ($1.start, $1.pitch) })
    }

    /// The piano roll of the notes on a grid of `ticksPerStep`: step t holds the pitches sounding at its
    /// start (the inverse of `init(pianoRoll:ticksPerStep:)` up to trailing rests).
    public func pianoRoll(ticksPerStep: Int) -> [[Int]] {
        if ticksPerStep < 1 { failure("MIDIFile.pianoRoll: ticksPerStep \(ticksPerStep) must be >= 1") }
        let end = notes.map(\.end).max() ?? 0
        let count = (end + ticksPerStep - 1) / ticksPerStep
        var steps = [Set<Int>](repeating: [], count: count)
        for note in notes {
            var t = (note.start + ticksPerStep - 1) / ticksPerStep
            while t * ticksPerStep < note.end { steps[t].insert(note.pitch); t += 1 }
        }
        return steps.map { $0.sorted() }
    }

    /// The first problem that keeps these notes out of a MIDI file, or nil.
    public var problem: String? {
        if !(1...0x7FFF).contains(ticksPerQuarter) { return "ticks per quarter \(ticksPerQuarter) is outside 1...32767" }
        if !(1...0xFF_FFFF).contains(microsecondsPerQuarter) {
            return "tempo \(microsecondsPerQuarter) microseconds per quarter is outside 1...16777215"
        }
        for (i, n) in notes.enumerated() {
            let at = "note \(i + 1)"
            if !(0...127).contains(n.pitch) { return "\(at): pitch \(n.pitch) is outside the MIDI range 0...127" }
            if !(1...127).contains(n.velocity) { return "\(at): velocity \(n.velocity) is outside 1...127" }
            if !(0...15).contains(n.channel) { return "\(at): channel \(n.channel) is outside 0...15" }
            if n.start < 0 || n.duration < 1 { return "\(at): start \(n.start) and duration \(n.duration) (need >= 0, >= 1)" }
            if n.end > Self.maximumTick { return "\(at) ends at tick \(n.end), after \(Self.maximumTick)" }
        }
        return nil
    }

    /// The largest delta time a variable-length quantity holds (and so the last tick written here).
    public static let maximumTick = 0x0FFF_FFFF

    /// The bytes of the file (header chunk, then one track chunk).
    public func bytes() throws -> [UInt8] {
        if let problem { throw MIDIError(problem) }
        // (tick, order, bytes): note-offs (order 0) before note-ons (order 1) at the same tick.
        var events: [(tick: Int, order: Int, message: [UInt8])] = []
        for n in notes {
            events.append((n.start, 1, [0x90 | UInt8(n.channel), UInt8(n.pitch), UInt8(n.velocity)]))
            events.append((n.end, 0, [0x80 | UInt8(n.channel), UInt8(n.pitch), 0x40]))
        }
        events.sort { ($0.tick, $0.order, $0.message[1]) < ($1.tick, $1.order, $1.message[1]) }
        let tempo = UInt32(microsecondsPerQuarter)
        var track: [UInt8] = [0x00, 0xFF, 0x51, 0x03, UInt8(tempo >> 16 & 0xFF), UInt8(tempo >> 8 & 0xFF), UInt8(tempo & 0xFF)]
        var now = 0, runningStatus: UInt8? = nil
        for e in events {
            // Running status: a channel message with the status byte of the one before leaves it out.
            track += Self.variableLength(e.tick - now) + (e.message[0] == runningStatus ? Array(e.message.dropFirst()) : e.message)
            runningStatus = e.message[0]
            now = e.tick
        }
        track += [0x00, 0xFF, 0x2F, 0x00]
        var out: [UInt8] = Array("MThd".utf8) + Self.bigEndian(6, 4) + [0, 0, 0, 1] + Self.bigEndian(ticksPerQuarter, 2)
        out += Array("MTrk".utf8) + Self.bigEndian(track.count, 4) + track
        return out
    }

    /// Writes the file to `url` atomically (a temporary file renamed), so a failure leaves nothing half written.
    public func write(to url: URL) throws {
        let data = Data(try bytes())
        do { try data.write(to: url, options: .atomic) } catch {
            throw MIDIError("cannot write \(url.path): \(error.localizedDescription)")
        }
    }

    /// The variable-length quantity of `value` (0...0x0FFFFFFF).
    public static func variableLength(_ value: Int) -> [UInt8] {
        if value < 0 || value > maximumTick { failure("MIDIFile.variableLength: \(value) is outside 0...\(maximumTick)") }
        var bytes: [UInt8] = [UInt8(value & 0x7F)]
        var rest = value >> 7
        while rest > 0 {
            bytes.insert(UInt8(rest & 0x7F) | 0x80, at: 0)
            rest >>= 7
        }
        return bytes
    }

    static func bigEndian(_ value: Int, _ count: Int) -> [UInt8] {
        (0..<count).reversed().map { UInt8((value >> (8 * $0)) & 0xFF) }
    }
}
