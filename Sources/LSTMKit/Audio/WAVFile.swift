import Foundation

/// A RIFF/WAVE file decoded to floating-point samples in [-1, 1].
///
///     let wav = try WAVFile(contentsOf: URL(fileURLWithPath: "0_george_0.wav"))
///     wav.sampleRate, wav.channelCount, wav.frameCount     // 8000, 1, 2912
///     let samples = wav.mono()                              // [Float], the mean of the channels
///
/// Read: `WAVE_FORMAT_PCM` with 8-bit unsigned or 16/24/32-bit signed samples, `WAVE_FORMAT_IEEE_FLOAT` with
/// 32/64-bit samples, either one also inside `WAVE_FORMAT_EXTENSIBLE`; any sample rate; 1 to
/// `maximumChannels` channels. Chunks other than `fmt ` and `data` (LIST, fact, cue, ...) are skipped.
///
/// Refused, each with a one-line `WAVError` naming the file: an empty or truncated file (a chunk, the data
/// included, that declares more bytes than follow), a file that is not RIFF/WAVE, a missing `fmt ` or `data`
/// chunk, compressed formats (ADPCM, mu-law, A-law, MPEG, ...: named), a bit depth the format does not have,
/// a block align or byte rate that does not match channels x bits, a data chunk that is not a whole number of
/// frames or holds no frame, non-finite float samples.
public struct WAVFile: Equatable, Sendable {
    public var sampleRate: Int
    public var format: WAVSampleFormat
    /// The samples of each channel ([C][frames]), scaled to [-1, 1].
    public var channels: [[Float]]

    /// The most channels a file may have (more is a damaged header, not audio).
    public static let maximumChannels = 32
    /// The largest file `init(contentsOf:)` reads by default (256 MiB).
    public static let defaultMaximumBytes = 256 << 20

    public init(sampleRate: Int, format: WAVSampleFormat = .pcm16, channels: [[Float]]) {
        self.sampleRate = sampleRate
        self.format = format
        self.channels = channels
    }

    public var channelCount: Int { channels.count }
    /// The number of samples per channel.
    public var frameCount: Int { channels.first?.count ?? 0 }
    public var seconds: Double { Double(frameCount) / Double(sampleRate) }

    /// The mono signal: the only channel, or the mean of all channels (mixdown).
    public func mono() -> [Float] {
        if channels.count == 1 { return channels[0] }
        var sum = [Float](repeating: 0, count: frameCount)
        for channel in channels { for i in 0..<sum.count { sum[i] += channel[i] } }
        let scale = 1 / Float(channels.count)
        return sum.map { $0 * scale }
    }

    /// Reads the file at `url`; a file larger than `maximumBytes` is refused before it is read.
    public init(contentsOf url: URL, maximumBytes: Int = defaultMaximumBytes) throws {
        let data: Data
        do { data = try TextFileIO.readData(url, maximumBytes: maximumBytes) } catch {
            throw WAVError(source: url.path, error.reason)
        }
        try self.init(data: data, source: url.path)
    }

