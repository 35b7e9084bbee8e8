import Foundation
import LSTMKit
import LSTMKitApps
import Testing
@testable import lstm

// Shared helpers of the CLI tests: running `lstm` in-process, reading what it printed, temporary
// directories, and writers of tiny data files in every layout the tasks read.

/// Runs `lstm <arguments>` in-process (as `main` would) and returns its exit status and what it printed:
/// stdout in `output`, stderr (warnings, progress, the `Error:` line) in `error`. Parallel tests do not mix
/// their output: `Console.capture` is task-local.
func lstm(_ arguments: [String]) -> (status: Int32, output: String, error: String) {
    let capture = OutputCapture()
    let status = Console.$capture.withValue(capture) { LSTMCommand.execute(arguments) }
    return (status, capture.output, capture.error)
}

/// Expects `run` to have failed the way every bad input fails: exit status 1, nothing on stdout, and exactly
/// one line `Error: ...` on stderr containing every fragment (the option at fault, the value).
func expectOneLineError(_ run: (status: Int32, output: String, error: String), _ fragments: String...,
                        sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(run.status == 1, "status \(run.status); stdout: \(run.output.prefix(300))", sourceLocation: sourceLocation)
    #expect(run.output.isEmpty, "stdout: \(run.output.prefix(300))", sourceLocation: sourceLocation)
    let lines = run.error.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    #expect(lines.count == 1 && run.error.hasPrefix("Error: "), "stderr: \(run.error)", sourceLocation: sourceLocation)
    for fragment in fragments {
        #expect(run.error.contains(fragment), "'\(fragment)' not in: \(run.error)", sourceLocation: sourceLocation)
    }
}

/// Expects `run` to have succeeded; returns the JSON object it printed as the one line of its stdout.
func expectJSON(_ run: (status: Int32, output: String, error: String),
                sourceLocation: SourceLocation = #_sourceLocation) throws -> JSON {
    try #require(run.status == 0, "status \(run.status): \(run.error.suffix(500))", sourceLocation: sourceLocation)
    let lines = run.output.split(separator: "\n")
    try #require(lines.count == 1, "stdout is not one line: \(run.output.prefix(500))", sourceLocation: sourceLocation)
    return try JSON(parsing: String(lines[0]))
}

/// A parsed JSON value with lookups that give nil (never a trap) for a missing key or another type.
struct JSON {
    let value: Any?

