import Foundation

/// The JSB Chorales piano rolls (Boulanger-Lewandowski et al. 2012's split: 229 train, 76 valid, 77 test
/// chorales at quarter-note resolution) in the JSON layout of github.com/czhuang/JSB-Chorales-dataset:
///
///     {"train": [[[60, 64, 67, 72], [62, 65, 69, 74], [], ...], ...], "valid": [...], "test": [...]}
///
/// an object of splits, each a list of sequences, each a list of time steps, each a list of the MIDI
/// pitches sounding at that step (an empty list is a rest). Every pitch must be an integer on the 88-key
/// piano (`PianoRoll.pitchRange`, 21...108); anything else is a one-line `DatasetError` naming the file, the
/// split, the sequence and the step (1-based):
///
///     jsb.json: split "test", sequence 3, step 17: pitch 12 is outside the 88-key piano range 21...108
///
///     let chorales = try JSBChorales.load(URL(fileURLWithPath: "jsb-chorales-quarter.json"))
///     chorales.train.count                          // 229
///     PianoRoll.multiHot(chorales.train[0])         // [T * 88] multi-hot frames
public struct JSBChorales: Equatable, Sendable {
    /// The split names, in the file's convention.
    public static let splitNames = ["train", "valid", "test"]
    /// The largest file read (the quarter-note file is 0.4 MB; the sixteenth-note one about 1.6 MB).
    public static let maximumBytes = 64 << 20

    public var train: [[[Int]]]
    public var valid: [[[Int]]]
    public var test: [[[Int]]]

    public init(train: [[[Int]]], valid: [[[Int]]], test: [[[Int]]]) {
        self.train = train
        self.valid = valid
        self.test = test
    }

    /// The sequences of a split by its name ("train", "valid", "test").
    public func split(_ name: String) -> [[[Int]]] {
        switch name {
        case "train": return train
        case "valid": return valid
        case "test": return test
        default: failure("JSBChorales.split: unknown split '\(name)' (train, valid, test)")
        }
    }

    /// Reads and validates the JSON file at `url`.
    public static func load(_ url: URL) throws -> JSBChorales {
        let source = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) else {
            throw DatasetError(.fileNotFound, source: source, "no such file")
        }
        if isDirectory.boolValue {
            throw DatasetError(.unreadableFile, source: source, "is a directory; give the JSON file")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: source)[.size] as? Int) ?? 0
        if size > maximumBytes {
            throw DatasetError(.badFormat, source: source, "\(size) bytes is more than the \(maximumBytes) a piano-roll file may have")
        }
        guard let data = FileManager.default.contents(atPath: source) else {
            throw DatasetError(.unreadableFile, source: source, "cannot be read")
        }
        return try parse(data, source: source)
    }

    /// Parses and validates JSON `data`; `source` names it in errors.
    public static func parse(_ data: Data, source: String) throws -> JSBChorales {
        if data.count > maximumBytes {
            throw DatasetError(.badFormat, source: source, "\(data.count) bytes is more than the \(maximumBytes) a piano-roll file may have")
        }
        if data.isEmpty { throw DatasetError(.emptyFile, source: source, "the file is empty") }
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: data) } catch {
            throw DatasetError(.badFormat, source: source, "not valid JSON (\(error.localizedDescription))")
        }
        guard let object = json as? [String: Any] else {
            throw DatasetError(.badFormat, source: source,
                               "expected an object with the splits \(splitNames.map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        for key in object.keys.sorted() where !splitNames.contains(key) {
            throw DatasetError(.badFormat, source: source,
                               "split \"\(key)\" is not one of \(splitNames.map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        var splits: [String: [[[Int]]]] = [:]
        for name in splitNames {
            guard let value = object[name] else {
                throw DatasetError(.badFormat, source: source, "split \"\(name)\" is missing")
            }
            splits[name] = try parseSplit(value, name: name, source: source)
        }
        return JSBChorales(train: splits["train"]!, valid: splits["valid"]!, test: splits["test"]!)
    }

    static func parseSplit(_ value: Any, name: String, source: String) throws -> [[[Int]]] {
        guard let sequences = value as? [Any] else {
            throw DatasetError(.badFormat, source: source, "split \"\(name)\": expected a list of sequences")
        }
        if sequences.isEmpty { throw DatasetError(.badFormat, source: source, "split \"\(name)\" has no sequences") }
        return try sequences.enumerated().map { s, sequence in
            let at = "split \"\(name)\", sequence \(s + 1)"
            guard let steps = sequence as? [Any] else {
                throw DatasetError(.badFormat, source: source, "\(at): expected a list of time steps")
            }
            if steps.isEmpty { throw DatasetError(.badFormat, source: source, "\(at) has no time steps") }
            return try steps.enumerated().map { t, step in
                guard let pitches = step as? [Any] else {
                    throw DatasetError(.badFormat, source: source, "\(at), step \(t + 1): expected a list of pitches")
                }
                var result: [Int] = []
                for value in pitches {
                    let pitch = try integer(value, source: source, at: "\(at), step \(t + 1)")
                    if !PianoRoll.pitchRange.contains(pitch) {
                        throw DatasetError(.badFormat, source: source, "\(at), step \(t + 1): pitch \(pitch) is outside " +
                                           "the 88-key piano range \(PianoRoll.lowestPitch)...\(PianoRoll.highestPitch)")
                    }
                    if !result.contains(pitch) { result.append(pitch) }
                }
                return result.sorted()
            }
        }
    }

    /// A JSON number that is a whole number (not a Boolean, not 60.5).
    static func integer(_ value: Any, source: String, at: String) throws -> Int {
        // A JSON Boolean is an NSNumber whose type code is "c" (Linux and Darwin), and `is Bool` holds for 1 too.
        if let number = value as? NSNumber, number.objCType.pointee != CChar(UInt8(ascii: "c")) {
            let d = number.doubleValue
            if d.isFinite, d == d.rounded(), Swift.abs(d) < 1e9 { return Int(d) }
            throw DatasetError(.nonNumeric, source: source, "\(at): pitch \(number) is not a whole number")
        }
        throw DatasetError(.nonNumeric, source: source, "\(at): pitch \(String(describing: value).prefix(20)) is not a number")
    }
}
