import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Named tensors and string metadata in the safetensors format (the file format of Hugging Face's
/// `safetensors` library, readable with `safetensors.torch.load_file` / `safe_open`).
///
/// File layout:
///
///     bytes 0..<8        N, the header length, an unsigned 64-bit little-endian integer
///     bytes 8..<8+N      the header: UTF-8 JSON, padded with spaces so 8 + N is a multiple of 8
///                        {"__metadata__": {"key": "value", ...},
///                         "name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ...}
///     bytes 8+N..<end    the data section: each tensor's elements, row-major, little-endian, at
///                        [begin, end) relative to the start of the data section
///
/// Tensors are contiguous and do not overlap; together they cover the data section exactly. Only "F32" and
/// "F64" tensors are read (the scalar types of `Tensor`); metadata values are strings.
///
///     var file = SafeTensors()
///     file.tensors["weight"] = AnyTensor(Tensor<Float>(rows: [[1, 2], [3, 4]]))
///     file.metadata["note"] = "hello"
///     try file.write(to: URL(fileURLWithPath: "w.safetensors"))
///     let back = try SafeTensors(contentsOf: URL(fileURLWithPath: "w.safetensors"))
///
/// Reading validates everything (see `init(bytes:path:)`) and throws a `CheckpointError` naming the file and
/// the problem; it never traps on malformed bytes. Writing is atomic (see `write(to:)`).
///
/// For models, optimizers and training state use `Checkpoint`, which is built on this type.
public struct SafeTensors {
    /// The tensors by name.
    public var tensors: [String: AnyTensor]
    /// The `__metadata__` entries.
    public var metadata: [String: String]

    public init(tensors: [String: AnyTensor] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The largest header accepted (the limit of the reference Rust implementation).
    public static let maximumHeaderLength = 100_000_000

    /// The reserved header key that holds the metadata.
    static let metadataKey = "__metadata__"

    // MARK: Writing

    /// The file's bytes. Tensors are laid out by decreasing element size, then by name (as the reference
    /// implementation does, so every F64 tensor starts 8-byte aligned); the header is padded with spaces.
    /// - Parameter path: the file name used in error messages.
    /// - Throws: `CheckpointError` (`.unencodable`) if a tensor is named `__metadata__`.
    public func serialized(path: String = "<memory>") throws -> [UInt8] {
        let (prefix, names, dataBytes) = try layout(path: path)
        var bytes = prefix
        bytes.reserveCapacity(prefix.count + dataBytes)
        for name in names { Self.withFileBytes(tensors[name]!) { bytes.append(contentsOf: $0) } }
        return bytes
    }

    /// The file's first part (the 8-byte header length and the header, padded with spaces to a multiple of
    /// 8), the tensor names in file order (larger elements first, then by name) and the size of the data part.
    func layout(path: String) throws -> (prefix: [UInt8], names: [String], dataBytes: Int) {
        if tensors[Self.metadataKey] != nil {
            throw CheckpointError(.unencodable, path: path,
                                  "'\(Self.metadataKey)' is reserved and cannot name a tensor")
        }
        let names = tensors.keys.sorted { a, b in
            let sa = tensors[a]!.elementSize, sb = tensors[b]!.elementSize
            return sa != sb ? sa > sb : a < b
        }
        var entries: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0]!))" }
            entries.append("\(jsonString(Self.metadataKey)):{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        for name in names {
            let t = tensors[name]!
            let end = offset + t.count * t.elementSize
            let shape = t.shape.map(String.init).joined(separator: ",")
            entries.append("\(jsonString(name)):{\"dtype\":\"\(t.dtype)\",\"shape\":[\(shape)]," +
                           "\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        while (8 + header.count) % 8 != 0 { header.append(0x20) }
        let length = UInt64(header.count).littleEndian
        let prefix = withUnsafeBytes(of: length) { Array($0) } + header
        return (prefix, names, offset)
    }

    /// One tensor's elements as little-endian bytes.
    static func littleEndianBytes(_ tensor: AnyTensor) -> [UInt8] {
        switch tensor {
        case .float(let t): return t.scalars.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
        case .double(let t): return t.scalars.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian) { Array($0) } }
        }
    }

    /// Calls `body` with one tensor's bytes as the file stores them: the scalars' own memory on a
    /// little-endian host (no copy), a converted copy otherwise.
    static func withFileBytes<R>(_ tensor: AnyTensor, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        #if _endian(little)
        switch tensor {
        case .float(let t): return t.scalars.withUnsafeBytes(body)
        case .double(let t): return t.scalars.withUnsafeBytes(body)
        }
        #else
        return littleEndianBytes(tensor).withUnsafeBytes(body)
        #endif
    }

    /// Writes the file durably and atomically with ``DurableFile``: a temporary file in the same directory
    /// (`.<name>.tmp-<pid>-<random>`), flushed to disk, renamed over `url`, then the directory flushed. If
    /// anything fails, the temporary file is removed and an existing file at `url` is left as it was; a reader
    /// never sees a partial file, and a process killed at any moment leaves the old file or the new one.
    /// - Throws: `CheckpointError` (`.writeFailed`, or `.unencodable` from `serialized`).
    public func write(to url: URL) throws {
        try write(to: url, beforeRename: nil)
    }

    /// Whether `name` is one of `write(to:)`'s temporary files (``DurableFile/isTemporaryFileName(_:)``).
    public static func isTemporaryFileName(_ name: String) -> Bool { DurableFile.isTemporaryFileName(name) }

    /// Removes the temporary files a killed write left in `directory`
    /// (``DurableFile/removeStaleTemporaryFiles(in:olderThan:)``).
    @discardableResult
    public static func removeStaleTemporaryFiles(in directory: URL, olderThan date: Date) -> [String] {
        DurableFile.removeStaleTemporaryFiles(in: directory, olderThan: date)
    }

    /// `write(to:)` with a hook run after the temporary file is complete and before the rename (tests use
    /// it to simulate a failure at the last moment).
    func write(to url: URL, beforeRename: ((URL) throws -> Void)?) throws {
        // Written piece by piece (the header, then each tensor from its own memory): no copy of the whole file.
        let (prefix, names, _) = try layout(path: url.path)
        do throws(DurableFile.Failure) {
            try DurableFile.write(to: url, beforeRename: beforeRename) { emit in
                prefix.withUnsafeBytes(emit)
                for name in names { Self.withFileBytes(tensors[name]!, emit) }
            }
        } catch {
            throw CheckpointError(.writeFailed, path: url.path, error.reason)
        }
    }
}

/// `s` as a JSON string literal: quotes, backslashes and control characters escaped; other characters kept
/// as UTF-8.
func jsonString(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where u.value < 0x20:
            let hex = String(u.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(u)
        }
    }
    return out + "\""
}
