import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct TSFileTests {
    static let univariate = """
        # a comment
        @problemName Tiny
        @timeStamps false
        @missing false
        @univariate true
        @equalLength true
        @seriesLength 4
        @classLabel true a b
        @data
        1,2,3,4:a
        5,6,7,8:b

        9,10,11,12:a
        """

    /// Six dimensions of 3 steps, like the UEA BasicMotions layout; case-insensitive tags, CRLF endings.
    static let sixDimensions: String = {
        let head = "@ProblemName Motions\r\n@TIMESTAMPS FALSE\r\n@univariate false\r\n@dimensions 6\r\n" +
            "@equalLength true\r\n@seriesLength 3\r\n@classlabel true Walking Running\r\n@DATA\r\n"
        func row(_ base: Int, _ label: String) -> String {
            (0..<6).map { d in (0..<3).map { String(base + 10 * d + $0) }.joined(separator: ",") }
                .joined(separator: ":") + ":" + label + "\r\n"
        }
        return head + row(0, "Running") + row(100, "Walking")
    }()

    func read(_ text: String, name: String = "t.ts", missing: MissingValueRule = .error,
              classNames: [String]? = nil) throws -> TSFile {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        return try TSFile.read(try dir.write(name, text), missing: missing, classNames: classNames)
    }

    /// The error of reading `text`, checking that its description is `file:line: ...`.
    func error(_ text: String, missing: MissingValueRule = .error, classNames: [String]? = nil,
               sourceLocation: SourceLocation = #_sourceLocation) -> DatasetError? {
        let e = datasetError { try read(text, missing: missing, classNames: classNames) }
        #expect(e != nil, "expected an error", sourceLocation: sourceLocation)
        if let e, let line = e.line {
            #expect(e.description.hasPrefix(e.source + ":\(line): "), sourceLocation: sourceLocation)
            #expect(e.source.hasSuffix("t.ts"), sourceLocation: sourceLocation)
        }
        return e
    }

    @Test func univariateEqualLength() throws {
        #expect(try read("% an ARFF-style comment\n" + Self.univariate).examples.count == 3)
        let file = try read(Self.univariate)
        #expect(file.dimensions == 1 && file.classNames == ["a", "b"] && file.lineNumbers == [10, 11, 13])
        #expect(file.header.problemName == "Tiny" && file.header.seriesLength == 4 && file.header.missing == false)
        let data = try file.labeledSequences()
        #expect(data.featureCount == 1 && data.count == 3)
        #expect(data.examples[1] == LabeledSequence(values: [5, 6, 7, 8], steps: 4, label: 1))
    }

    @Test func multivariateSixDimensions() throws {
        let file = try read(Self.sixDimensions)
        #expect(file.dimensions == 6 && file.classNames == ["Walking", "Running"])
        let first = file.examples[0]
        #expect(first.steps == 3 && first.label == 1)
        // Row-major [T, D]: step 0 holds dimension d's first value 10 * d.
        #expect(Array(first.values[0..<6]) == [0, 10, 20, 30, 40, 50])
        #expect(Array(first.values[6..<12]) == [1, 11, 21, 31, 41, 51])
        #expect(file.examples[1].values[17] == 152 && file.examples[1].label == 0)
    }

    @Test func unequalLengthAndNoLabels() throws {
        let file = try read("@equalLength false\n@dimensions 2\n@classLabel true x\n@data\n1,2,3:4,5,6:x\n7:8:x\n")
        #expect(file.examples.map(\.steps) == [3, 1] && file.examples[1].values == [7, 8])
        let unlabelled = try read("@classLabel false\n@data\n1,2\n3,4,5\n")
        #expect(unlabelled.examples.count == 2 && unlabelled.classNames.isEmpty)
        let e = datasetError { try unlabelled.labeledSequences() }
        #expect(e?.kind == .badHeader && e?.line == 1 && e?.message.contains("@classLabel false") == true)
    }

    @Test func missingValuesNeedARule() throws {
        let text = "@missing true\n@dimensions 2\n@classLabel true 1\n@data\n1,?,3:4,5,NaN:1\n"
        let e = error(text)
        #expect(e?.kind == .missingValue && e?.line == 5 && e?.message.contains("dimension 1, value 2 is missing") == true)
        #expect(try read(text, missing: .linearInterpolate).examples[0].values == [1, 4, 2, 5, 3, 5])
        #expect(try read(text, missing: .forwardFill).examples[0].values == [1, 4, 1, 5, 3, 5])
        #expect(try read(text, missing: .constant(0)).examples[0].values == [1, 4, 0, 5, 3, 0])
        let dropped = try read(text, missing: .drop).examples[0]
        #expect(dropped.steps == 1 && dropped.values == [1, 4])
        let leading = error("@classLabel true 1\n@data\n?,2:1\n", missing: .forwardFill)
        #expect(leading?.kind == .missingValue && leading?.message.contains("cannot be forward-filled") == true)
        let claimed = error("@missing false\n@classLabel true 1\n@data\n1,?:1\n", missing: .linearInterpolate)
        #expect(claimed?.kind == .missingValue && claimed?.message.contains("@missing false (line 1)") == true)
    }

    @Test func headerClaimsAreCheckedAgainstTheData() {
        let dims = error("@dimensions 12\n@classLabel true 1\n@data\n1,2:3,4:5,6:7,8:9,1:2,3:1\n")
        #expect(dims?.kind == .wrongFieldCount && dims?.line == 4)
        #expect(dims?.message == "expected 12 dimensions and the label separated by ':' as in @dimensions 12 (line 1), found 7 fields")
        let uni = error("@univariate true\n@classLabel true 1\n@data\n1,2:3,4:1\n")
        #expect(uni?.kind == .wrongFieldCount && uni?.message.contains("@univariate true (line 1)") == true)
        let multi = error("@univariate false\n@classLabel true 1\n@data\n1,2:1\n")
        #expect(multi?.kind == .badHeader && multi?.line == 1)
        let equal = error("@equalLength true\n@classLabel true 1\n@data\n1,2:1\n1,2,3:1\n")
        #expect(equal?.kind == .badFormat && equal?.line == 5 && equal?.message.contains("first case (line 4)") == true)
        let length = error("@seriesLength 3\n@classLabel true 1\n@data\n1,2:1\n")
        #expect(length?.message == "the case has 2 steps, but the header says @seriesLength 3 (line 1)")
        let varying = error("@classLabel true 1\n@data\n1,2:3,4:1\n1:1\n")
        #expect(varying?.kind == .wrongFieldCount && varying?.message.contains("the first case (line 3)") == true)
        let label = error("@classLabel true a b\n@data\n1,2:c\n")
        #expect(label?.kind == .badLabel && label?.message == "label \"c\" is not one of the classes a, b")
    }

    @Test func malformedHeaders() {
        let cases: [(String, DatasetError.Kind, Int?, String)] = [
            ("@timeStamps true\n@classLabel true 1\n@data\n1:1\n", .badHeader, 1, "are not supported"),
            ("@targetLabel true\n@data\n1:1.5\n", .badHeader, 1, "regression"),
            ("@classLabel true 1\n@colour red\n@data\n1:1\n", .badHeader, 2, "unknown header tag @colour"),
            ("@classLabel true 1\n@CLASSLABEL true 1\n@data\n1:1\n", .badHeader, 2, "appears twice (first on line 1)"),
            ("@dimensions two\n@classLabel true 1\n@data\n1:1\n", .badHeader, 1, "a whole number >= 1"),
            ("@dimensions 0\n@classLabel true 1\n@data\n1:1\n", .badHeader, 1, "a whole number >= 1"),
            ("@missing maybe\n@classLabel true 1\n@data\n1:1\n", .badHeader, 1, "true or false"),
            ("@classLabel true\n@data\n1:1\n", .badHeader, 1, "followed by the class labels"),
            ("@classLabel true a a\n@data\n1:a\n", .badHeader, 1, "twice"),
            ("@classLabel false a\n@data\n1\n", .badHeader, 1, "must not be followed by labels"),
            ("@problemName\n@classLabel true 1\n@data\n1:1\n", .badHeader, 1, "has no name"),
            ("@data\n1:1\n", .badHeader, 1, "no @classLabel tag before @data"),
            ("@classLabel true 1\n1,2:1\n@data\n", .badFormat, 2, "data before the @data line"),
            ("@classLabel true 1\n@data\n1:1\n@missing true\n", .badHeader, 4, "after @data (line 2)"),
            ("@classLabel true 1\n@data extra\n1:1\n", .badHeader, 2, "alone on its line"),
        ]
        for (text, kind, line, words) in cases {
            let e = error(text)
            #expect(e?.kind == kind && e?.line == line && e?.message.contains(words) == true, "\(text.debugDescription): \(String(describing: e))")
        }
        #expect(error("@classLabel true 1\n")?.message == "no @data line")
        #expect(error("# only\n@classLabel true 1\n@data\n\n")?.message == "no cases after @data")
    }

    @Test func malformedData() {
        let head = "@classLabel true 1\n@data\n"
        let cases: [(String, DatasetError.Kind, String)] = [
            ("1,2:1,2,3:1\n", .badFormat, "dimension 2 has 3 values, dimension 1 has 2"),
            ("1,2::1\n", .badFormat, "dimension 2 is empty"),
            ("1,,3:1\n", .nonNumeric, "dimension 1, value 2: value \"\" is not a number"),
            ("1,x:1\n", .nonNumeric, "value \"x\" is not a number"),
            ("1,inf:1\n", .nonNumeric, "is not a number"),
            ("1,1e39:1\n", .nonNumeric, "beyond Float's range"),
            ("1,1\u{0}5:1\n", .nonNumeric, "is not a number"),
            ("1\n", .wrongFieldCount, "at least one dimension before the label"),
        ]
        for (data, kind, words) in cases {
            let e = error(head + data)
            #expect(e?.kind == kind && e?.line == 3 && e?.message.contains(words) == true, "\(data.debugDescription): \(String(describing: e))")
        }
    }

    @Test func testFileUsesTheTrainingClasses() throws {
        let file = try read("@classLabel true b\n@data\n1:b\n", classNames: ["a", "b"])
        #expect(file.classNames == ["a", "b"] && file.examples[0].label == 1)
        let foreign = error("@classLabel true a c\n@data\n1:a\n", classNames: ["a", "b"])
        #expect(foreign?.kind == .badLabel && foreign?.message.contains("\"c\"") == true)
        let unlisted = error("@classLabel true a\n@data\n1:b\n", classNames: ["a", "b"])
        #expect(unlisted?.kind == .badLabel && unlisted?.message.contains("not listed in @classLabel") == true)
    }

    @Test func gzipAndSizeLimit() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        let gz = try dir.gzipped("g_TRAIN.ts", Self.univariate)
        #expect(try TSFile.read(gz).examples.count == 3)
        let plain = try dir.write("big.ts", Self.univariate)
        let e = datasetError { try TSFile.read(plain, maximumBytes: 20) }
        #expect(e?.kind == .unreadableFile && e?.message.contains("more than the limit of 20 bytes") == true)
    }

    // MARK: - Pairs

    @Test func pairFromAFolderOrTheTrainingFile() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        try dir.write("Motions_TRAIN.ts", Self.sixDimensions)
        try dir.write("Motions_TEST.ts", Self.sixDimensions.replacingOccurrences(of: "Walking Running", with: "Running Walking"))
        try dir.write(".hidden_TRAIN.ts", "junk")
        let pair = try TSFilePair(dir.url)
        #expect(pair.train.classNames == ["Walking", "Running"] && pair.test.classNames == ["Walking", "Running"])
        #expect(pair.test.examples.map(\.label) == [1, 0])      // the training file's class order
        let split = try pair.split(validationFraction: 0.5, seed: 1)
        #expect(split.train.count + split.validation.count == 2 && split.test.count == 2)
        #expect(split.summary.hasPrefix("official train/test files; validation = stratified 50% of the training file (seed 1)"))
        let same = try TSFilePair(dir.url.appendingPathComponent("Motions_TRAIN.ts"))
        #expect(same.test.source.hasSuffix("Motions_TEST.ts"))
    }

    @Test func pairErrors() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        func pairError(_ url: URL) -> DatasetError? { datasetError { try TSFilePair(url) } }
        #expect(pairError(dir.url)?.kind == .fileNotFound)
        let train = try dir.write("A_TRAIN.ts", Self.univariate)
        #expect(pairError(train)?.message.contains("no test file next to the training file") == true)
        #expect(pairError(dir.url)?.message.contains("found 1 *_TRAIN.ts and 0 *_TEST.ts") == true)
        let test = try dir.write("A_TEST.ts", Self.sixDimensions)
        let classes = pairError(dir.url)                  // the test file's labels are not the training file's
        #expect(classes?.kind == .badLabel && classes?.source == test.path)
        try dir.write("A_TEST.ts", Self.univariate.replacingOccurrences(of: "@problemName Tiny", with: "@problemName Other"))
        #expect(pairError(dir.url)?.message.contains("differs from the training file's @problemName Tiny") == true)
        try dir.write("A_TEST.ts", Self.univariate.replacingOccurrences(of: "@problemName Tiny", with: "@problemName tiny_TEST.ts"))
        #expect(try TSFilePair(dir.url).test.examples.count == 3)       // file-name parts in the name are ignored
        try dir.write("B_TRAIN.ts", Self.univariate)
        #expect(pairError(dir.url)?.message.contains("several .ts files") == true)
        #expect(pairError(test)?.message.contains("is not a NAME_TRAIN.ts file") == true)
        #expect(pairError(dir.url.appendingPathComponent("none"))?.kind == .fileNotFound)
    }

    @Test func differentDimensionCountsInThePair() throws {
        let dir = try DatasetTempDirectory()
        defer { dir.remove() }
        try dir.write("M_TRAIN.ts", "@classLabel true 1\n@data\n1,2:3,4:1\n")
        try dir.write("M_TEST.ts", "@classLabel true 1\n@data\n1,2:1\n")
        let e = datasetError { try TSFilePair(dir.url) }
        #expect(e?.kind == .badFormat && e?.message.contains("has 1 dimensions, the training file") == true)
    }
}
