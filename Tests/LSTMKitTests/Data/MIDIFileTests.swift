import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// The hand-written Standard MIDI File writer, checked byte by byte and read back by the parser.
@Suite struct MIDIFileTests {
    /// The variable-length quantities of the SMF 1.0 specification's table.
    @Test func variableLengthQuantitiesMatchTheSpecification() throws {
        let table: [(Int, [UInt8])] = [
            (0, [0x00]), (0x40, [0x40]), (0x7F, [0x7F]), (0x80, [0x81, 0x00]), (0x2000, [0xC0, 0x00]),
            (0x3FFF, [0xFF, 0x7F]), (0x4000, [0x81, 0x80, 0x00]), (0x10_0000, [0xC0, 0x80, 0x00]),
            (0x1F_FFFF, [0xFF, 0xFF, 0x7F]), (0x20_0000, [0x81, 0x80, 0x80, 0x00]),
            (0x800_0000, [0xC0, 0x80, 0x80, 0x00]), (0xFFF_FFFF, [0xFF, 0xFF, 0xFF, 0x7F]), (480, [0x83, 0x60]),
        ]
        for (value, bytes) in table {
            #expect(MIDIFile.variableLength(value) == bytes, "\(value)")
            var reader = MIDIFile.Reader(bytes: bytes)
            #expect(try reader.variableLength() == value)
        }
    }

    /// One middle C of a quarter note at 120 bpm, 480 ticks per quarter: every byte of the file.
    @Test func oneNoteFileHasExactlyTheseBytes() throws {
        let file = MIDIFile(ticksPerQuarter: 480, microsecondsPerQuarter: 500_000,
                            notes: [MIDINote(pitch: 60, start: 0, duration: 480, velocity: 80)])
        let expected: [UInt8] = [
            0x4D, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 0, 0, 1, 0x01, 0xE0,        // MThd, 6, format 0, 1 track, 480
            0x4D, 0x54, 0x72, 0x6B, 0, 0, 0, 20,                                 // MTrk, 20 bytes
            0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20,                            // tempo 500000 us per quarter
            0x00, 0x90, 60, 80,                                                  // note on C4 velocity 80
            0x83, 0x60, 0x80, 60, 0x40,                                          // 480 ticks later: note off
            0x00, 0xFF, 0x2F, 0x00,                                              // end of track
        ]
        #expect(try file.bytes() == expected)
        #expect(try MIDIFile.parse(expected) == file)
        #expect(file.beatsPerMinute == 120)
    }

    @Test func aPianoRollRoundTripsWithHeldNotesAsOneNote() throws {
        let roll: [[Int]] = [[48, 60, 64, 67], [48, 60, 64, 67], [], [50, 62, 65, 69], [50, 59, 62, 67], [43]]
        let file = MIDIFile(pianoRoll: roll, ticksPerStep: 240, ticksPerQuarter: 480, microsecondsPerQuarter: 600_000)
        // 4 notes held for two steps, 4 + 3 new ones (50 and 62 held over steps 3-4), then 43.
        #expect(file.notes.count == 4 + 4 + 2 + 1)
        #expect(file.notes.first == MIDINote(pitch: 48, start: 0, duration: 480))
        let parsed = try MIDIFile.parse(try file.bytes())
        #expect(parsed == file)
        #expect(parsed.microsecondsPerQuarter == 600_000 && parsed.ticksPerQuarter == 480)
        #expect(parsed.pianoRoll(ticksPerStep: 240) == roll)
    }

    /// A pitch struck again as it ends: the note-off comes first at that tick, so it reads back as two notes.
    @Test func aRepeatedPitchStaysTwoNotes() throws {
        let notes = [MIDINote(pitch: 60, start: 0, duration: 100), MIDINote(pitch: 60, start: 100, duration: 50, channel: 3)]
        let file = MIDIFile(ticksPerQuarter: 96, notes: notes)
        #expect(try MIDIFile.parse(try file.bytes()).notes == notes)
    }

