import Foundation

extension MIDIFile {
    /// Reads a Standard MIDI File of format 0 or 1: the division, the first tempo, and the notes of every
    /// track (a note-on with velocity 0 ends a note, as a note-off does; running status is understood;
    /// other channel messages, system-exclusive and meta events are skipped). Used by the tests to read
    /// back what `bytes()` writes, and enough to inspect small files; not a full MIDI reader (no SMPTE
    /// division, no tempo changes in the timing of notes).
    public static func parse(_ bytes: [UInt8]) throws -> MIDIFile {
        var reader = Reader(bytes: bytes)
        guard try reader.take(4) == Array("MThd".utf8) else { throw MIDIError("not a MIDI file: no MThd header chunk") }
        let headerLength = try reader.integer(4)
        if headerLength < 6 { throw MIDIError("MThd chunk of \(headerLength) bytes, expected 6") }
        let format = try reader.integer(2), trackCount = try reader.integer(2), division = try reader.integer(2)
        _ = try reader.take(headerLength - 6)
        if format > 1 { throw MIDIError("MIDI format \(format) is not read here (0 or 1 only)") }
        if division & 0x8000 != 0 { throw MIDIError("SMPTE time division is not read here") }
        if division == 0 { throw MIDIError("division 0 ticks per quarter") }
        var file = MIDIFile(ticksPerQuarter: division, microsecondsPerQuarter: 500_000, notes: [])
        var tempoSeen = false
        for track in 0..<trackCount {
            guard try reader.take(4) == Array("MTrk".utf8) else { throw MIDIError("track \(track + 1): no MTrk chunk") }
            let length = try reader.integer(4)
            var events = Reader(bytes: try reader.take(length))
            var tick = 0, status: UInt8 = 0
            var open: [Int: [(start: Int, velocity: Int)]] = [:]      // channel * 128 + pitch -> starts
            var ended = false
            while !events.atEnd && !ended {
                tick += try events.variableLength()
                var first = try events.byte()
                if first < 0x80 {                                     // running status: `first` is data
                    if status == 0 { throw MIDIError("track \(track + 1): data byte without a status") }
                    events.position -= 1
                    first = status
                } else if first < 0xF0 {
                    status = first
                }
                switch first {
                case 0xFF:
                    let type = try events.byte(), data = try events.take(try events.variableLength())
                    if type == 0x51, data.count == 3, !tempoSeen {
                        file.microsecondsPerQuarter = Int(data[0]) << 16 | Int(data[1]) << 8 | Int(data[2])
                        tempoSeen = true
                    }
                    if type == 0x2F { ended = true }
                case 0xF0, 0xF7: _ = try events.take(try events.variableLength())
                default:
                    let kind = first & 0xF0, channel = Int(first & 0x0F)
                    let a = Int(try events.byte())
                    let b = kind == 0xC0 || kind == 0xD0 ? 0 : Int(try events.byte())
                    let key = channel * 128 + a
                    if kind == 0x90 && b > 0 {
                        open[key, default: []].append((tick, b))
                    } else if kind == 0x80 || kind == 0x90 {
                        guard var starts = open[key], !starts.isEmpty else {
                            throw MIDIError("track \(track + 1), tick \(tick): note-off of pitch \(a) that is not sounding")
                        }
                        let on = starts.removeFirst()
                        open[key] = starts
                        if tick > on.start {
                            file.notes.append(MIDINote(pitch: a, start: on.start, duration: tick - on.start,
                                                       velocity: on.velocity, channel: channel))
                        }
                    }
                }
            }
            if !ended { throw MIDIError("track \(track + 1): no end-of-track event") }
            if let key = open.first(where: { !$0.value.isEmpty })?.key {
                throw MIDIError("track \(track + 1): pitch \(key % 128) is never released")
            }
        }
        file.notes.sort { ($0.start, $0.pitch, $0.channel) < ($1.start, $1.pitch, $1.channel) }
        return file
    }

    /// A cursor over bytes with one-line errors at the end of the data.
    struct Reader {
        let bytes: [UInt8]
        var position = 0
        var atEnd: Bool { position >= bytes.count }

        mutating func byte() throws -> UInt8 {
            guard position < bytes.count else { throw MIDIError("the file ends in the middle of a chunk (byte \(position))") }
            position += 1
            return bytes[position - 1]
        }

        mutating func take(_ count: Int) throws -> [UInt8] {
            guard count >= 0, position + count <= bytes.count else {
                throw MIDIError("the file ends in the middle of a chunk (needs \(count) bytes at byte \(position))")
            }
            position += count
            return Array(bytes[(position - count)..<position])
        }

        mutating func integer(_ count: Int) throws -> Int {
            try take(count).reduce(0) { $0 << 8 | Int($1) }
        }

        mutating func variableLength() throws -> Int {
            var value = 0
            for _ in 0..<4 {
                let b = try byte()
                value = value << 7 | Int(b & 0x7F)
                if b & 0x80 == 0 { return value }
            }
            throw MIDIError("a variable-length quantity longer than 4 bytes at byte \(position)")
        }
    }
}