    /// Decodes the bytes of a WAV file; `source` names it in errors.
    public init(data: Data, source: String) throws {
        func fail(_ problem: String) -> WAVError { WAVError(source: source, problem) }
        if data.isEmpty { throw fail("the file is empty (0 bytes)") }
        let bytes = [UInt8](data)
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        func tag(_ at: Int) -> String {
            String(bytes[at..<at + 4].map { (32...126).contains($0) ? Character(UnicodeScalar($0)) : "?" })
        }
        if bytes.count < 12 { throw fail("\(bytes.count) bytes, too short for a RIFF/WAVE header (12 bytes)") }
        if tag(0) == "RIFX" { throw fail("big-endian RIFX files are not supported") }
        if tag(0) != "RIFF" { throw fail("not a WAV file (it starts with '\(tag(0))', not 'RIFF')") }
        if tag(8) != "WAVE" { throw fail("a RIFF file of type '\(tag(8))', not 'WAVE'") }

        var fmt: Range<Int>?, samples: Range<Int>?
        var offset = 12
        while offset + 8 <= bytes.count {
            let id = tag(offset), size = u32(offset + 4), start = offset + 8
            if size > bytes.count - start {
                throw fail("the '\(id)' chunk declares \(size) bytes but only \(bytes.count - start) follow (truncated file)")
            }
            if id == "fmt " && fmt == nil { fmt = start..<start + size }
            if id == "data" && samples == nil { samples = start..<start + size }
            offset = start + size + (size & 1)          // chunks are padded to an even size
        }
        guard let fmt else { throw fail("no 'fmt ' chunk") }
        guard let samples else { throw fail("no 'data' chunk") }
        if fmt.count < 16 { throw fail("the 'fmt ' chunk has \(fmt.count) bytes, fewer than the 16 of PCM") }

        var formatTag = u16(fmt.lowerBound)
        let channelCount = u16(fmt.lowerBound + 2), sampleRate = u32(fmt.lowerBound + 4)
        let byteRate = u32(fmt.lowerBound + 8), blockAlign = u16(fmt.lowerBound + 12)
        let bits = u16(fmt.lowerBound + 14)
        if formatTag == 0xFFFE {
            // WAVE_FORMAT_EXTENSIBLE: cbSize (22), valid bits, channel mask, then the sub-format GUID whose first
            // two bytes are the format tag.
            if fmt.count < 40 { throw fail("WAVE_FORMAT_EXTENSIBLE with a 'fmt ' chunk of \(fmt.count) bytes (40 needed)") }
            formatTag = u16(fmt.lowerBound + 24)
            let validBits = u16(fmt.lowerBound + 18)
            if validBits > bits { throw fail("\(validBits) valid bits in \(bits)-bit samples") }
        }
        if let name = WAVSampleFormat.compressedName(formatTag) {
            throw fail("compressed format \(formatTag) (\(name)) is not supported; convert it to PCM " +
                       "(e.g. sox IN -e signed -b 16 OUT.wav)")
        }
        if formatTag != 1 && formatTag != 3 {
            throw fail("format tag \(formatTag) is not supported (only PCM, 1, and IEEE float, 3)")
        }
        guard let format = WAVSampleFormat(formatTag: formatTag, bitsPerSample: bits) else {
            throw fail(formatTag == 1 ? "PCM with \(bits) bits per sample is not supported (8, 16, 24 or 32)"
                                      : "float samples of \(bits) bits are not supported (32 or 64)")
        }
        if channelCount < 1 || channelCount > Self.maximumChannels {
            throw fail("\(channelCount) channels (1 to \(Self.maximumChannels) are read)")
        }
        if sampleRate < 1 { throw fail("a sample rate of 0 Hz") }
        let frameBytes = channelCount * format.bytesPerSample
        if blockAlign != frameBytes {
            throw fail("block align \(blockAlign) does not match \(channelCount) channels x \(bits) bits (expected \(frameBytes))")
        }
        if byteRate != sampleRate * frameBytes {
            throw fail("byte rate \(byteRate) does not match \(sampleRate) Hz x \(frameBytes)-byte frames " +
                       "(expected \(sampleRate * frameBytes))")
        }
        if samples.isEmpty { throw fail("no samples (the 'data' chunk is empty)") }
        if samples.count % frameBytes != 0 {
            throw fail("the 'data' chunk has \(samples.count) bytes, not a whole number of \(frameBytes)-byte frames")
        }
        let frames = samples.count / frameBytes
        var channels = [[Float]](repeating: [Float](repeating: 0, count: frames), count: channelCount)
        var firstBad: Int?
        bytes.withUnsafeBytes { raw in
            for f in 0..<frames {
                for c in 0..<channelCount {
                    let value = format.sample(raw, at: samples.lowerBound + f * frameBytes + c * format.bytesPerSample)
                    if !value.isFinite && firstBad == nil { firstBad = f }
                    channels[c][f] = value
                }
            }
        }
        if let firstBad { throw fail("a non-finite float sample at frame \(firstBad)") }
        self.init(sampleRate: sampleRate, format: format, channels: channels)
    }
}
