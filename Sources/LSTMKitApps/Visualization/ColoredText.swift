import Foundation

/// Text with every character on a background coloured by a number (a cell's activation), as SVG: monospace,
/// one line per line of the text, the line break drawn as a return sign, each character's value as a tooltip.
/// The picture of Karpathy, Johnson and Fei-Fei (2015) "Visualizing and Understanding Recurrent Networks".
public struct ColoredText: Sendable {
    public var characters: [String]
    public var values: [Double]
    public var scale: ColorScale
    public var title: String

    public init(characters: [String], values: [Double], scale: ColorScale, title: String) {
        precondition(characters.count == values.count, "ColoredText: \(characters.count) characters, \(values.count) values")
        self.characters = characters
        self.values = values
        self.scale = scale
        self.title = title
    }

    /// The SVG; characters are `<rect class="char">` with a `<text>` on top.
    public func svg() -> String {
        let (cw, lh, left, top) = (9, 18, 8, 28)
        var lines: [[(String, Double)]] = [[]]
        for (c, v) in zip(characters, values) {
            lines[lines.count - 1].append((c == "\n" ? "\u{21B5}" : c, v))
            if c == "\n" { lines.append([]) }
        }
        if lines.last!.isEmpty { lines.removeLast() }
        let width = left * 2 + cw * max(lines.map(\.count).max() ?? 1, 40), height = top + lh * lines.count + 8
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" \
            font-family="monospace" font-size="14">
            <title>\(escapeXML(title))</title>
            <rect width="\(width)" height="\(height)" fill="white"/>
            <text x="\(left)" y="18" font-family="sans-serif" font-size="13" font-weight="bold">\(escapeXML(title))</text>

            """
        for (r, line) in lines.enumerated() {
            for (k, (c, v)) in line.enumerated() {
                let x = left + k * cw, y = top + r * lh
                svg += "<rect class=\"char\" x=\"\(x)\" y=\"\(y)\" width=\"\(cw)\" height=\"\(lh)\" fill=\"\(scale.color(v))\">" +
                    "<title>\(String(format: "%.3f", v))</title></rect>" +
                    (c == " " ? "\n" : "<text x=\"\(x)\" y=\"\(y + 13)\">\(escapeXML(c))</text>\n")
            }
        }
        return svg + "</svg>\n"
    }
}