    init(_ value: Any?) { self.value = value }
    init(parsing text: String) throws { value = try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    subscript(key: String) -> JSON { JSON((value as? [String: Any])?[key]) }
    subscript(index: Int) -> JSON {
        guard let array = value as? [Any], array.indices.contains(index) else { return JSON(nil) }
        return JSON(array[index])
    }
    var string: String? { value as? String }
    var double: Double? { (value as? NSNumber)?.doubleValue }
    var int: Int? { (value as? NSNumber).flatMap { Int(exactly: $0.doubleValue) } }
    var bool: Bool? { value as? Bool }
    var array: [JSON] { (value as? [Any])?.map(JSON.init) ?? [] }
    var keys: Set<String> { Set((value as? [String: Any])?.keys.map { $0 } ?? []) }
    /// Null, or absent (the encoder leaves out nil fields).
    var isNull: Bool { value == nil || value is NSNull }
}

/// A fresh temporary directory, removed with its contents when the last reference goes: a test suite holds
/// one as a stored property, so each test (Swift Testing makes a suite instance per test) gets its own.
final class TemporaryDirectory: @unchecked Sendable {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("lstm-cli-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The path of `name` inside the directory (not created).
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    /// Writes `text` to `name` (creating folders) and returns its path.
    @discardableResult
    func write(_ text: String, to name: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    /// Every tensor of a checkpoint the test wrote (weights, optimizer state), as Float scalars by name.
    func tensors(_ name: String) throws -> [String: [Float]] {
        try SafeTensors(contentsOf: url.appendingPathComponent(name)).tensors.mapValues { $0.converted(to: Float.self).scalars }
    }

    /// A seeded textgen run on `TinyData.text` (embedding 4, LSTM 8, output dropout 0.2 so the saved random
    /// state matters, batch 2, evaluated every 2 steps) writing to `output`.
    func tinyTextgenConfig(_ output: String, steps: Int, sampleLength: Int) throws -> TextgenConfig {
        var c = TextgenConfig()
        c.data = try write(TinyData.text, to: "tiny.txt")
        c.output = path(output)
        (c.embeddingSize, c.model.hiddenSize, c.model.layerCount, c.dropout, c.seqLength) = (4, 8, 1, 0.2, 8)
        (c.training.steps, c.training.batchSize, c.training.evalEvery, c.sampleLength) = (steps, 2, 2, sampleLength)
        return c
    }

    /// The lines of a file the test (or a command) wrote.
    func lines(_ name: String) throws -> [String] {
        try String(contentsOfFile: path(name), encoding: .utf8).split(separator: "\n").map(String.init)
    }
}

/// Tiny data files in every layout the tasks read, and the options that train on them in well under a
/// second in a debug build.
enum TinyData {
    /// A file of the repository's committed data (`Data/...`), by absolute path: tests do not depend on the
    /// folder they run from.
    static func committed(_ path: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(path).path
    }

    // MARK: textgen

    static let text = String(repeating: "ROMEO:\nBut soft, what light through yonder window breaks?\n\n" +
                                        "JULIET:\nO Romeo, Romeo, wherefore art thou Romeo?\n\n", count: 3)

    /// `train textgen` on `text` in `dir`: a 1-layer LSTM of 8, 2 streams of 8 characters, `steps` steps.
    static func textgen(_ dir: TemporaryDirectory, steps: Int = 2, output: String = "run") throws -> [String] {
        let data = try dir.write(text, to: "tiny.txt")
        return ["train", "textgen", "--data", data, "--output", dir.path(output), "--steps", "\(steps)",
                "--batch-size", "2", "--seq-length", "8", "--hidden-size", "8", "--embedding-size", "4",
                "--layers", "1", "--eval-every", "1", "--sample-length", "0"]
    }

    // MARK: sentiment

    static func sentences(_ positive: Bool) -> [String] {
        (0..<10).map { positive ? "a great , warm film number \($0) ." : "a dull , boring mess number \($0) ." }
    }

    /// A directory with `rt-polarity.pos` and `rt-polarity.neg` (the MR layout).
    static func movieReviews(_ dir: TemporaryDirectory) throws -> String {
        try dir.write(sentences(true).joined(separator: "\n") + "\n", to: "mr/rt-polarity.pos")
        try dir.write(sentences(false).joined(separator: "\n") + "\n", to: "mr/rt-polarity.neg")
        return dir.path("mr")
    }

    /// A folder of per-class folders of `.txt` documents (two lines each).
    static func classFolders(_ dir: TemporaryDirectory) throws -> String {
        for positive in [true, false] {
            for (k, sentence) in sentences(positive).enumerated() {
                try dir.write("\(sentence)\nreally \(positive ? "loved" : "hated") it .\n",
                              to: "docs/\(positive ? "pos" : "neg")/\(k).txt")
            }
        }
        return dir.path("docs")
    }

    /// A CSV with `review` and `stars` columns (quoted fields with commas and quotes).
    static func textCSV(_ dir: TemporaryDirectory) throws -> String {
        let rows = [true, false].flatMap { positive in
            sentences(positive).map { "\"\($0.replacingOccurrences(of: "film", with: "\"\"film\"\""))\",\(positive ? "good" : "bad")" }
        }
        return try dir.write("review,stars\n" + rows.joined(separator: "\n") + "\n", to: "reviews.csv")
    }

    /// `train sentiment` on `data`: embedding 4, BiLSTM of 4, one epoch of batches of 8.
    static func sentiment(_ dir: TemporaryDirectory, data: String, output: String = "run") -> [String] {
        ["train", "sentiment", "--data", data, "--output", dir.path(output), "--embedding-size", "4",
         "--hidden-size", "4", "--epochs", "1", "--batch-size", "8"]
    }

    // MARK: classify

    /// The values of case `i` of class `label` (0 or 1): 6 dimensions of 4 + i % 4 steps, rising or falling.
    static func sequence(_ i: Int, label: Int, dimensions: Int = 6) -> [[Double]] {
        let sign = label == 0 ? 0.5 : -0.5, offset = Double(i % 5) * 0.01
        return (0..<dimensions).map { d in
            (0..<(4 + i % 4)).map { t -> Double in sign * Double(t) + 0.1 * Double(d) + offset }
        }
    }

