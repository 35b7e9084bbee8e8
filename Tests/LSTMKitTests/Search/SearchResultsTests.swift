import Foundation
import Testing
@testable import LSTMKit
import LSTMKitTestSupport

@Suite struct SearchResultsTests {
    /// A small search with a failure, a string with a comma and a quote, and a whole-number double.
    func sampleResults() -> SearchResults {
        let space = SearchSpace([
            .choice("cell", ["lstm", "gru, \"fast\""]),
            .choice("scale", [2.0, 0.5]),
            .logUniform("lr", 1e-3, 1e-1),
        ])
        return GridSearch(space, points: ["lr": 2], seed: 3).run { config, _ in
            if try config.string("cell") == "lstm" && config.double("scale") == 0.5 {
                throw ConfigurationError(kind: .missing, key: "k", available: ["a,b", "c\nd"], found: nil,
                                         expected: nil)
            }
            return try config.double("lr") * config.double("scale")
        }
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lstmkit-search-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func csvRoundTripsThroughAnRFC4180Reader() throws {
        let results = sampleResults()
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("search.csv")
        try results.writeCSV(to: url)
        let table = try CSVTable(contentsOf: url)
        #expect(table.header
            == ["rank", "trial", "cell", "scale", "lr", "score", "budget", "status", "seconds", "message"])
        #expect(table.rows.count == 8)
        #expect(try table.column(named: "rank") == (1...8).map(String.init))
        #expect(try table.column(named: "trial") == results.trials.map { String($0.trial) })
        #expect(try table.column(named: "cell") == results.trials.map { try $0.configuration.string("cell") })
        #expect(try table.column(named: "scale").allSatisfy { $0 == "2.0" || $0 == "0.5" })
        for (row, r) in zip(table.rows, results.trials) {
            #expect(row[4] == r.configuration["lr"]!.description)
            #expect(Double(row[5]) == r.score)                     // full precision, empty when failed
            #expect(row[7] == r.status.rawValue)
            #expect(Double(row[8]) == r.seconds)
            #expect(row[9] == (r.message ?? ""))
        }
        #expect(table.rows.last?[9] == "Configuration: no hyperparameter \"k\"; available: a,b, c\nd")
        #expect(SearchResults.csvField("plain") == "plain" && SearchResults.csvField("a\"b") == "\"a\"\"b\"")
    }

    @Test func jsonRoundTripIsExact() throws {
        let results = sampleResults()
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("search.json")
        try results.writeJSON(to: url)
        try results.writeJSON(to: url)                              // replaces the file
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(files == ["search.json"])                         // no temporary file left behind
        let again = try SearchResults(contentsOf: url)
        #expect(again == results)                                 // order and types of values restored
        #expect(again.trials[0].configuration.names == ["cell", "scale", "lr"])
        #expect(again.trials.contains { $0.configuration["scale"] == .double(2.0) })
        // the JSON is plain: readable by any JSON reader
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        #expect(object?["space"] as? String == results.space.description)
        #expect(object?["goal"] as? String == "minimize")
        let trials = object?["trials"] as? [[String: Any]]
        #expect(trials?.count == 8)
        #expect(trials?.last?["score"] == nil && trials?.last?["status"] as? String == "failed")
    }

    @Test func successiveHalvingScheduleRoundTrips() throws {
        let space = SearchSpace([.integer("x", 0...3)])
        let schedule = SearchSchedule.successiveHalving(minBudget: 1, maxBudget: 4, eta: 2)
        let results = GridSearch(space).run(schedule: schedule) { c, ctx in
            Double(try c.int("x")) / Double(ctx.budget)
        }
        let again = try SearchResults(jsonData: results.jsonData())
        #expect(again == results)
        #expect(again.rungs.map(\.promoted) == [[0, 1], [0], []])
    }

    @Test func readingErrorsNameThePath() {
        let missing = URL(fileURLWithPath: "/nonexistent/lstmkit/search.json")
        #expect(throws: SearchFileError(path: missing.path, reason: "cannot be read (no such file)")) {
            try SearchResults(contentsOf: missing)
        }
        #expect(throws: SearchFileError.self) { try sampleResults().writeJSON(to: missing) }
    }

    @Test func terminalTable() {
        let text = sampleResults().description
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("8 trials, minimize, fixed budget 1; best: trial "))
        #expect(lines[1].hasPrefix("rank  trial  cell"))
        #expect(lines[1].hasSuffix("score  budget  status     seconds"))
        #expect(lines[2].hasPrefix("   1"))
        #expect(lines.count == 1 + 1 + 8 + 2)                      // summary, header, rows, two failures
        #expect(lines[10].hasPrefix("trial 2 failed (budget 1): Configuration: no hyperparameter \"k\""))
        #expect(lines[2..<10].allSatisfy { $0.count == lines[1].count })    // aligned columns
    }
}
