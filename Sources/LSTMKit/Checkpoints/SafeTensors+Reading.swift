import Foundation

// Reading and validating a safetensors file. Implementation goals, in order of priority:
// 1. Never trap, whatever the bytes: every length, offset and size is checked before it is used, in integer
//    arithmetic that cannot overflow.
// 2. Say exactly what is wrong, naming the file and the tensor or metadata key.
// 3. Accept every file the reference implementation writes with F32 / F64 tensors.

extension SafeTensors {
    /// Reads and validates a safetensors file.
    /// - Throws: `CheckpointError`: `.unreadable` if the file is missing or cannot be read, `.malformed` for
    ///   any problem listed at `init(bytes:path:)`.
    public init(contentsOf url: URL) throws {
        let path = url.path
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            throw CheckpointError(.unreadable, path: path, "no such file")
        }
        if isDirectory.boolValue { throw CheckpointError(.unreadable, path: path, "is a directory, not a file") }
        let data: Data
        do {
            // An empty file is not read: Foundation's Data(contentsOf:) leaks its 4 KiB buffer on one (found by
            // Fuzz/ fuzz-checkpoint under LeakSanitizer).
            let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
            data = size == 0 ? Data() : try Data(contentsOf: url)
        } catch {
            throw CheckpointError(.unreadable, path: path, "cannot be read (\(error.localizedDescription))")
        }
        try self.init(bytes: [UInt8](data), path: path)
    }

    /// Parses the bytes of a safetensors file, checking:
    /// - at least 8 bytes; the header length N is at most `maximumHeaderLength` and 8 + N fits in the file;
    /// - the header is UTF-8 JSON, an object of objects;
    /// - `__metadata__`, if present, maps strings to strings;
    /// - every tensor entry has exactly `dtype` ("F32" or "F64"), `shape` (non-negative integers) and
    ///   `data_offsets` ([begin, end] integers with 0 <= begin <= end <= data length), and
    ///   end - begin = (product of the shape) * (element size);
    /// - the tensors, sorted by offset, start at 0, neither overlap nor leave gaps, and end at the end of the
    ///   file.
    /// - Parameters:
    ///   - bytes: the whole file: the 8-byte header length, the JSON header and the tensor data.
    ///   - path: the file name used in error messages.
    /// - Throws: `CheckpointError` (`.malformed`) naming the problem.
    public init(bytes: [UInt8], path: String = "<memory>") throws {
        func malformed(_ problem: String) -> CheckpointError { CheckpointError(.malformed, path: path, problem) }

        if bytes.count < 8 {
            throw malformed("file is \(bytes.count) bytes long, shorter than the 8-byte header length")
        }
        let declared = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        let available = UInt64(bytes.count - 8)
        if declared > UInt64(Self.maximumHeaderLength) {
            throw malformed("header length \(declared) is larger than the limit of \(Self.maximumHeaderLength) bytes")
        }
        if declared > available {
            throw malformed("header length \(declared) runs past the end of the file " +
                            "(only \(available) bytes follow the length)")
        }
        let headerLength = Int(declared)
        if headerLength < 2 { throw malformed("header of \(headerLength) bytes cannot hold a JSON object") }
        let headerBytes = bytes[8..<(8 + headerLength)]
        guard let headerText = String(validating: headerBytes, as: UTF8.self) else {
            throw malformed("header is not valid UTF-8")
        }
        let json: [String: JSONValue]
        do {
            json = try JSONDecoder().decode([String: JSONValue].self, from: Data(headerText.utf8))
        } catch {
            throw malformed("header is not a valid JSON object of entries (\(Self.reason(error)))")
        }

        let dataStart = 8 + headerLength
        let dataLength = bytes.count - dataStart
        var metadata: [String: String] = [:]
        var layout: [(name: String, begin: Int, end: Int, dtype: String, shape: [Int])] = []

        for (name, value) in json {
            if name == Self.metadataKey {
                guard case .object(let entries) = value else { throw malformed("'__metadata__' is not a JSON object") }
                for (key, entry) in entries {
                    guard case .string(let s) = entry else {
                        throw malformed("metadata entry '\(key)' is \(entry.kindName), not a string")
                    }
                    metadata[key] = s
                }
                continue
            }
            guard case .object(let fields) = value else {
                throw malformed("entry '\(name)' is \(value.kindName), not a tensor description object")
            }
            for key in fields.keys where !["dtype", "shape", "data_offsets"].contains(key) {
                throw malformed("tensor '\(name)' has an unknown field '\(key)'")
            }
            guard case .string(let dtype)? = fields["dtype"] else {
                throw malformed("tensor '\(name)' has no string 'dtype'")
            }
            let elementSize: Int
            switch dtype {
            case "F32": elementSize = 4
            case "F64": elementSize = 8
            default:
                throw malformed("tensor '\(name)' has dtype '\(dtype)', which is not supported (supported: F32, F64)")
            }
            guard case .array(let shapeValues)? = fields["shape"] else {
                throw malformed("tensor '\(name)' has no 'shape' array")
            }
            var shape: [Int] = []
            for v in shapeValues {
                guard case .int(let d) = v, d >= 0 else {
                    throw malformed("tensor '\(name)' has shape \(JSONValue.array(shapeValues)): " +
                                    "entries must be integers >= 0")
                }
                shape.append(d)
            }
            // The byte size, without overflow: 0 if any dimension is 0, else a checked product.
            var byteCount = shape.contains(0) ? 0 : elementSize
            for d in shape where byteCount > 0 {
                let (product, overflow) = byteCount.multipliedReportingOverflow(by: d)
                if overflow {
                    throw malformed("tensor '\(name)' of dtype \(dtype) has shape \(shape), too large to address " +
                                    "(its byte size overflows a 64-bit integer)")
                }
                byteCount = product
            }
            guard case .array(let offsets)? = fields["data_offsets"], offsets.count == 2,
                  case .int(let begin) = offsets[0], case .int(let end) = offsets[1] else {
                throw malformed("tensor '\(name)' has no 'data_offsets' pair of integers")
            }
            if begin < 0 || end < begin || end > dataLength {
                throw malformed("tensor '\(name)' has data_offsets [\(begin), \(end)] outside the " +
                                "\(dataLength)-byte data section (need 0 <= begin <= end <= \(dataLength))")
            }
            if end - begin != byteCount {
                throw malformed("tensor '\(name)' of dtype \(dtype) and shape \(shape) needs " +
                                "\(byteCount) bytes, but its data_offsets [\(begin), \(end)] hold \(end - begin)")
            }
            layout.append((name, begin, end, dtype, shape))
        }

        // Contiguous, non-overlapping, covering the data section.
        layout.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        var position = 0
        for entry in layout {
            if entry.begin < position {
                throw malformed("tensor '\(entry.name)' at data_offsets [\(entry.begin), \(entry.end)] overlaps " +
                                "the previous tensor, which ends at \(position)")
            }
            if entry.begin > position {
                throw malformed("\(entry.begin - position) bytes of the data section before tensor " +
                                "'\(entry.name)' (from \(position) to \(entry.begin)) belong to no tensor")
            }
            position = entry.end
        }
        if position != dataLength {
            throw malformed("the tensors end at byte \(position) of the data section, but it has \(dataLength) " +
                            "bytes (\(dataLength - position) bytes after the last tensor belong to no tensor)")
        }

        var tensors: [String: AnyTensor] = [:]
        bytes.withUnsafeBytes { raw in
            for entry in layout {
                let base = dataStart + entry.begin
                if entry.dtype == "F32" {
                    let n = (entry.end - entry.begin) / 4
                    let scalars = (0..<n).map { i in
                        Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: base + 4 * i,
                                                                                 as: UInt32.self)))
                    }
                    tensors[entry.name] = .float(Tensor(shape: entry.shape, scalars: scalars))
                } else {
                    let n = (entry.end - entry.begin) / 8
                    let scalars = (0..<n).map { i in
                        Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: base + 8 * i,
                                                                                  as: UInt64.self)))
                    }
                    tensors[entry.name] = .double(Tensor(shape: entry.shape, scalars: scalars))
                }
            }
        }
        self.init(tensors: tensors, metadata: metadata)
    }

    /// A short reason from a decoding error (the debug description, without the coding path noise).
    private static func reason(_ error: Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "at '\(path)': \(context.debugDescription)"
        }
        return "\(error)"
    }
}

