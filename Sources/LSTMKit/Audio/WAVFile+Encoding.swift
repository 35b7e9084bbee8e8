import Foundation

extension WAVFile {
    /// The bytes of this audio as a WAV file in `format` (self's format when nil): RIFF header, a 16-byte
    /// `fmt ` chunk (40 bytes with `extensible`), and the interleaved samples (integers clamped to [-1, 1]).
    public func encoded(as format: WAVSampleFormat? = nil, extensible: Bool = false) -> Data {
        let format = format ?? self.format
        if channels.isEmpty || channels.contains(where: { $0.count != frameCount }) {
            failure("WAVFile.encoded: \(channels.count) channels of lengths \(channels.map(\.count)); need at least one, all equal")
        }
        let frameBytes = channelCount * format.bytesPerSample
        var body = Data()
        body.reserveCapacity(frameCount * frameBytes)
        for f in 0..<frameCount { for c in 0..<channelCount { format.append(channels[c][f], to: &body) } }
        var data = Data()
        func put32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { data.append(contentsOf: $0) } }
        func put16(_ v: Int) { withUnsafeBytes(of: UInt16(v).littleEndian) { data.append(contentsOf: $0) } }
        let fmtSize = extensible ? 40 : 16
        let padded = body.count + (body.count & 1)
        data.append(contentsOf: Array("RIFF".utf8))
        put32(4 + (8 + fmtSize) + (8 + padded))
        data.append(contentsOf: Array("WAVEfmt ".utf8))
        put32(fmtSize)
        put16(extensible ? 0xFFFE : format.formatTag)
        put16(channelCount)
        put32(sampleRate)
        put32(sampleRate * frameBytes)
        put16(frameBytes)
        put16(format.bitsPerSample)
        if extensible {
            put16(22)                                      // cbSize
            put16(format.bitsPerSample)                    // valid bits
            put32(channelCount == 2 ? 0x3 : 0x4)           // speaker mask: front left + right, or front centre
            put16(format.formatTag)                        // the sub-format GUID 0000000X-0000-0010-8000-00AA00389B71
            data.append(contentsOf: [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71])
        }
        data.append(contentsOf: Array("data".utf8))
        put32(body.count)
        data.append(body)
        if body.count & 1 == 1 { data.append(0) }
        return data
    }

    /// Writes the file (to a temporary file, then renamed).
    public func write(to url: URL, as format: WAVSampleFormat? = nil, extensible: Bool = false) throws {
        do { try TextFileIO.writeAtomically(encoded(as: format, extensible: extensible), to: url) } catch {
            throw WAVError(source: url.path, error.reason)
        }
    }
}
