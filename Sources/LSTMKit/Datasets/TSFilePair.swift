import Foundation

/// The official train/test files of a UCR/UEA problem (`NAME_TRAIN.ts` and `NAME_TEST.ts`), read with the
/// training file's classes.
///
///     let pair = try TSFilePair(URL(fileURLWithPath: "data/BasicMotions"))         // the folder, or
///     let same = try TSFilePair(URL(fileURLWithPath: "data/BasicMotions/BasicMotions_TRAIN.ts"))
///     pair.train.classNames                    // the training file's @classLabel order
///     let split = try pair.split()             // validation = stratified 10% of train (seed 42), test = test file
///
/// Finding the files: given a file, it must end in `_TRAIN.ts` (any case), and the test file is the same name
/// with `_TEST.ts`. Given a folder, it must hold exactly one `*_TRAIN.ts` and one `*_TEST.ts` (hidden files are
/// skipped) with the same problem prefix. The test file is read with the training file's class names (its
/// labels must be among them, and map to the same indices); both must have the same number of dimensions, and
/// the same `@problemName` when both give one (ignoring case and the "_TRAIN", "_TEST", ".ts" that some files
/// put in it).
public struct TSFilePair: Sendable {
    public let train: TSFile
    public let test: TSFile

    /// Reads the pair at `url` (a `*_TRAIN.ts` file or a folder); see the type's documentation.
    /// - Parameters:
    ///   - url: a `*_TRAIN.ts` file (its `*_TEST.ts` beside it) or a folder holding one such pair.
    ///   - missing: the rule for missing values, for both files (see ``TSFile/read(_:missing:classNames:maximumBytes:)``).
    /// - Throws: ``DatasetError``: `.fileNotFound` (no such path, no test file next to the training file, no pair
    ///   in the folder), `.badFormat` (several pairs, a file that is not `*_TRAIN.ts`, dimensions or problem
    ///   names that differ), and every error of ``TSFile/read(_:missing:classNames:maximumBytes:)``.
    public init(_ url: URL, missing: MissingValueRule = .error) throws {
        let (trainURL, testURL) = try TSFilePair.locate(url)
        let train = try TSFile.read(trainURL, missing: missing)
        let test = try TSFile.read(testURL, missing: missing, classNames: train.header.classLabels == nil ? nil : train.classNames)
        if train.dimensions != test.dimensions {
            throw DatasetError(.badFormat, source: test.source, "has \(test.dimensions) dimensions, the training file " +
                               "\(train.source) has \(train.dimensions)")
        }
        if let a = train.header.problemName, let b = test.header.problemName,
           TSFilePair.problem(a) != TSFilePair.problem(b) {
            throw DatasetError(.badFormat, source: test.source, line: test.header.lines["problemname"],
                               "@problemName \(b) differs from the training file's @problemName \(a) (\(train.source))")
        }
        self.train = train
        self.test = test
    }

    /// Train and test as a classification split: validation is a stratified `validationFraction` of the training
    /// file (seeded), test is the whole test file. See ``ClassificationSplit/init(train:test:validationFraction:seed:)``.
    /// - Throws: ``DatasetError/Kind/badHeader`` when the files have no labels (`@classLabel false`).
    public func split(validationFraction: Double = 0.1, seed: UInt64 = 42) throws -> ClassificationSplit {
        ClassificationSplit(train: try train.labeledSequences(), test: try test.labeledSequences(),
                            validationFraction: validationFraction, seed: seed)
    }

    /// A problem name without the file-name parts some files put in it ("Covid3MonthDiscrete_TRAIN.ts",
    /// "JapaneseVowels_TRAIN_eq.ts"): ".ts", "_TRAIN" and "_TEST" removed, lower-cased.
    static func problem(_ name: String) -> String {
        var n = name.lowercased()
        if n.hasSuffix(".ts") { n.removeLast(3) }
        return n.replacingOccurrences(of: "_train", with: "").replacingOccurrences(of: "_test", with: "")
    }

    /// The training and test files for `url` (see the type's documentation).
    static func locate(_ url: URL) throws -> (train: URL, test: URL) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw DatasetError(.fileNotFound, source: url.path, "no such file or folder")
        }
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path))?
                .filter { !$0.hasPrefix(".") }.sorted() ?? []
            let trains = names.filter { $0.lowercased().hasSuffix("_train.ts") }
            let tests = names.filter { $0.lowercased().hasSuffix("_test.ts") }
            if trains.isEmpty || tests.isEmpty {
                throw DatasetError(.fileNotFound, source: url.path, "the folder holds no NAME_TRAIN.ts and NAME_TEST.ts " +
                                   "pair (found \(trains.count) *_TRAIN.ts and \(tests.count) *_TEST.ts files)")
            }
            if trains.count > 1 || tests.count > 1 {
                throw DatasetError(.badFormat, source: url.path, "the folder holds several .ts files (" +
                                   (trains + tests).joined(separator: ", ") + "); pass the *_TRAIN.ts file to choose one")
            }
            let prefix = { (name: String, suffix: Int) in name.dropLast(suffix).lowercased() }
            if prefix(trains[0], 9) != prefix(tests[0], 8) {
                throw DatasetError(.badFormat, source: url.path, "\(trains[0]) and \(tests[0]) are not one problem's " +
                                   "pair (their names differ before _TRAIN/_TEST)")
            }
            return (url.appendingPathComponent(trains[0]), url.appendingPathComponent(tests[0]))
        }
        let name = url.lastPathComponent
        guard name.lowercased().hasSuffix("_train.ts") else {
            throw DatasetError(.badFormat, source: url.path, "is not a NAME_TRAIN.ts file; pass the training file " +
                               "(its NAME_TEST.ts must sit next to it) or the folder holding both")
        }
        let problem = name.dropLast(9)                                        // without "_TRAIN.ts"
        let word = name.dropFirst(name.count - 8).prefix(5)                   // "TRAIN" as written
        let testWord = word == "TRAIN" ? "TEST" : word == "train" ? "test" : "Test"
        let testName = String(problem) + "_" + testWord + String(name.suffix(3))
        let testURL = url.deletingLastPathComponent().appendingPathComponent(testName)
        if !FileManager.default.fileExists(atPath: testURL.path) {
            throw DatasetError(.fileNotFound, source: testURL.path, "no test file next to the training file \(url.path)")
        }
        return (url, testURL)
    }
}
