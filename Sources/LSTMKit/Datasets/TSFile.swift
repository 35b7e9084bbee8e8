import Foundation

/// A UCR/UEA time-series classification file in the `.ts` format of sktime/aeon: univariate or multivariate,
/// equal or unequal length, with or without missing values.
///
///     @problemName Toy
///     @univariate false
///     @dimensions 2
///     @equalLength false
///     @classLabel true up down
///     @data
///     1,2,3:4,5,6:up               <- case 1: 2 dimensions of 3 steps, label "up"
///     7,?,9,10:1,2,3,4:down        <- case 2: 4 steps; '?' is a missing value
///
///     let file = try TSFile.read(URL(fileURLWithPath: "Toy_TRAIN.ts"), missing: .linearInterpolate)
///     file.dimensions, file.classNames            // 2, ["up", "down"]
///     let data = try file.labeledSequences()      // examples [T, D] row-major, label = index in classNames
///
/// The format: `#` lines are comments (and `%` lines before `@data`, as in some aeon files); the header tags (``TSHeader``) come before `@data`; then one case per
/// line: the dimensions separated by `:`, each a comma-separated series of numbers, and (with `@classLabel
/// true`) the class label after the last `:`. All dimensions of one case have the same length; different cases
/// may differ unless `@equalLength true`. Blank lines and CRLF endings are fine; gzip data is decompressed.
///
/// Every header claim is checked against the data (`@dimensions`, `@univariate`, `@equalLength`,
/// `@seriesLength`, `@missing false`, the labels of `@classLabel`), and every error is a ``DatasetError`` whose
/// description is `file:line: what is wrong`. Values must be finite and within Float's range (the network
/// computes in Float). Files larger than `maximumBytes` (default 1 GiB, decompressed) are refused.
public struct TSFile: Sendable {
    /// The file path.
    public let source: String
    public let header: TSHeader
    /// D, the dimensions (features per step) of every case.
    public let dimensions: Int
    /// The class names, in the order of `@classLabel` (or those passed to ``read(_:missing:classNames:maximumBytes:)``);
    /// empty for `@classLabel false`.
    public let classNames: [String]
    /// The cases: `values` row-major `[T, D]`, `label` the index in `classNames` (0 without labels).
    public let examples: [LabeledSequence]
    /// The 1-based line of each case.
    public let lineNumbers: [Int]

    /// The default limit on a file's size (on disk and decompressed): 1 GiB.
    public static let defaultMaximumBytes = 1 << 30

    /// Reads a `.ts` file.
    /// - Parameters:
    ///   - url: the file.
    ///   - missing: what to do with `?` (or `NaN`) values, per dimension of each case (``MissingValueRule``):
    ///     `.error` (default) stops naming the line; `.drop` removes the time steps where any dimension is
    ///     missing. Only files with `@missing true` (or no `@missing` tag) may hold them.
    ///   - classNames: the classes to map labels to (the training file's, when reading its test file): every
    ///     label must be one of them, and the file's own `@classLabel` list too. nil: the file's `@classLabel`.
    ///   - maximumBytes: the most bytes read (on disk, or after gzip decompression).
    /// - Throws: ``DatasetError`` naming the file and line: `.fileNotFound`, `.unreadableFile`, `.emptyFile` (no
    ///   `@data` or no cases), `.badHeader` (see ``TSHeader``; a claim the data contradicts), `.wrongFieldCount`
    ///   (a case with another number of dimensions), `.badFormat` (dimensions of one case with different lengths,
    ///   an empty dimension), `.nonNumeric` (not a number, infinite, or beyond Float), `.missingValue`, `.badLabel`.
    public static func read(_ url: URL, missing: MissingValueRule = .error, classNames: [String]? = nil,
                            maximumBytes: Int = TSFile.defaultMaximumBytes) throws -> TSFile {
        let file = try NumericTextFile(url, maximumBytes: maximumBytes)
        var header = TSHeader()
        var reader: TSCaseReader? = nil
        var dataLine = 0
        for (number, range) in file.lines {
            let text = file.text(range).trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("#") || (reader == nil && text.hasPrefix("%")) { continue }
            if reader == nil {
                guard text.hasPrefix("@") else {
                    throw DatasetError(.badFormat, source: file.source, line: number,
                                       "data before the @data line (a .ts file has # comments and @ tags first)")
                }
                if text.lowercased() == "@data" {
                    dataLine = number
                    reader = try TSCaseReader(header: header, classNames: classNames, missing: missing, file: file,
                                            line: number)
                } else if text.lowercased().hasPrefix("@data") {
                    throw DatasetError(.badHeader, source: file.source, line: number, "@data must be alone on its line")
                } else {
                    try header.read(text, line: number, source: file.source)
                }
                continue
            }
            if text.hasPrefix("@") {
                throw DatasetError(.badHeader, source: file.source, line: number,
                                   "header tag after @data (line \(dataLine)); tags come first")
            }
            try reader!.read(range, line: number)
        }
        guard let reader, !reader.examples.isEmpty else {
            throw DatasetError(.emptyFile, source: file.source, reader == nil ? "no @data line" : "no cases after @data")
        }
        try reader.checkClaims()
        return TSFile(source: file.source, header: header, dimensions: reader.dimensions!,
                      classNames: reader.classNames, examples: reader.examples, lineNumbers: reader.lines)
    }

