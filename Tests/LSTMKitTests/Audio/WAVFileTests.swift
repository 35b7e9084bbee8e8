import Foundation
import Testing
@testable import LSTMKit

/// Reading every supported WAV encoding (written here), skipping unknown chunks, the mixdown, and a one-line
/// error naming the file for every bad input.
@Suite struct WAVFileTests {
    /// Two channels of values on the 8-bit grid (k / 128), which every format stores exactly.
    static let stereo: [[Float]] = [[0, 0.5, -0.25, -1, 0.9921875, 0.0078125, -0.5],
                                    [-0.125, 0.25, 0.75, 0, -0.0078125, 1 - 1 / 128, -1]]

    @Test(arguments: WAVSampleFormat.allCases)
    func roundTripsEveryFormat(_ format: WAVSampleFormat) throws {
        for extensible in [false, true] {
            for channels in [[Self.stereo[0]], Self.stereo] {
                let wav = WAVFile(sampleRate: 11025, format: format, channels: channels)
                let read = try WAVFile(data: wav.encoded(extensible: extensible), source: "t.wav")
                #expect(read == wav, "\(format), extensible \(extensible), \(channels.count) channels")
            }
        }
    }

    @Test func readsHandWrittenBytes() throws {
        // 16-bit stereo at 8 kHz: frames (1, -1) and (16384, -32768), written byte by byte, not by the encoder.
        var bytes: [UInt8] = Array("RIFF".utf8) + le32(36 + 8) + Array("WAVEfmt ".utf8) + le32(16)
        bytes += le16(1) + le16(2) + le32(8000) + le32(32000) + le16(4) + le16(16)
        bytes += Array("data".utf8) + le32(8) + [0x01, 0x00, 0xFF, 0xFF, 0x00, 0x40, 0x00, 0x80]
        let wav = try WAVFile(data: Data(bytes), source: "hand.wav")
        #expect(wav.sampleRate == 8000 && wav.format == .pcm16 && wav.frameCount == 2)
        let expected: [[Float]] = [[1.0 / 32768, 0.5], [-1.0 / 32768, -1]]
        #expect(wav.channels == expected)
        #expect(wav.mono() == [0, -0.25])
        // 8-bit unsigned: 128 is zero, 0 is -1, 255 is 127/128; 24-bit: sign-extended.
        let u8 = try WAVFile(data: Data(header(format: 1, channels: 1, bits: 8, data: [128, 0, 255])), source: "u8")
        let expectedU8: [[Float]] = [[0, -1, 127.0 / 128]]
        #expect(u8.channels == expectedU8)
        let s24 = try WAVFile(data: Data(header(format: 1, channels: 1, bits: 24, data: [0, 0, 0x80, 0xFF, 0xFF, 0x7F])),
                              source: "s24")
        let expectedS24: [[Float]] = [[-1, Float(8_388_607.0 / 8_388_608)]]
        #expect(s24.channels == expectedS24)
    }

    @Test func skipsUnknownChunksAndPadding() throws {
        let wav = WAVFile(sampleRate: 8000, format: .pcm8, channels: [[0.5, -0.5, 0.25]])   // 3 bytes: padded
        var bytes = [UInt8](wav.encoded())
        // Insert an odd-sized LIST chunk (5 bytes + 1 pad byte) before fmt and a 'fact' chunk after data.
        bytes.insert(contentsOf: Array("LIST".utf8) + le32(5) + [1, 2, 3, 4, 5, 0], at: 12)
        bytes += Array("fact".utf8) + le32(4) + le32(3)
        #expect(try WAVFile(data: Data(bytes), source: "x") == wav)
    }

    @Test func mixesStereoDown() {
        let wav = WAVFile(sampleRate: 8000, channels: Self.stereo)
        #expect(wav.mono() == zip(Self.stereo[0], Self.stereo[1]).map { ($0 + $1) / 2 })
        #expect(WAVFile(sampleRate: 8000, channels: [Self.stereo[0]]).mono() == Self.stereo[0])
    }

