import Foundation
import LSTMKit

/// Reading the series of a forecast run from its CSV (plain or `.csv.gz`, one series of a long-format file),
/// and the date labels of its steps.
public enum ForecastSeries {
    /// The config's target and feature columns, with one-line errors naming the option at fault.
    public static func read(_ config: ForecastTaskConfig, path: String, observer: TaskObserver) throws -> TimeSeries {
        guard let target = config.target else { throw ConfigError("target", "COLUMN is required") }
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConfigError("data", "\(path): no such file" + (config.preset.map { $0.config.data.map(absolutePath) == path } == true ? " (run from the repository root)" : ""))
        }
        let table = try describingErrors("reading \(path)") { try CSVTable(contentsOf: URL(fileURLWithPath: path)) }
        guard table.count > 0 else { throw ConfigError("data", "\(path) has a header but no data rows") }
        let available = table.header.map { "\"\($0)\"" }.joined(separator: ", ")
        let checks = [("target", target)] + config.features.map { ("features", $0) }
            + (config.date.map { [("date", $0)] } ?? []) + (config.series.map { [("series", $0)] } ?? [])
        for (field, name) in checks where !table.header.contains(name) {
            throw ConfigError(field, "\"\(name)\" is not a column of \(path); available columns: \(available)")
        }
        let columns = [target] + config.features
        do {
            if let column = config.series {
                let ids = try TimeSeries.seriesIDs(in: table, seriesColumn: column)
                guard let id = config.seriesID ?? (ids.count == 1 ? ids[0] : nil) else {
                    let shown = ids.prefix(10).map { "\"\($0)\"" }.joined(separator: ", ") + (ids.count > 10 ? ", ..." : "")
                    throw ConfigError("seriesId", "is required: \(path) holds \(ids.count) series in column \"\(column)\" " +
                                      "(\(shown)); pick one")
                }
                return try TimeSeries(table: table, seriesColumn: column, id: id, columns: columns, dateColumn: config.date,
                                      missing: config.missing.rule)
            }
            // Confirmed by the dates, it is the reader's error below (said once); else only a suspicion: a warning.
            if let hint = table.severalSeriesHint(dateColumn: config.date, valueColumns: columns), !hint.confirmedByDates {
                observer.warn(hint.message.replacingOccurrences(of: "pass the series-id column",
                                                                with: "pass --series \(hint.column) --series-id ID"))
            }
            return try TimeSeries(table: table, columns: columns, dateColumn: config.date, missing: config.missing.rule)
        } catch let error as CSVError {
            // The library's hints name its API; say which option to use instead.
            var text = error.description
            for marker in [" (the rule is .error", "; pass dateOrder", "; pass the series-id column"] {
                if let hint = text.range(of: marker) { text = String(text[..<hint.lowerBound]) }
            }
            switch error.kind {
            case .missingValue where config.missing == .error:
                text += "; pass --missing interpolate, forward-fill or drop to fill it"
            case .severalSeries: text += "; pass --series \(error.column ?? "COLUMN") --series-id ID"
            case .dateOrder: text += "; sort the rows by date, or omit --date"
            default: break
            }
            throw TaskError("reading \(path): " + text)
        }
    }

    /// A label per step: the date column (decimal years of monthly data such as R's 1949.08333 shown as
    /// 1949-02), or the 0-based row index without a date column.
    public static func labels(_ series: TimeSeries) -> [String] {
        guard let dates = series.dates else { return (0..<series.count).map(String.init) }
        let values = dates.compactMap { Double($0) }
        guard values.count == dates.count, values.contains(where: { $0 != $0.rounded(.down) }) else { return dates }
        var months: [String] = []
        for v in values {
            let year = (v + 1e-6).rounded(.down), m = (v - year) * 12
            guard abs(m - m.rounded()) < 1e-3 else { return dates }
            months.append(String(format: "%04d-%02d", Int(year), Int(m.rounded()) + 1))
        }
        return months
    }

    /// Labels for `count` steps after the end: monthly labels continue by month, numbers by their last
    /// difference, anything else as "+1", "+2", ...
    public static func futureLabels(_ labels: [String], count: Int) -> [String] {
        if let last = labels.last, last.count == 7, last.dropFirst(4).first == "-",
           let year = Int(last.prefix(4)), let month = Int(last.suffix(2)) {
            return (1...count).map { k in
                let m = month - 1 + k
                return String(format: "%04d-%02d", year + m / 12, m % 12 + 1)
            }
        }
        if labels.count >= 2, let a = Double(labels[labels.count - 2]), let b = Double(labels[labels.count - 1]),
           labels.allSatisfy({ Int($0) != nil }) {
            return (1...count).map { String(Int(b + Double($0) * (b - a))) }
        }
        return (1...count).map { "+\($0)" }
    }

    /// "96 steps (1949-01 ... 1956-12)".
    static func span(_ labels: [String], _ range: Range<Int>) -> String {
        range.isEmpty ? "0 steps" : "\(range.count) steps (\(labels[range.lowerBound]) ... \(labels[range.upperBound - 1]))"
    }

    /// The lines describing the data, the split and the transform.
    static func describe(_ data: ForecastData, series: TimeSeries, path: String) -> [String] {
        let c = data.config, labels = labels(series)
        var transform: [String] = []
        if c.transform.log { transform.append("log") }
        for lag in c.transform.lags {
            transform.append(lag == 1 ? "first difference" : "seasonal difference (lag \(lag))")
        }
        return [
            "data: \(path), target \(c.target) (inputs: \(c.inputColumns.joined(separator: ", "))), " +
                span(labels, 0..<data.count),
            "split: train \(span(labels, 0..<data.trainEnd)), validation \(span(labels, data.trainEnd..<data.validationEnd)), "
                + "test \(span(labels, data.validationEnd..<data.count))",
            "transform: \(transform.isEmpty ? "none" : transform.joined(separator: ", ")), then standard scaling "
                + "fitted on the training part; inverted before every metric",
            "windows: \(c.window) steps in, \(c.horizon) out; forecast origins: train \(data.origins(.train).count), "
                + "validation \(data.origins(.validation).count), test \(data.origins(.test).count)",
        ]
    }
}