    /// The cases as a classification dataset.
    /// - Throws: ``DatasetError/Kind/badHeader`` when the file has no labels (`@classLabel false`).
    public func labeledSequences() throws -> LabeledSequences {
        guard header.classLabels != nil else {
            throw DatasetError(.badHeader, source: source, line: header.lines["classlabel"],
                               "@classLabel false: the cases have no class labels, so they cannot train a classifier")
        }
        return LabeledSequences(featureCount: dimensions, classNames: classNames, examples: examples)
    }
}

/// Reads the cases after `@data`, checking each against the header and the cases before it.
struct TSCaseReader {
    let header: TSHeader
    let classNames: [String]
    let labelled: Bool
    let missing: MissingValueRule
    let file: NumericTextFile
    var dimensions: Int?
    var firstLength: (steps: Int, line: Int)?
    var examples: [LabeledSequence] = []
    var lines: [Int] = []

    init(header: TSHeader, classNames: [String]?, missing: MissingValueRule, file: NumericTextFile, line: Int) throws {
        guard header.lines["classlabel"] != nil else {
            throw DatasetError(.badHeader, source: file.source, line: line,
                               "no @classLabel tag before @data (it says whether each case ends with a class label: " +
                               "\"@classLabel true <labels>\" or \"@classLabel false\")")
        }
        if case .constant(let c) = missing, !c.isFinite || !DecimalText.fitsFloat(c) {
            failure("TSFile.read: MissingValueRule.constant(\(c)) must be finite and within Float's range")
        }
        if let given = classNames, let own = header.classLabels, let extra = own.first(where: { !given.contains($0) }) {
            throw DatasetError(.badLabel, source: file.source, line: header.lines["classlabel"],
                               "@classLabel lists \"\(extra)\", which is not one of the classes " +
                               given.joined(separator: ", ") + " (of the training file)")
        }
        self.header = header
        self.labelled = header.classLabels != nil
        self.classNames = labelled ? (classNames ?? header.classLabels!) : []
        self.missing = missing
        self.file = file
        self.dimensions = header.dimensions ?? (header.univariate == true ? 1 : nil)
    }