    @Test func writesAndReadsAFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lstmkit-wav-\(UUID().uuidString).wav")
        defer { try? FileManager.default.removeItem(at: url) }
        let wav = WAVFile(sampleRate: 16000, format: .float32, channels: Self.stereo)
        try wav.write(to: url)
        #expect(try WAVFile(contentsOf: url) == wav)
        #expect(try WAVFile(contentsOf: url, maximumBytes: 1 << 20).seconds == 7.0 / 16000)
    }

    // MARK: bad input

    /// A 16-bit mono file with a fmt chunk built from the fields given.
    func header(format: Int, channels: Int = 1, rate: Int = 8000, bits: Int, blockAlign: Int? = nil,
                byteRate: Int? = nil, data: [UInt8]) -> [UInt8] {
        let align = blockAlign ?? channels * bits / 8
        var bytes: [UInt8] = Array("RIFF".utf8) + le32(36 + data.count) + Array("WAVEfmt ".utf8) + le32(16)
        bytes += le16(format) + le16(channels) + le32(rate) + le32(byteRate ?? rate * align) + le16(align) + le16(bits)
        return bytes + Array("data".utf8) + le32(data.count) + data
    }

    func expectError(_ bytes: [UInt8], _ phrase: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try WAVFile(data: Data(bytes), source: "bad.wav")
            Issue.record("read without error; expected '\(phrase)'", sourceLocation: sourceLocation)
        } catch let error as WAVError {
            let text = error.description
            #expect(text.hasPrefix("bad.wav: ") && text.contains(phrase) && !text.contains("\n"),
                    "got: \(text)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("not a WAVError: \(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func refusesBadFiles() {
        let good = [UInt8](WAVFile(sampleRate: 8000, channels: [[0.5, -0.5, 0.25, 0]]).encoded())
        expectError([], "the file is empty")
        expectError(Array(good[0..<10]), "too short for a RIFF/WAVE header")
        expectError(Array(good.dropLast(3)), "the 'data' chunk declares 8 bytes but only 5 follow (truncated file)")
        expectError(Array("RIFX".utf8) + Array(good[4...]), "big-endian RIFX")
        expectError(Array("OggS".utf8) + Array(good[4...]), "not a WAV file (it starts with 'OggS'")
        expectError(Array(good[0..<8]) + Array("AVI ".utf8) + Array(good[12...]), "a RIFF file of type 'AVI '")
        expectError(Array(good[0..<36]), "no 'data' chunk")
        expectError(Array(good[0..<12]) + Array(good[36...]), "no 'fmt ' chunk")
        expectError(header(format: 7, bits: 8, data: [1, 2]), "compressed format 7 (mu-law) is not supported")
        expectError(header(format: 6, bits: 8, data: [1, 2]), "compressed format 6 (A-law)")
        expectError(header(format: 2, bits: 4, blockAlign: 256, data: [1, 2]), "compressed format 2 (Microsoft ADPCM)")
        expectError(header(format: 0x11, bits: 4, blockAlign: 256, data: [1, 2]), "(IMA ADPCM)")
        expectError(header(format: 0x55, bits: 0, blockAlign: 1, data: [1, 2]), "(MPEG layer 3)")
        expectError(header(format: 9, bits: 16, data: [1, 2]), "format tag 9 is not supported")
        expectError(header(format: 1, bits: 12, blockAlign: 2, data: [1, 2]), "PCM with 12 bits per sample")
        expectError(header(format: 3, bits: 16, data: [1, 2]), "float samples of 16 bits")
        expectError(header(format: 1, channels: 0, bits: 16, blockAlign: 2, data: [1, 2]), "0 channels")
        expectError(header(format: 1, rate: 0, bits: 16, data: [1, 2]), "a sample rate of 0 Hz")
        expectError(header(format: 1, channels: 2, bits: 16, blockAlign: 2, data: [1, 2]),
                    "block align 2 does not match 2 channels x 16 bits (expected 4)")
        expectError(header(format: 1, bits: 16, byteRate: 8000, data: [1, 2]), "byte rate 8000 does not match")
        expectError(header(format: 1, bits: 16, data: []), "no samples (the 'data' chunk is empty)")
        expectError(header(format: 1, bits: 16, data: [1, 2, 3]), "3 bytes, not a whole number of 2-byte frames")
        expectError(header(format: 3, bits: 32, data: le32(0x7FC0_0000)), "a non-finite float sample at frame 0")
        // An extensible fmt chunk cut to 16 bytes, and one with more valid bits than its container.
        expectError(header(format: 0xFFFE, bits: 16, data: [1, 2]), "WAVE_FORMAT_EXTENSIBLE with a 'fmt ' chunk of 16 bytes")
        var extensible = [UInt8](WAVFile(sampleRate: 8000, channels: [[0.5]]).encoded(extensible: true))
        extensible[38] = 24                                         // valid bits (fmt data starts at 20, + 18)
        expectError(extensible, "24 valid bits in 16-bit samples")
        var mulaw = [UInt8](WAVFile(sampleRate: 8000, format: .pcm8, channels: [[0.5]]).encoded(extensible: true))
        mulaw[44] = 7                                               // the sub-format GUID's tag (20 + 24)
        expectError(mulaw, "compressed format 7 (mu-law)")
    }

    @Test func namesAMissingOrOversizedFile() throws {
        let missing = "/nonexistent-lstmkit/x.wav"
        #expect(throws: WAVError.self) { try WAVFile(contentsOf: URL(fileURLWithPath: missing)) }
        do { _ = try WAVFile(contentsOf: URL(fileURLWithPath: missing)) } catch {
            #expect("\(error)".hasPrefix(missing + ": "), "\(error)")
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lstmkit-wav-\(UUID().uuidString).wav")
        defer { try? FileManager.default.removeItem(at: url) }
        try WAVFile(sampleRate: 8000, channels: [[Float](repeating: 0.1, count: 100)]).write(to: url)
        do {
            _ = try WAVFile(contentsOf: url, maximumBytes: 100)
            Issue.record("an oversized file was read")
        } catch { #expect("\(error)".contains("more than the limit"), "\(error)") }
    }
}

func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF)] }
func le32(_ v: Int) -> [UInt8] { le16(v & 0xFFFF) + le16(v >> 16 & 0xFFFF) }
