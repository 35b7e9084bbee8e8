import Foundation

/// The `lstm inspect` page of a translation checkpoint: the attention matrix of one translation (target x
/// source tokens) as a heat map, in a self-contained HTML page.
public enum AttentionPage {
    public static func html(_ t: Translation, source: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <title>lstm inspect: \(escapeXML(source))</title>
        <style>body { font-family: sans-serif; margin: 1.5em; }</style></head><body>
        <h1>Attention: \(escapeXML(source))</h1>
        <p>Source: \(escapeXML(t.source))<br>Translation: \(escapeXML(t.text))</p>
        <p>Rows: the target tokens; columns: the source tokens; darker = more weight (each row sums to 1).</p>
        \(AttentionHeatMap.svg(t))</body></html>

        """
    }
}

/// What `lstm inspect` prints for a translation checkpoint.
public struct AttentionInspectReport: TaskReport {
    public var checkpoint: String
    public var translation: Translation
    public var output: String?

    public init(checkpoint: String, translation: Translation, output: String?) {
        self.checkpoint = checkpoint
        self.translation = translation
        self.output = output
    }

    public var lines: [String] {
        ["\(checkpoint): \(translation.source) -> \(translation.text)"] + AttentionHeatMap.text(translation).map { "  " + $0 } +
            (output.map { ["wrote \($0)"] } ?? [])
    }
}
