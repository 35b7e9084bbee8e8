import Foundation
import Plot

/// The `lstm inspect` page of a translation checkpoint: the attention matrix of one translation (target x
/// source tokens) as a heat map (``AttentionHeatMap``'s SVG), in a self-contained HTML page built with Plot.
public enum AttentionPage {
    public static func html(_ t: Translation, source: String) -> String {
        HTML(
            .head(.encoding(.utf8), ReportAssets.title("lstm inspect: \(source)"),
                  .style("body { font-family: sans-serif; margin: 1.5em; }")),
            .body(
                .h1(.text("Attention: \(source)")),
                .p(.text("Source: \(t.source)"), .br(), .text("Translation: \(t.text)")),
                .p(.text("Rows: the target tokens; columns: the source tokens; darker = more weight (each row sums to 1).")),
                .raw(AttentionHeatMap.svg(t))
            )
        ).render() + "\n"
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
