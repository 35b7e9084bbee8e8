/// A calendar date (optionally with a time of day) parsed from an ISO-like string, used to check and sort the
/// order of time-series rows. No time zones: the fields are compared as written.
///
///     TimeSeriesDate("1986-03-13")            // 1986-03-13
///     TimeSeriesDate("19580329")              // 1958-03-29 (the compact YYYYMMDD form)
///     TimeSeriesDate("1949-02")               // 1949-02 (day 1 for ordering)
///     TimeSeriesDate("2017-11-10 09:30")      // with a time of day
///     TimeSeriesDate("1949.0833")             // nil: a decimal year is not a date (it is a number)
///     TimeSeriesDate("2001-02-29")            // nil: not a real day
///
/// Accepted forms: `YYYY-MM`, `YYYY-MM-DD`, `YYYYMMDD`, and `YYYY-MM-DD` followed by `T` or a space and
/// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff`, optionally ending in `Z`. Surrounding spaces are ignored. Months,
/// days (with leap years), hours, minutes and seconds are range-checked.
public struct TimeSeriesDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    /// The day of the month; nil for the `YYYY-MM` form.
    public let day: Int?
    /// Seconds since midnight; nil when no time of day was given.
    public let secondsOfDay: Double?

    /// Parses an ISO-like date; nil when `text` is not one of the accepted forms or not a real date.
    public init?(_ text: String) {
        let s = Array(text.trimmedSpacesAndTabs().utf8)
        func digits(_ range: Range<Int>) -> Int? {
            range.upperBound <= s.count ? TimeSeriesDate.number(s[range]) : nil
        }
        let dash = UInt8(ascii: "-"), colon = UInt8(ascii: ":")
        var seconds: Double? = nil
        let y: Int, m: Int, d: Int?
        if s.count == 8, let compact = digits(0..<8) {
            (y, m, d) = (compact / 10_000, compact / 100 % 100, compact % 100)
        } else {
            guard s.count >= 7, let yy = digits(0..<4), s[4] == dash, let mm = digits(5..<7) else { return nil }
            (y, m) = (yy, mm)
            if s.count == 7 {
                d = nil
            } else {
                guard s.count >= 10, s[7] == dash, let dd = digits(8..<10) else { return nil }
                d = dd
                if s.count > 10 {
                    guard s[10] == UInt8(ascii: "T") || s[10] == UInt8(ascii: " ") else { return nil }
                    var rest = Array(s[11...])
                    if rest.last == UInt8(ascii: "Z") { rest.removeLast() }
                    // HH:MM, HH:MM:SS or HH:MM:SS.fff
                    guard rest.count == 5 || rest.count >= 8, rest[2] == colon,
                          let hh = TimeSeriesDate.number(rest[0..<2]), let mi = TimeSeriesDate.number(rest[3..<5]),
                          hh < 24, mi < 60 else { return nil }
                    var sec = 0.0
                    if rest.count >= 8 {
                        guard rest[5] == colon, let whole = TimeSeriesDate.number(rest[6..<8]), whole <= 60 else { return nil }
                        sec = Double(whole)
                        if rest.count > 8 {
                            guard rest[8] == UInt8(ascii: "."), rest.count > 9,
                                  let fraction = TimeSeriesDate.number(rest[9...]) else { return nil }
                            sec += Double(fraction) / pow10(rest.count - 9)
                        }
                    }
                    seconds = Double(hh * 3600 + mi * 60) + sec
                }
            }
        }
        guard m >= 1 && m <= 12 else { return nil }
        if let d, d < 1 || d > TimeSeriesDate.daysIn(month: m, year: y) { return nil }
        year = y; month = m; day = d; secondsOfDay = seconds
    }

    /// The value of a run of ASCII digits (at most 9), or nil.
    static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 9 else { return nil }
        var v = 0
        for b in bytes {
            guard b >= 48 && b <= 57 else { return nil }
            v = v * 10 + Int(b - 48)
        }
        return v
    }

    /// Days in `month` of `year` (Gregorian leap years).
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// A number that increases with the date: days since 0000-03-01 (proleptic Gregorian, day 1 for the
    /// `YYYY-MM` form) plus the fraction of the day.
    public var ordinal: Double {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + (day ?? 1) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Double(era * 146_097 + doe) + (secondsOfDay ?? 0) / 86_400
    }

    public static func < (a: TimeSeriesDate, b: TimeSeriesDate) -> Bool { a.ordinal < b.ordinal }

    public var description: String {
        func pad(_ v: Int, _ n: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: Swift.max(0, n - s.count)) + s
        }
        var text = pad(year, 4) + "-" + pad(month, 2)
        if let day { text += "-" + pad(day, 2) }
        if let secondsOfDay {
            let whole = Int(secondsOfDay)
            text += " " + pad(whole / 3600, 2) + ":" + pad(whole / 60 % 60, 2) + ":" + pad(whole % 60, 2)
        }
        return text
    }
}

/// 10^n as a Double.
private func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { acc, _ in acc * 10 } }

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmedSpacesAndTabs() -> String {
        let edges = (utf8.first, utf8.last)
        if edges.0 != 32 && edges.0 != 9 && edges.1 != 32 && edges.1 != 9 { return self }
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