    mutating func read(_ range: Range<Int>, line: Int) throws {
        func fail(_ kind: DatasetError.Kind, _ message: String) -> DatasetError {
            DatasetError(kind, source: file.source, line: line, message)
        }
        var fields = file.fields(range, separator: UInt8(ascii: ":"))
        let labelField = labelled ? fields.removeLast() : nil
        let d = dimensions ?? fields.count
        if d == 0 {
            throw fail(.wrongFieldCount, "expected at least one dimension before the label, separated by ':'; " +
                       "found only \"\(file.text(range).prefix(40))\"")
        }
        if fields.count != d {
            let source = header.dimensions != nil ? header.claim("dimensions", "\(d)")
                : header.univariate == true ? header.claim("univariate", "true")
                : "the first case (line \(lines.first ?? line))"
            let expected = "\(d) dimension\(d == 1 ? "" : "s")" + (labelled ? " and the label" : "")
            throw fail(.wrongFieldCount, "expected \(expected) separated by ':' as in \(source), found " +
                       "\(fields.count + (labelled ? 1 : 0)) field\(fields.count + (labelled ? 1 : 0) == 1 ? "" : "s")")
        }
        dimensions = d
        var columns: [[Double?]] = []
        for (k, field) in fields.enumerated() {
            if file.text(field).allSatisfy({ $0 == " " || $0 == "\t" }) {
                throw fail(.badFormat, "dimension \(k + 1) is empty")
            }
            let series = try file.fields(field).enumerated().map { p, value -> Double? in
                if file.isMissing(value) {
                    if header.missing == false {
                        throw fail(.missingValue, "dimension \(k + 1), value \(p + 1) is missing (\"\(file.text(value).trimmingCharacters(in: .whitespaces))\"), " +
                                   "but the header says \(header.claim("missing", "false"))")
                    }
                    return nil
                }
                return Double(try file.float(value, line: line, what: "dimension \(k + 1), value \(p + 1)"))
            }
            if let first = columns.first, first.count != series.count {
                throw fail(.badFormat, "dimension \(k + 1) has \(series.count) values, dimension 1 has \(first.count) " +
                           "(all dimensions of one case must have the same length)")
            }
            columns.append(series)
        }
        let length = columns[0].count
        if let first = firstLength, header.equalLength == true, length != first.steps {
            throw fail(.badFormat, "the case has \(length) steps, the first case (line \(first.line)) has " +
                       "\(first.steps), but the header says \(header.claim("equallength", "true"))")
        }
        if let t = header.seriesLength, length != t {
            throw fail(.badFormat, "the case has \(length) steps, but the header says " +
                       header.claim("serieslength", "\(t)"))
        }
        if firstLength == nil { firstLength = (length, line) }
        let filled = try fill(columns, fail)
        let steps = filled[0].count
        var label = 0
        if let labelField {
            let text = file.text(labelField).trimmingCharacters(in: .whitespaces)
            guard let index = classNames.firstIndex(of: text) else {
                throw fail(.badLabel, "label \"\(text)\" is not one of the classes \(classNames.joined(separator: ", "))")
            }
            if let own = header.classLabels, !own.contains(text) {
                throw fail(.badLabel, "label \"\(text)\" is not listed in \(header.claim("classlabel", "true ..."))")
            }
            label = index
        }
        var values = [Float](repeating: 0, count: steps * d)
        for t in 0..<steps { for f in 0..<d { values[t * d + f] = Float(filled[f][t]) } }
        examples.append(LabeledSequence(values: values, steps: steps, label: label))
        lines.append(line)
    }

    /// The dimensions of one case with the missing values handled by the rule.
    func fill(_ columns: [[Double?]], _ fail: (DatasetError.Kind, String) -> DatasetError) throws -> [[Double]] {
        func gap(_ k: Int, _ p: Int, _ what: String) -> DatasetError {
            fail(.missingValue, "dimension \(k + 1), value \(p + 1) is missing\(what)")
        }
        switch missing {
        case .error:
            for (k, c) in columns.enumerated() {
                if let p = c.firstIndex(where: { $0 == nil }) {
                    throw gap(k, p, " (read with missing: .linearInterpolate, .forwardFill, .drop or .constant(x) " +
                              "to fill it)")
                }
            }
            return columns.map { $0.map { $0! } }
        case .constant(let c): return columns.map { $0.map { $0 ?? c } }
        case .drop:
            let keep = columns[0].indices.filter { t in columns.allSatisfy { $0[t] != nil } }
            if keep.isEmpty { throw fail(.missingValue, "every step has a missing value, so .drop leaves none") }
            return columns.map { c in keep.map { c[$0]! } }
        case .forwardFill:
            return try columns.enumerated().map { k, c in
                switch MissingValueRule.forwardFilled(c) {
                case .success(let v): return v
                case .failure(let leading):
                    throw gap(k, leading.position, " and cannot be forward-filled: no earlier value in the dimension")
                }
            }
        case .linearInterpolate:
            return try columns.enumerated().map { k, c in
                guard let v = MissingValueRule.interpolated(c) else {
                    throw gap(k, 0, ", and so is every other value of the dimension: nothing to interpolate from")
                }
                return v
            }
        }
    }

    /// The claims that can only be checked once every case is read.
    func checkClaims() throws {
        let d = dimensions!
        if let univariate = header.univariate, univariate != (d == 1) {
            throw DatasetError(.badHeader, source: file.source, line: header.lines["univariate"],
                               "the header says @univariate \(univariate), but the cases have \(d) dimension" +
                               (d == 1 ? "" : "s"))
        }
    }
}
