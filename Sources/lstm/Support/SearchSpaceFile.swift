import Foundation
import LSTMKit
import Yams

/// The YAML file of `lstm search --space`: the options to search (by their `lstm train <task>` names), and
/// optionally the number of trials, the method and successive halving.
///
///     space:
///       learning-rate: {loguniform: [1.0e-4, 1.0e-2]}
///       hidden-size: [32, 64, 128]          # a list is a choice
///       cell: [lstm, gru]
///       dropout: {uniform: [0.0, 0.5]}
///       layers: {int: [1, 3]}               # int: [low, high] or [low, high, step]
///       bidirectional: [true, false]        # a flag: --bidirectional / --no-bidirectional
///     trials: 8                             # random search (--trials wins)
///     method: random                        # or grid (continuous dimensions need points: {name: count})
///     points: {learning-rate: 3}
///     halving: {min: 1, max: 9, eta: 3}     # successive halving over the task's budget (epochs or steps)
struct SearchSpaceFile {
    enum Method: String { case random, grid }
    var space: SearchSpace
    var trials: Int?
    var method = Method.random
    var points: [String: Int] = [:]
    var halving: (min: Int, max: Int, eta: Int)?

    /// The largest space file read.
    static let maximumBytes = 1 << 20

    static func read(_ path: String) throws -> SearchSpaceFile {
        func fail(_ message: String) -> CLIError { CLIError("--space \(path): \(message)") }
        guard let data = FileManager.default.contents(atPath: path) else { throw fail("no such file") }
        if data.count > maximumBytes { throw fail("larger than \(maximumBytes) bytes") }
        guard let text = String(data: data, encoding: .utf8) else { throw fail("not valid UTF-8") }
        let root: Any?
        do { root = try Yams.load(yaml: text) } catch {
            throw fail("not valid YAML (\(String(describing: error).split(separator: "\n").joined(separator: " ")))")
        }
        guard let top = root as? [String: Any] else { throw fail("expected a mapping with a `space:` entry") }
        for key in top.keys where !["space", "trials", "method", "points", "halving"].contains(key) {
            throw fail("unknown entry `\(key)` (known: space, trials, method, points, halving)")
        }
        guard let entries = top["space"] as? [String: Any], !entries.isEmpty else {
            throw fail("`space:` must map option names to values, e.g. `hidden-size: [32, 64]`")
        }
        var file = SearchSpaceFile(space: SearchSpace([]))
        file.space = SearchSpace(try entries.keys.sorted().map { name in
            try dimension(name.hasPrefix("--") ? String(name.dropFirst(2)) : name, entries[name]!, fail: fail)
        })
        if let trials = top["trials"] {
            guard let n = trials as? Int, n >= 1 else { throw fail("`trials:` must be a whole number >= 1") }
            file.trials = n
        }
        if let method = top["method"] {
            guard let m = (method as? String).flatMap(Method.init(rawValue:)) else { throw fail("`method:` is random or grid") }
            file.method = m
        }
        if let points = top["points"] {
            guard let p = points as? [String: Int], p.values.allSatisfy({ $0 >= 1 }) else {
                throw fail("`points:` maps continuous dimensions to a count >= 1")
            }
            file.points = p
        }
        if let halving = top["halving"] {
            guard let h = halving as? [String: Int], let min = h["min"], let max = h["max"], min >= 1, max >= min else {
                throw fail("`halving:` needs {min: M, max: N} with 1 <= M <= N (and optionally eta: 3)")
            }
            file.halving = (min, max, h["eta"] ?? 3)
            if file.halving!.eta < 2 { throw fail("`halving: eta` must be at least 2") }
        }
        return file
    }

    static func dimension(_ name: String, _ spec: Any, fail: (String) -> CLIError) throws -> SearchDimension {
        func value(_ v: Any) throws -> HyperparameterValue {
            switch v {
            case let b as Bool: return .string(b ? "true" : "false")
            case let i as Int: return .int(i)
            case let d as Double: return .double(d)
            case let s as String: return .string(s)
            default: throw fail("\(name): \(v) is not a number, a word or true/false")
            }
        }
        func numbers(_ v: Any?, _ count: ClosedRange<Int>) throws -> [Double] {
            guard let list = v as? [Any], count.contains(list.count) else {
                throw fail("\(name): expected \(count.lowerBound == count.upperBound ? "\(count.lowerBound)" : "\(count.lowerBound) or \(count.upperBound)") numbers")
            }
            return try list.map { item in
                guard let x = (item as? Double) ?? (item as? Int).map(Double.init) else { throw fail("\(name): \(item) is not a number") }
                return x
            }
        }
        if let list = spec as? [Any] {
            if list.isEmpty { throw fail("\(name): an empty list") }
            return .choice(name, try list.map(value))
        }
        guard let map = spec as? [String: Any], map.count == 1, let (kind, args) = map.first else {
            throw fail("\(name): expected a list of values or one of {uniform: [a, b]}, {loguniform: [a, b]}, {int: [a, b]}")
        }
        switch kind {
        case "uniform", "loguniform":
            let x = try numbers(args, 2...2)
            guard x[0] < x[1], x.allSatisfy(\.isFinite), kind == "uniform" || x[0] > 0 else {
                throw fail("\(name): \(kind) needs low < high" + (kind == "loguniform" ? ", both > 0" : ""))
            }
            return kind == "uniform" ? .uniform(name, x[0], x[1]) : .logUniform(name, x[0], x[1])
        case "int":
            let numbers = try numbers(args, 2...3)
            guard numbers.allSatisfy({ $0 == $0.rounded() && abs($0) <= 1e9 }) else {
                throw fail("\(name): int needs whole numbers (at most 1e9 in size)")
            }
            let x = numbers.map { Int($0) }
            guard x[0] <= x[1], (x.count == 2 || x[2] >= 1) else { throw fail("\(name): int needs low <= high and step >= 1") }
            return .integer(name, x[0]...x[1], step: x.count == 3 ? x[2] : 1)
        case "choice":
            guard let list = args as? [Any], !list.isEmpty else { throw fail("\(name): choice needs a list") }
            return .choice(name, try list.map(value))
        default:
            throw fail("\(name): unknown kind `\(kind)` (uniform, loguniform, int, choice)")
        }
    }
}
