import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

/// Hand-made bad files: each must throw a `CheckpointError` naming the file and the problem.
@Suite struct SafeTensorsReadingTests {
    /// Writes `bytes` to a file and expects reading it to fail with `fragments` in the message (plus the path).
    func expectRejected(
        _ bytes: [UInt8], _ fragments: [String], kind: CheckpointError.Kind = .malformed,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        withCheckpointDirectory { dir in
            let url = writeCheckpointBytes(bytes, dir, "bad.safetensors")
            expectCheckpointError(kind, [url.path] + fragments, sourceLocation: sourceLocation) {
                _ = try SafeTensors(contentsOf: url)
            }
        }
    }

    /// One F32 tensor "w" with the given shape and offsets over `dataBytes` bytes of data.
    func oneTensor(
        dtype: String = "F32", shape: String = "[2]", offsets: String = "[0,8]", dataBytes: Int = 8
    ) -> [UInt8] {
        rawSafeTensors(header: #"{"w":{"dtype":"\#(dtype)","shape":\#(shape),"data_offsets":\#(offsets)}}"#,
                       data: [UInt8](repeating: 0, count: dataBytes))
    }

    @Test func missingFileAndDirectory() {
        withCheckpointDirectory { dir in
            let missing = dir.appendingPathComponent("nothing.safetensors")
            expectCheckpointError(.unreadable, [missing.path, "no such file"]) {
                _ = try SafeTensors(contentsOf: missing)
            }
            expectCheckpointError(.unreadable, [dir.path, "is a directory"]) { _ = try SafeTensors(contentsOf: dir) }
        }
    }

    @Test func validMinimalFilesLoad() throws {
        // "{}": no tensors, no data.
        #expect(try SafeTensors(bytes: rawSafeTensors(header: "{}")).tensors.isEmpty)
        // A zero-size tensor occupies [0, 0].
        let empty = try SafeTensors(bytes: oneTensor(shape: "[0,5]", offsets: "[0,0]", dataBytes: 0))
        #expect(empty.tensors["w"]?.shape == [0, 5])
    }

    @Test func shorterThanTheLengthPrefix() {
        expectRejected([1, 2, 3], ["3 bytes long", "shorter than the 8-byte header length"])
        expectRejected([], ["0 bytes long"])
    }

    @Test func headerLengthPastTheEnd() {
        expectRejected(rawSafeTensors(header: "{}", declaredLength: 1000),
                       ["header length 1000 runs past the end of the file", "only 2 bytes follow"])
    }

    @Test func absurdHeaderLength() {
        expectRejected(rawSafeTensors(header: "{}", declaredLength: UInt64.max),
                       ["header length 18446744073709551615 is larger than the limit"])
    }

    @Test func truncatedHeader() throws {
        let good = try SafeTensors(tensors: ["w": AnyTensor(Tensor<Float>([1, 2]))]).serialized()
        expectRejected(Array(good.prefix(30)), ["header length 56 runs past the end", "only 22 bytes follow"])
    }

    @Test func headerNotUTF8OrNotJSON() {
        expectRejected(rawSafeTensors(header: "") + [0xFF, 0xFE], ["header of 0 bytes cannot hold a JSON object"])
        var bytes = rawSafeTensors(header: "{\"\u{e9}\":1}")
        bytes[11] = 0xFF    // break the two-byte sequence of the e-acute
        expectRejected(bytes, ["header is not valid UTF-8"])
        expectRejected(rawSafeTensors(header: "{abc"), ["header is not a valid JSON object"])
        expectRejected(rawSafeTensors(header: "[1, 2]"), ["header is not a valid JSON object"])
        expectRejected(rawSafeTensors(header: "{\"w\": 3}"), ["entry 'w' is an integer, not a tensor description"])
        expectRejected(rawSafeTensors(header: "{\"a\":" + String(repeating: "[", count: 5000)),
                       ["header is not a valid JSON object"])
    }

