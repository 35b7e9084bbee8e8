/// The `@` tags at the top of a UCR/UEA `.ts` file (the sktime/aeon time-series format), as claims that
/// ``TSFile`` checks against the data.
///
///     # comments start with '#'
///     @problemName BasicMotions
///     @timeStamps false
///     @missing false
///     @univariate false
///     @dimensions 6
///     @equalLength true
///     @seriesLength 100
///     @classLabel true Badminton Running Standing Walking
///     @data
///
/// Tags are matched without regard to case (`@classlabel`, `@ClassLabel`); values `true`/`false` too. Each tag
/// may appear once. `@dimension` is read as `@dimensions`. Refused with a message saying why: `@timeStamps
/// true` (values written as `(time,value)` pairs), `@targetLabel true` (a regression file), unknown tags.
/// `@classLabel` is required (it says whether each case ends with a label); the others are optional, and
/// absent ones are not checked.
public struct TSHeader: Sendable, Equatable {
    public var problemName: String?
    public var timeStamps: Bool?
    /// Whether values may be missing (`?`).
    public var missing: Bool?
    /// Whether every case has one dimension.
    public var univariate: Bool?
    /// D, the dimensions of every case.
    public var dimensions: Int?
    /// Whether all cases have the same length.
    public var equalLength: Bool?
    /// T, the length of every case.
    public var seriesLength: Int?
    /// The class labels of `@classLabel true <labels...>`; nil for `@classLabel false` (no label field).
    public var classLabels: [String]?
    /// The 1-based line of each tag, keyed by its lower-cased name ("dimensions"), for messages.
    public var lines: [String: Int] = [:]

    public init() {}

    /// A claim named as in the file with its line, for messages: `@dimensions 12 (line 12)`.
    func claim(_ tag: String, _ value: String) -> String {
        let written = TSHeader.spelling[tag] ?? tag
        return "@\(written) \(value)" + (lines[tag].map { " (line \($0))" } ?? "")
    }

    static let spelling = ["problemname": "problemName", "timestamps": "timeStamps", "missing": "missing",
                           "univariate": "univariate", "dimensions": "dimensions", "equallength": "equalLength",
                           "serieslength": "seriesLength", "classlabel": "classLabel", "targetlabel": "targetLabel"]

    /// Reads one `@` line (not `@data`) into the header.
    mutating func read(_ text: String, line: Int, source: String) throws {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        var tag = String(words[0].dropFirst()).lowercased()
        if tag == "dimension" { tag = "dimensions" }
        let values = Array(words.dropFirst())
        func fail(_ message: String) -> DatasetError { DatasetError(.badHeader, source: source, line: line, message) }
        guard let written = TSHeader.spelling[tag] else {
            throw fail("unknown header tag \(words[0]) (known: " +
                       TSHeader.spelling.values.sorted().map { "@" + $0 }.joined(separator: ", ") + ", @data)")
        }
        if let first = lines[tag] { throw fail("@\(written) appears twice (first on line \(first))") }
        lines[tag] = line
        func flag() throws -> Bool {
            guard values.count == 1, let v = ["true": true, "false": false][values[0].lowercased()] else {
                throw fail("@\(written) must be followed by true or false, found \"\(values.joined(separator: " "))\"")
            }
            return v
        }
        func count() throws -> Int {
            guard values.count == 1, let v = Int(values[0]), v >= 1 else {
                throw fail("@\(written) must be followed by a whole number >= 1, found \"\(values.joined(separator: " "))\"")
            }
            return v
        }
        switch tag {
        case "problemname":
            guard !values.isEmpty else { throw fail("@problemName has no name") }
            problemName = values.joined(separator: " ")
        case "timestamps":
            timeStamps = try flag()
            if timeStamps == true {
                throw fail("@timeStamps true: values written as (time,value) pairs are not supported; " +
                           "write plain comma-separated values (one per equally spaced step)")
            }
        case "missing": missing = try flag()
        case "univariate": univariate = try flag()
        case "dimensions": dimensions = try count()
        case "equallength": equalLength = try flag()
        case "serieslength": seriesLength = try count()
        case "targetlabel":
            let labelled = values.first?.lowercased() == "true"
            if labelled {
                throw fail("@targetLabel true: this is a regression file (a number per case); only classification " +
                           "files (@classLabel true <labels>) are read")
            }
            _ = try flag()
        default:  // classlabel
            guard let first = values.first, let labelled = ["true": true, "false": false][first.lowercased()] else {
                throw fail("@classLabel must be followed by true and the labels, or by false")
            }
            if !labelled {
                if values.count > 1 { throw fail("@classLabel false must not be followed by labels") }
                classLabels = nil
                return
            }
            let labels = Array(values.dropFirst())
            if labels.isEmpty { throw fail("@classLabel true must be followed by the class labels") }
            var seen = Set<String>()
            for label in labels where !seen.insert(label).inserted {
                throw fail("@classLabel lists the label \"\(label)\" twice")
            }
            classLabels = labels
        }
    }
}