    /// Running status, note-on with velocity 0 as note-off, other events skipped, format 1 with two tracks.
    @Test func parsesRunningStatusAndFormat1() throws {
        let track1: [UInt8] = [0x00, 0xFF, 0x03, 0x02, 0x41, 0x42,                 // track name "AB"
                               0x00, 0x90, 60, 100, 0x00, 64, 90,                   // two note-ons, running status
                               0x60, 60, 0, 0x00, 64, 0,                             // 96 ticks: both off (velocity 0)
                               0x00, 0xC0, 5,                                        // program change (1 data byte)
                               0x00, 0xFF, 0x2F, 0x00]
        let track2: [UInt8] = [0x10, 0x91, 67, 70, 0x20, 0x81, 67, 0, 0x00, 0xFF, 0x2F, 0x00]
        var bytes: [UInt8] = Array("MThd".utf8) + [0, 0, 0, 6, 0, 1, 0, 2, 0, 96]
        bytes += Array("MTrk".utf8) + [0, 0, 0, UInt8(track1.count)] + track1
        bytes += Array("MTrk".utf8) + [0, 0, 0, UInt8(track2.count)] + track2
        let file = try MIDIFile.parse(bytes)
        #expect(file.ticksPerQuarter == 96 && file.microsecondsPerQuarter == 500_000)
        #expect(file.notes == [MIDINote(pitch: 60, start: 0, duration: 96, velocity: 100),
                               MIDINote(pitch: 64, start: 0, duration: 96, velocity: 90),
                               MIDINote(pitch: 67, start: 16, duration: 32, velocity: 70, channel: 1)])
    }

    @Test func damagedFilesAreOneLineErrors() throws {
        let good = try! MIDIFile(notes: [MIDINote(pitch: 60, start: 0, duration: 10)]).bytes()
        func message(_ bytes: [UInt8]) -> String? {
            do { _ = try MIDIFile.parse(bytes); return nil } catch { return "\(error)" }
        }
        #expect(message(Array("RIFF".utf8) + good.dropFirst(4))?.contains("no MThd") == true)
        #expect(message(Array(good.dropLast(3)))?.contains("ends in the middle") == true)
        var noEnd = good
        noEnd.replaceSubrange((noEnd.count - 4)..<noEnd.count, with: [0x00, 0xFF, 0x01, 0x00])  // a text event
        #expect(message(noEnd)?.contains("no end-of-track") == true)
    }

    @Test func notesAMIDIFileCannotHoldAreRefusedAndNothingIsWritten() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        let url = dir.url.appendingPathComponent("bad.mid")
        for (note, fragment) in [(MIDINote(pitch: 128, start: 0, duration: 1), "note 1: pitch 128 is outside the MIDI range 0...127"),
                                 (MIDINote(pitch: 60, start: 0, duration: 0), "duration 0"),
                                 (MIDINote(pitch: 60, start: 0, duration: 1, velocity: 0), "velocity 0"),
                                 (MIDINote(pitch: 60, start: 0, duration: 1, channel: 16), "channel 16")] {
            #expect(throws: MIDIError.self) { try MIDIFile(notes: [note]).write(to: url) }
            #expect(MIDIFile(notes: [note]).problem?.contains(fragment) == true)
            #expect(!FileManager.default.fileExists(atPath: url.path))
        }
        #expect(MIDIFile(ticksPerQuarter: 0x8000).problem?.contains("ticks per quarter") == true)
        let good = MIDIFile(notes: [MIDINote(pitch: 60, start: 0, duration: 10)])
        try good.write(to: url)
        #expect(try MIDIFile.parse(Array(Data(contentsOf: url))) == good)
    }
}

/// The writer and the parser against mido 1.3.3, an independent MIDI library (Fixtures/midi.json, from
/// Tools/fixtures/midi.py).
@Suite struct MIDIFileFixtureTests {
    struct Case: Decodable {
        let name: String
        let ticksPerQuarter: Int
        let microsecondsPerQuarter: Int
        let notes: [MIDINote]
        let bytes: [UInt8]
    }

    struct File: Decodable {
        let mido_version: String
        let written: [Case]
        let parsed: [Case]
    }

    static let file: File = try! Fixtures.load("midi")

    func sorted(_ notes: [MIDINote]) -> [MIDINote] {
        notes.sorted { ($0.start, $0.pitch, $0.channel) < ($1.start, $1.pitch, $1.channel) }
    }

    /// Whether two notes of one pitch and channel overlap (then note-off pairing is ambiguous in any reader).
    func overlaps(_ notes: [MIDINote]) -> Bool {
        notes.indices.contains { i in
            notes.indices.contains { j in
                i < j && notes[i].pitch == notes[j].pitch && notes[i].channel == notes[j].channel &&
                    notes[i].start < notes[j].end && notes[j].start < notes[i].end
            }
        }
    }

    @Test func fixtureIsFromThePinnedMido() {
        #expect(Self.file.mido_version == "1.3.3" && Self.file.written.count == 6 && Self.file.parsed.count == 3)
    }

    @Test func theWriterGivesMidosBytes() throws {
        for c in Self.file.written {
            let file = MIDIFile(ticksPerQuarter: c.ticksPerQuarter, microsecondsPerQuarter: c.microsecondsPerQuarter,
                                notes: c.notes)
            #expect(try file.bytes() == c.bytes, "\(c.name)")
        }
    }

    @Test func theParserReadsMidosFiles() throws {
        var compared = 0
        for c in Self.file.written + Self.file.parsed {
            let file = try MIDIFile.parse(c.bytes)
            #expect(file.ticksPerQuarter == c.ticksPerQuarter && file.microsecondsPerQuarter == c.microsecondsPerQuarter,
                    "\(c.name)")
            if !overlaps(c.notes) {
                #expect(file.notes == sorted(c.notes), "\(c.name)")
                compared += 1
            }
            if Self.file.written.contains(where: { $0.name == c.name }) { #expect(try file.bytes() == c.bytes, "\(c.name)") }
        }
        #expect(compared >= 7)
    }
}