/// A JSON value, decoded without loss for the header checks (integers stay integers); also how a run history
/// (LSTMKitApps' `RunHistory`) keeps a task's config without knowing its type.
public indirect enum JSONValue: Codable, Equatable, Sendable, CustomStringConvertible {
    case null, bool(Bool), int(Int), double(Double), string(String), array([JSONValue]), object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null; return }
        if let b = try? c.decode(Bool.self) { self = .bool(b); return }
        if let i = try? c.decode(Int.self) { self = .int(i); return }
        if let d = try? c.decode(Double.self) { self = .double(d); return }
        if let s = try? c.decode(String.self) { self = .string(s); return }
        if let a = try? c.decode([JSONValue].self) { self = .array(a); return }
        if let o = try? c.decode([String: JSONValue].self) { self = .object(o); return }
        throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a JSON value this reader accepts")
    }

    /// "a string", "an integer", ... for messages.
    var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case let .bool(b): try c.encode(b)
        case let .int(i): try c.encode(i)
        case let .double(d): try c.encode(d)
        case let .string(s): try c.encode(s)
        case let .array(a): try c.encode(a)
        case let .object(o): try c.encode(o)
        }
    }

    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return "\(b)"
        case .int(let i): return "\(i)"
        case .double(let d): return "\(d)"
        case .string(let s): return jsonString(s)
        case .array(let a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
        case .object(let o):
            return "{" + o.keys.sorted().map { "\(jsonString($0)): \(o[$0]!)" }.joined(separator: ", ") + "}"
        }
    }
}
