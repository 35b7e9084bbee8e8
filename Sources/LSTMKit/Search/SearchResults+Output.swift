import Foundation

/// A results file that cannot be written or read: the path and the reason.
///
///     runs/search.json: cannot be read (no such file)
public struct SearchFileError: Error, CustomStringConvertible, Equatable, Sendable {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}

extension SearchResults {
    /// The column names of the table: rank, trial, each hyperparameter in declared order, score, budget,
    /// status, seconds, message.
    public var columns: [String] {
        ["rank", "trial"] + space.names + ["score", "budget", "status", "seconds", "message"]
    }

    /// The table as CSV (RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; "\n"
    /// line ends), header first, one row per trial in rank order. Numbers are written in Swift's shortest
    /// round-trip form; a failed trial has an empty score and its message in the last column.
    public var csv: String {
        var lines = [columns.map(Self.csvField).joined(separator: ",")]
        for r in trials {
            let fields = [String(r.rank), String(r.trial)]
                + space.names.map { r.configuration[$0]?.description ?? "" }
                + [r.score.map { $0.description } ?? "", String(r.budget), r.status.rawValue, r.seconds.description,
                   r.message ?? ""]
            lines.append(fields.map(Self.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Everything (goal, space string, schedule, ranked trials with seeds and configurations, rungs) as
    /// pretty-printed JSON with sorted keys; a failed trial has no "score" key.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// Reads results written by `jsonData()` / `writeJSON(to:)`.
    public init(jsonData: Data) throws {
        self = try JSONDecoder().decode(SearchResults.self, from: jsonData)
    }

    /// Reads a JSON results file; throws `SearchFileError` naming the path.
    public init(contentsOf url: URL) throws(SearchFileError) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            let missing = !FileManager.default.fileExists(atPath: url.path)
            throw SearchFileError(path: url.path, reason: missing ? "cannot be read (no such file)"
                                                                  : "cannot be read (\(error.localizedDescription))")
        }
        do { try self.init(jsonData: data) } catch {
            throw SearchFileError(path: url.path, reason: "is not a search results file (\(error))")
        }
    }

    /// Writes `csv` to `url` atomically (a temporary file in the same folder, then renamed over `url`).
    public func writeCSV(to url: URL) throws(SearchFileError) {
        try Self.writeAtomically(Data(csv.utf8), to: url)
    }

    /// Writes `jsonData()` to `url` atomically (a temporary file in the same folder, then renamed over `url`),
    /// so a reader never sees half a file and a failed write leaves the old file as it was.
    public func writeJSON(to url: URL) throws(SearchFileError) {
        let data: Data
        do { data = try jsonData() } catch {
            throw SearchFileError(path: url.path, reason: "cannot encode the results (\(error))")
        }
        try Self.writeAtomically(data, to: url)
    }

    static func writeAtomically(_ data: Data, to url: URL) throws(SearchFileError) {
        do throws(DurableFile.Failure) { try DurableFile.write(data, to: url) } catch {
            throw SearchFileError(path: url.path, reason: "cannot be written (\(error.reason))")
        }
    }

    // MARK: Terminal table

    /// A summary line, the ranked table with aligned columns (doubles to 6 significant digits), the failure
    /// messages (one line each) and, under successive halving, one line per rung. From the tiny search in
    /// the tests (`TinySearchTests`):
    ///
    ///     4 trials, minimize, fixed budget 40; best: trial 0, score 0.0119072
    ///     rank  trial  learningRate  hiddenSize      score  budget  status     seconds
    ///        1      0     0.0752057           8  0.0119072      40  completed    0.099
    ///        2      3     0.0534148          16  0.0176865      40  completed    0.081
    ///        3      1    0.00509125          16  0.0206249      40  completed    0.067
    ///        4      2    0.00239296           8   0.582723      40  completed    0.050
    public var description: String {
        var text = summary + "\n"
        let right = Set(["rank", "trial", "score", "budget", "seconds"])
        let numericNames = Set(space.dimensions.filter { d in
            if case .choice(let values) = d.kind { return values.allSatisfy { $0.stringValue == nil } }
            return true
        }.map(\.name))
        let header = columns.dropLast()            // messages go below the table
        let rows = trials.map { r -> [String] in
            [String(r.rank), String(r.trial)]
                + space.names.map { r.configuration[$0].map(Self.short) ?? "" }
                + [r.score.map { Self.short(.double($0)) } ?? "-", String(r.budget), r.status.rawValue,
                   String(format: "%.3f", r.seconds)]
        }
        let widths = header.indices.map { c in ([header[c]] + rows.map { $0[c] }).map(\.count).max()! }
        func line(_ cells: [String]) -> String {
            cells.indices.map { c in
                let pad = String(repeating: " ", count: widths[c] - cells[c].count)
                return right.contains(header[c]) || numericNames.contains(header[c]) ? pad + cells[c] : cells[c] + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        text += ([line(Array(header))] + rows.map(line)).joined(separator: "\n")
        for r in failures {
            let message = (r.message ?? "").split(whereSeparator: \.isNewline).joined(separator: " ")
            text += "\ntrial \(r.trial) failed (budget \(r.budget)): \(message)"
        }
        if case .successiveHalving = schedule {
            for rung in rungs {
                let promoted = rung.promoted.isEmpty
                    ? "" : "; promoted trials " + rung.promoted.map(String.init).joined(separator: ", ")
                text += "\nrung \(rung.rung): budget \(rung.budget), \(rung.results.count) trials\(promoted)"
            }
        }
        return text
    }

    private var summary: String {
        let plan: String
        switch schedule {
        case .fixedBudget(let b):
            plan = "fixed budget \(b)"
        case .successiveHalving(_, _, let eta):
            let budgets = schedule.rungBudgets.map(String.init).joined(separator: ", ")
            plan = "successive halving (eta \(eta), budgets \(budgets))"
        }
        let outcome = best.map { "best: trial \($0.trial), score \(Self.short(.double($0.score!)))" }
            ?? "every trial failed"
        return "\(trials.count) trials, \(goal.rawValue), \(plan); \(outcome)"
    }

    /// A value for the terminal: doubles with 6 significant digits, the rest as in `description`.
    static func short(_ value: HyperparameterValue) -> String {
        if case .double(let d) = value { return String(format: "%.6g", d) }
        return value.description
    }
}
