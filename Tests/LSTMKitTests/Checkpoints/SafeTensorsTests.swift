import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct SafeTensorsTests {
    /// Tensors of both dtypes, a scalar, an empty tensor, special values, and metadata needing escapes.
    static func sample() -> SafeTensors {
        var file = SafeTensors()
        file.tensors["encoder.weight"] = AnyTensor(Tensor<Float>(rows: [[1, -2, 3.5], [.infinity, -0.0, 1e-40]]))
        file.tensors["encoder.bias"] = AnyTensor(Tensor<Double>([0.1, -.pi]))
        file.tensors["step"] = AnyTensor(Tensor<Float>(7))
        file.tensors["empty"] = AnyTensor(Tensor<Double>.zeros([0, 3]))
        file.tensors["nan"] = AnyTensor(Tensor<Float>([.nan]))
        file.metadata = ["quote\"key": "line\nbreak\ttab \\ slash", "unicode": "h\u{e9}llo \u{1F600}", "ctrl": "\u{1}"]
        return file
    }

    static func expectSameContents(
        _ a: SafeTensors, _ b: SafeTensors, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(a.metadata == b.metadata, sourceLocation: sourceLocation)
        #expect(Set(a.tensors.keys) == Set(b.tensors.keys), sourceLocation: sourceLocation)
        for (name, x) in a.tensors {
            guard let y = b.tensors[name] else { continue }
            #expect(x.dtype == y.dtype && x.shape == y.shape, "\(name)", sourceLocation: sourceLocation)
            // Bit patterns, so NaN, -0 and subnormals count.
            #expect(x.converted(to: Double.self).scalars.map(\.bitPattern) ==
                    y.converted(to: Double.self).scalars.map(\.bitPattern), "\(name)", sourceLocation: sourceLocation)
        }
    }

    @Test func roundTripInMemory() throws {
        let file = Self.sample()
        let bytes = try file.serialized()
        let back = try SafeTensors(bytes: bytes)
        Self.expectSameContents(file, back)
        #expect(back.tensors["encoder.bias"]?.tensor(as: Double.self)?.scalars == [0.1, -.pi])
        #expect(back.tensors["step"]?.shape == [])
        #expect(back.tensors["empty"]?.shape == [0, 3])
        // Serializing is deterministic (sorted names), and the data section starts 8-byte aligned.
        #expect(try back.serialized() == bytes)
        let n = bytes.withUnsafeBytes { Int(UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self))) }
        #expect((8 + n) % 8 == 0)
    }

    /// The exact bytes of a one-tensor file, written out by hand.
    @Test func exactLayout() throws {
        let file = SafeTensors(tensors: ["a": AnyTensor(Tensor<Float>([1, -2]))])
        let bytes = try file.serialized()
        // Header {"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}} has 5 + 15 + 12 + 21 + 1 = 54 bytes;
        // 8 + 54 = 62 is padded with 2 spaces to 64, so N = 56 and the data starts at byte 64.
        let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
        #expect(header.utf8.count == 54)
        #expect(Array(bytes[0..<8]) == [56, 0, 0, 0, 0, 0, 0, 0])
        #expect(String(decoding: bytes[8..<64], as: UTF8.self) == header + "  ")
        // 1.0f = 0x3F800000 and -2.0f = 0xC0000000, little-endian.
        #expect(Array(bytes[64...]) == [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0])
    }

    /// F64 tensors are laid out before F32 ones (decreasing element size, then name), keeping them aligned.
    @Test func layoutOrder() throws {
        let file = SafeTensors(tensors: ["a": AnyTensor(Tensor<Float>([1])), "b": AnyTensor(Tensor<Double>([2])),
                                         "c": AnyTensor(Tensor<Float>([3]))])
        let text = String(decoding: try file.serialized(), as: UTF8.self)
        #expect(text.contains(#""b":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}"#))
        #expect(text.contains(#""a":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}"#))
        #expect(text.contains(#""c":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}"#))
    }

    /// A header as Python's safetensors writes it (metadata first, other key order, padding spaces).
    @Test func readsReferenceStyleHeader() throws {
        let header = #"{"__metadata__":{"format":"pt"},"w":{"shape":[1,2],"data_offsets":[0,8],"dtype":"F32"}}"# + "   "
        let file = try SafeTensors(bytes: rawSafeTensors(header: header, data: floatBytes([0.5, 4])))
        #expect(file.metadata == ["format": "pt"])
        #expect(file.tensors["w"]?.tensor(as: Float.self)?.scalars == [0.5, 4])
        #expect(file.tensors["w"]?.shape == [1, 2])
    }

    @Test func anyTensorAccessors() {
        let t = AnyTensor(Tensor<Float>([1, 2, 3]))
        #expect(t.dtype == "F32" && t.elementSize == 4 && t.count == 3 && t.shape == [3])
        #expect(t.tensor(as: Double.self) == nil)
        #expect(t.converted(to: Double.self).scalars == [1, 2, 3])
        #expect("\(AnyTensor(Tensor<Double>.zeros([2, 0])))" == "AnyTensor(F64, shape [2, 0])")
    }

    @Test func fileRoundTripLeavesNoTemporaryFile() throws {
        try withCheckpointDirectory { dir in
            let url = dir.appendingPathComponent("model.safetensors")
            try Self.sample().write(to: url)
            try SafeTensors(tensors: ["x": AnyTensor(Tensor<Float>([9]))]).write(to: url)   // overwrite
            #expect(directoryListing(dir) == ["model.safetensors"])
            #expect(try SafeTensors(contentsOf: url).tensors["x"]?.tensor(as: Float.self)?.scalars == [9])
        }
    }

    // MARK: Atomicity

    /// A failure after the temporary file is complete (just before the rename) leaves the old file and no
    /// temporary file.
    @Test func failedWriteKeepsTheOldFile() throws {
        try withCheckpointDirectory { dir in
            let url = dir.appendingPathComponent("model.safetensors")
            try Self.sample().write(to: url)
            let good = try Data(contentsOf: url)
            struct DiskFull: Error {}
            var sawTemporary = false
            expectCheckpointError(.writeFailed, [url.path, "DiskFull"]) {
                try SafeTensors(tensors: ["x": AnyTensor(Tensor<Float>([9]))]).write(to: url) { temporary in
                    // The temporary file is complete, next to the target, and hidden.
                    sawTemporary = temporary.deletingLastPathComponent().path == dir.path &&
                        temporary.lastPathComponent.hasPrefix(".model.safetensors.tmp-") &&
                        (try? SafeTensors(contentsOf: temporary).tensors.count) == 1
                    throw DiskFull()
                }
            }
            #expect(sawTemporary)
            #expect(try Data(contentsOf: url) == good)
            #expect(directoryListing(dir) == ["model.safetensors"])
        }
    }

    /// The temporary files of a killed write are recognised by their exact pattern only, and removed only when
    /// older than the cleaning run; a temporary file of a write in progress and other files are kept.
    @Test func staleTemporaryFilesAreRemovedByPatternAndAge() throws {
        #expect(SafeTensors.isTemporaryFileName(".last.safetensors.tmp-123-4567"))
        for name in ["last.safetensors.tmp-1-2", ".last.safetensors.tmp-1", ".last.safetensors.tmp-1-2-3",
                     ".last.safetensors.tmp-a-2", ".tmp-1-2", ".x.tmp-1-", "notes.txt"] {
            #expect(!SafeTensors.isTemporaryFileName(name), "\(name)")
        }
        try withCheckpointDirectory { dir in
            let old = Date(timeIntervalSinceNow: -3600)
            for name in [".last.safetensors.tmp-99-1", ".best.safetensors.tmp-99-2", ".best.safetensors.tmp-x-2", "keep.tmp-1-2"] {
                _ = writeCheckpointBytes([1], dir, name)
                try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: dir.appendingPathComponent(name).path)
            }
            _ = writeCheckpointBytes([1], dir, ".last.safetensors.tmp-7-7")   // a write in progress: new
            let removed = SafeTensors.removeStaleTemporaryFiles(in: dir, olderThan: Date(timeIntervalSinceNow: -60))
            #expect(removed == [".best.safetensors.tmp-99-2", ".last.safetensors.tmp-99-1"])
            #expect(directoryListing(dir) == [".best.safetensors.tmp-x-2", ".last.safetensors.tmp-7-7", "keep.tmp-1-2"])
        }
    }

    /// The rename fails (the target is a non-empty directory): the error names it, the temporary file is gone.
    @Test func renameFailureRemovesTheTemporaryFile() throws {
        try withCheckpointDirectory { dir in
            let target = dir.appendingPathComponent("model.safetensors")
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
            _ = writeCheckpointBytes([1], target, "inside")
            expectCheckpointError(.writeFailed, [target.path, "cannot rename"]) {
                try Self.sample().write(to: target)
            }
            #expect(directoryListing(dir) == ["model.safetensors"])
            #expect(directoryListing(target) == ["inside"])
        }
    }

    @Test func writeIntoMissingDirectoryFails() throws {
        try withCheckpointDirectory { dir in
            let url = dir.appendingPathComponent("no/such/dir/model.safetensors")
            expectCheckpointError(.writeFailed, [url.path, "cannot create the temporary file"]) {
                try Self.sample().write(to: url)
            }
        }
    }

    /// An encoding error happens before any file is touched.
    @Test func encodingErrorKeepsTheOldFile() throws {
        try withCheckpointDirectory { dir in
            let url = dir.appendingPathComponent("model.safetensors")
            try Self.sample().write(to: url)
            let good = try Data(contentsOf: url)
            expectCheckpointError(.unencodable, [url.path, "'__metadata__' is reserved"]) {
                try SafeTensors(tensors: ["__metadata__": AnyTensor(Tensor<Float>([1]))]).write(to: url)
            }
            #expect(try Data(contentsOf: url) == good)
            #expect(directoryListing(dir) == ["model.safetensors"])
        }
    }
}
