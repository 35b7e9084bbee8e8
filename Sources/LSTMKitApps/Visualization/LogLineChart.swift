import Foundation

/// A small line chart with a logarithmic y axis, as SVG: one polyline per series over x = 1...n, decade grid
/// lines labelled 1e-8, 1e-7, ..., a legend, and each point's value as a tooltip. Non-positive values (no
/// logarithm) break the line.
///
/// Kept minimal for `lstm demo vanishing-gradient --report` (gradient norms spanning many decades); a general
/// chart library would replace it.
public struct LogLineChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var values: [Double]
        /// An SVG colour ("#d62728").
        public var color: String
        public var dashed: Bool

        public init(name: String, values: [Double], color: String, dashed: Bool = false) {
            self.name = name
            self.values = values
            self.color = color
            self.dashed = dashed
        }
    }

    public var title: String, xLabel: String, yLabel: String
    public var series: [Series]
    public var width = 640, height = 360

    public init(title: String, xLabel: String, yLabel: String, series: [Series]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
    }

    /// The SVG: lines are `<polyline class="line">`, points `<circle class="point">`.
    public func svg() -> String {
        let (left, right, top, bottom) = (70, 120, 30, 45)
        let plotW = Double(width - left - right), plotH = Double(height - top - bottom)
        let positive = series.flatMap(\.values).filter { $0 > 0 && $0.isFinite }
        let lo = floor(log10(positive.min() ?? 1)), hi = max(ceil(log10(positive.max() ?? 10)), lo + 1)
        let n = max(series.map(\.values.count).max() ?? 1, 2)
        func x(_ i: Int) -> Double { Double(left) + plotW * Double(i) / Double(n - 1) }
        func y(_ v: Double) -> Double { Double(top) + plotH * (hi - log10(v)) / (hi - lo) }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" \
            viewBox="0 0 \(width) \(height)" font-family="sans-serif" font-size="12">
            <title>\(escapeXML(title))</title>
            <rect width="\(width)" height="\(height)" fill="white"/>
            <text x="\(left)" y="18" font-weight="bold">\(escapeXML(title))</text>

            """
        let decadeStep = max(1, Int((hi - lo) / 8))
        for d in stride(from: Int(lo), through: Int(hi), by: decadeStep) {
            let yy = String(format: "%.1f", y(pow(10, Double(d))))
            svg += "<line x1=\"\(left)\" y1=\"\(yy)\" x2=\"\(width - right)\" y2=\"\(yy)\" stroke=\"#e5e5e5\"/>\n" +
                "<text x=\"\(left - 6)\" y=\"\(yy)\" text-anchor=\"end\" dy=\"4\" class=\"tick\">1e\(d)</text>\n"
        }
        for k in 0...4 {
            let i = (n - 1) * k / 4
            svg += "<text x=\(quote(x(i))) y=\"\(height - bottom + 16)\" text-anchor=\"middle\" class=\"tick\">\(i + 1)</text>\n"
        }
        svg += "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - right)\" y2=\"\(height - bottom)\" stroke=\"black\"/>\n" +
            "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(height - bottom)\" stroke=\"black\"/>\n" +
            "<text x=\(quote(Double(left) + plotW / 2)) y=\"\(height - 8)\" text-anchor=\"middle\" class=\"axis-label\">\(escapeXML(xLabel))</text>\n" +
            "<text x=\"14\" y=\(quote(Double(top) + plotH / 2)) text-anchor=\"middle\" class=\"axis-label\" " +
            "transform=\"rotate(-90 14 \(String(format: "%.1f", Double(top) + plotH / 2)))\">\(escapeXML(yLabel))</text>\n"
        for (k, s) in series.enumerated() {
            var segments: [[String]] = [[]]
            for (i, v) in s.values.enumerated() {
                if v > 0 && v.isFinite { segments[segments.count - 1].append(String(format: "%.1f,%.1f", x(i), y(v))) }
                else if !segments.last!.isEmpty { segments.append([]) }
            }
            let dash = s.dashed ? " stroke-dasharray=\"5,4\"" : ""
            for points in segments where points.count > 1 {
                svg += "<polyline class=\"line\" fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2\"\(dash) " +
                    "points=\"\(points.joined(separator: " "))\"/>\n"
            }
            for (i, v) in s.values.enumerated() where v > 0 && v.isFinite && (i % max(1, n / 25) == 0 || i == n - 1) {
                svg += "<circle class=\"point\" cx=\(quote(x(i))) cy=\(quote(y(v))) r=\"2.5\" fill=\"\(s.color)\">" +
                    "<title>\(escapeXML(s.name)) t = \(i + 1): \(String(format: "%.3e", v))</title></circle>\n"
            }
            let ly = top + 10 + 20 * k
            svg += "<line x1=\"\(width - right + 10)\" y1=\"\(ly)\" x2=\"\(width - right + 34)\" y2=\"\(ly)\" " +
                "stroke=\"\(s.color)\" stroke-width=\"2\"\(dash)/>\n" +
                "<text x=\"\(width - right + 40)\" y=\"\(ly + 4)\">\(escapeXML(s.name))</text>\n"
        }
        return svg + "</svg>\n"
    }

    func quote(_ v: Double) -> String { "\"" + String(format: "%.1f", v) + "\"" }
}