    @Test func badMetadata() {
        expectRejected(rawSafeTensors(header: #"{"__metadata__":{"epoch":3}}"#),
                       ["metadata entry 'epoch' is an integer, not a string"])
        expectRejected(rawSafeTensors(header: #"{"__metadata__":["a"]}"#), ["'__metadata__' is not a JSON object"])
    }

    @Test func unknownDType() {
        expectRejected(oneTensor(dtype: "I64"), ["tensor 'w' has dtype 'I64'", "supported: F32, F64"])
        expectRejected(oneTensor(dtype: "BF16", offsets: "[0,4]", dataBytes: 4), ["dtype 'BF16'"])
    }

    @Test func badShapes() {
        expectRejected(oneTensor(shape: "[-1,2]"), ["tensor 'w' has shape [-1, 2]", "integers >= 0"])
        expectRejected(oneTensor(shape: "[2.5]"), ["tensor 'w' has shape [2.5]"])
        expectRejected(oneTensor(shape: "[4611686018427387904,4611686018427387904]"),
                       ["tensor 'w' of dtype F32 has shape [4611686018427387904, 4611686018427387904], too large"])
        // [3] needs 3 * 4 = 12 bytes; offsets [0, 8] hold 8.
        expectRejected(oneTensor(shape: "[3]"), ["shape [3] needs 12 bytes", "[0, 8] hold 8"])
    }

    @Test func badOffsets() {
        expectRejected(oneTensor(offsets: "[0,16]"), ["data_offsets [0, 16] outside the 8-byte data section"])
        expectRejected(oneTensor(offsets: "[-4,4]", dataBytes: 8), ["data_offsets [-4, 4] outside"])
        expectRejected(oneTensor(offsets: "[8,0]"), ["data_offsets [8, 0] outside"])
        expectRejected(oneTensor(offsets: "[0]"), ["tensor 'w' has no 'data_offsets' pair of integers"])
        expectRejected(oneTensor(offsets: "[0,8.5]"), ["no 'data_offsets' pair of integers"])
    }

    @Test func overlapsGapsAndUncoveredBytes() {
        func two(_ a: String, _ b: String, data: Int) -> [UInt8] {
            rawSafeTensors(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":\#(a)},"# +
                                   #""b":{"dtype":"F32","shape":[1],"data_offsets":\#(b)}}"#,
                           data: [UInt8](repeating: 0, count: data))
        }
        expectRejected(two("[0,4]", "[2,6]", data: 6), ["tensor 'b' at data_offsets [2, 6] overlaps", "ends at 4"])
        expectRejected(two("[0,4]", "[0,4]", data: 4), ["overlaps"])
        expectRejected(two("[0,4]", "[8,12]", data: 12), ["4 bytes of the data section before tensor 'b'",
                                                          "belong to no tensor"])
        expectRejected(two("[4,8]", "[8,12]", data: 12), ["before tensor 'a' (from 0 to 4)"])
        expectRejected(oneTensor(dataBytes: 11), ["tensors end at byte 8", "3 bytes after the last tensor"])
        expectRejected(rawSafeTensors(header: "{}", data: [0]), ["1 bytes after the last tensor"])
    }

    @Test func badTensorEntries() {
        expectRejected(rawSafeTensors(header: #"{"w":{"dtype":"F32","shape":[0],"data_offsets":[0,0],"x":1}}"#),
                       ["tensor 'w' has an unknown field 'x'"])
        expectRejected(rawSafeTensors(header: #"{"w":{"shape":[0],"data_offsets":[0,0]}}"#),
                       ["tensor 'w' has no string 'dtype'"])
        expectRejected(rawSafeTensors(header: #"{"w":{"dtype":"F32","shape":3,"data_offsets":[0,0]}}"#),
                       ["tensor 'w' has no 'shape' array"])
    }

    // MARK: Fuzzing (bounded): malformed bytes throw or load, they never trap

    /// Parses `bytes`; a success must re-serialize into a file that parses to the same contents.
    func parseNeverTraps(_ bytes: [UInt8]) -> Bool {
        guard let file = try? SafeTensors(bytes: bytes) else { return false }
        let again = try? SafeTensors(bytes: (try? file.serialized()) ?? [])
        #expect(again != nil)
        if let again { SafeTensorsTests.expectSameContents(file, again) }
        return true
    }

    @Test func everyTruncationThrows() throws {
        let good = try SafeTensorsTests.sample().serialized()
        #expect(parseNeverTraps(good))
        for length in 0..<good.count {
            #expect(throws: CheckpointError.self, "prefix of \(length) bytes") {
                _ = try SafeTensors(bytes: Array(good.prefix(length)))
            }
        }
    }

    @Test func randomByteFlipsNeverTrap() throws {
        let good = try SafeTensorsTests.sample().serialized()
        let rng = RandomSource(seed: 7)
        let headerEnd = 8 + Int(good[0]) + 256 * Int(good[1])
        let jsonAlphabet = Array("{}[]\":,0123456789-+.eE FI".utf8)
        var loaded = 0
        for trial in 0..<1500 {
            var bytes = good
            for _ in 0..<(1 + rng.int(in: 0..<3)) {
                // Half of the trials target the header (with JSON-ish characters), half anywhere.
                if trial % 2 == 0 {
                    bytes[rng.int(in: 8..<headerEnd)] = jsonAlphabet[rng.int(in: 0..<jsonAlphabet.count)]
                } else {
                    bytes[rng.int(in: 0..<bytes.count)] = UInt8(rng.int(in: 0..<256))
                }
            }
            if parseNeverTraps(bytes) { loaded += 1 }
        }
        // Flips inside the data section (and some in padding) still load.
        #expect(loaded > 0)
    }

    @Test func randomBytesNeverTrap() {
        let rng = RandomSource(seed: 11)
        for trial in 0..<500 {
            var bytes = (0..<rng.int(in: 0..<200)).map { _ in UInt8(rng.int(in: 0..<256)) }
            if trial % 2 == 0 && bytes.count >= 8 {
                // A plausible length prefix so the JSON parser sees the random bytes.
                let n = UInt64(rng.int(in: 0..<(bytes.count - 7)))
                for i in 0..<8 { bytes[i] = UInt8(truncatingIfNeeded: n >> (8 * UInt64(i))) }
                if n > 0 { bytes[8] = UInt8(ascii: "{") }
            }
            _ = parseNeverTraps(bytes)
        }
    }
}