    static func tsFile(cases: Int, labeled: Bool, first: Int = 0) -> String {
        var lines = ["# written by CLITestSupport", "@problemName Toy", "@univariate false", "@dimensions 6",
                     "@equalLength false", labeled ? "@classLabel true up down" : "@classLabel false", "@data"]
        for i in first..<(first + cases) {
            let dims = sequence(i, label: i % 2).map { $0.map { String(format: "%g", $0) }.joined(separator: ",") }
            lines.append(dims.joined(separator: ":") + (labeled ? ":" + ["up", "down"][i % 2] : ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A UCR/UEA pair `ts/Toy_TRAIN.ts` (24 cases) and `ts/Toy_TEST.ts` (8): 6 dimensions, unequal lengths.
    static func tsPair(_ dir: TemporaryDirectory) throws -> String {
        try dir.write(tsFile(cases: 24, labeled: true), to: "ts/Toy_TRAIN.ts")
        try dir.write(tsFile(cases: 8, labeled: true, first: 24), to: "ts/Toy_TEST.ts")
        return dir.path("ts")
    }

    /// Labeled sequences in the long layout (`seq,activity,t,x,y`): 30 sequences of 3 to 6 steps, rows of a
    /// sequence in reverse time order (the time column orders them).
    static func longCSV(_ dir: TemporaryDirectory) throws -> String {
        var rows = ["seq,activity,t,x,y"]
        for i in 0..<30 {
            let values = sequence(i, label: i % 2, dimensions: 2)
            for t in (0..<values[0].count).reversed() {
                rows.append("s\(i),\(["walk", "sit"][i % 2]),\(t),\(values[0][t]),\(values[1][t])")
            }
        }
        return try dir.write(rows.joined(separator: "\n") + "\n", to: "long.csv")
    }

    /// Labeled sequences in the wide layout (`label,v1...v7`): 30 rows, shorter ones with empty cells.
    static func wideCSV(_ dir: TemporaryDirectory) throws -> String {
        var rows = ["label," + (1...7).map { "v\($0)" }.joined(separator: ",")]
        for i in 0..<30 {
            let values = sequence(i, label: i % 2, dimensions: 1)[0].map { "\($0)" }
            rows.append(([["walk", "sit"][i % 2]] + values + Array(repeating: "", count: 7 - values.count))
                .joined(separator: ","))
        }
        return try dir.write(rows.joined(separator: "\n") + "\n", to: "wide.csv")
    }

    /// `train classify` on `data`: an LSTM of 4, 2 epochs of batches of 8.
    static func classify(_ dir: TemporaryDirectory, data: String, output: String = "run") -> [String] {
        ["train", "classify", "--data", data, "--output", dir.path(output), "--hidden-size", "4", "--epochs", "2",
         "--batch-size", "8"]
    }

    // MARK: forecast

    /// 60 monthly rows from 2000-01: a trend times a season of 4 (`sales`), and an extra column (`price`).
    static let forecastCSV: String = {
        var text = "month,sales,price\n"
        for t in 0..<60 {
            let sales = 50 + Double(t) + 10 * [0.0, 1, 3, 1][t % 4], price = 1 + 0.01 * Double(t)
            text += String(format: "%04d-%02d,%.1f,%.2f\n", 2000 + t / 12, t % 12 + 1, sales, price)
        }
        return text
    }()

    /// Two stores' monthly sales (`month,store,sales`), store A's rows then store B's: the long format.
    static let twoSeriesCSV: String = {
        var text = "month,store,sales\n"
        for (store, base) in [("A", 50.0), ("B", 80.0)] {
            for t in 0..<48 {
                text += String(format: "%04d-%02d,", 2000 + t / 12, t % 12 + 1) + "\(store),\(base + Double(t % 4 * 5))\n"
            }
        }
        return text
    }()

    /// `train forecast` on `data` (the columns of `forecastCSV`): window 8, horizon 3, test 9, validation 6.
    static func forecast(_ dir: TemporaryDirectory, data: String, output: String = "run") -> [String] {
        ["train", "forecast", "--data", data, "--target", "sales", "--date", "month", "--season", "4",
         "--window", "8", "--horizon", "3", "--test-size", "9", "--validation-size", "6", "--hidden-size", "4",
         "--epochs", "2", "--output", dir.path(output)]
    }

    /// `path` compressed by the system's gzip into `path.gz` (the library only reads gzip). Fails the test,
    /// never skips it, when there is no gzip.
    static func gzip(_ path: String) throws -> String {
        try #require(FileManager.default.isExecutableFile(atPath: "/bin/gzip"), "/bin/gzip is needed to write .csv.gz")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-k", "-n", "-f", path]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        return path + ".gz"
    }
}

/// The five `lstm train` commands, for tests that run over each.
enum TrainTask: String, CaseIterable, Sendable {
    case textgen, sentiment, classify, forecast, tag

    /// `--data` (and `--target`) naming a file that does not exist: the config validates, and a bad value that
    /// validation missed would still fail fast (reading the data) instead of training on a default dataset.
    var minimal: [String] {
        ["--data", "/nonexistent/lstm-cli-test.csv"] + (self == .forecast ? ["--target", "sales"] : [])
    }

    /// The parts every task's config has, as `lstm train <self> <arguments>` makes them (not validated).
    func config(_ arguments: [String]) throws -> (training: TrainingConfig, model: RecurrentEncoderConfig, output: String) {
        func parts<C: TaskTrainCommand>(_ command: C.Type, model: (C.Task.Config) -> RecurrentEncoderConfig) throws
            -> (training: TrainingConfig, model: RecurrentEncoderConfig, output: String) {
            let c = try C.parse(arguments).makeConfig()
            return (c.training, model(c), c.output)
        }
        switch self {
        case .textgen: return try parts(TrainTextgenCommand.self) { $0.model }
        case .sentiment: return try parts(TrainSentimentCommand.self) { $0.model }
        case .classify: return try parts(TrainClassifyCommand.self) { $0.model }
        case .forecast: return try parts(TrainForecastCommand.self) { $0.model }
        case .tag: return try parts(TrainTagCommand.self) { $0.model }
        }
    }
}

extension Array where Element == String {
    /// The arguments with `option`'s value replaced (or the option appended when absent).
    func setting(_ option: String, _ value: String) -> [String] {
        guard let i = firstIndex(of: option) else { return self + [option, value] }
        var copy = self
        copy[i + 1] = value
        return copy
    }
}
