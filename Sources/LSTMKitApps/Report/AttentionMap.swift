import Foundation

/// An attention matrix a report draws as a heat map (``HeatMap``, the picture of `lstm inspect` and
/// `lstm translate --attention-svg`): rows the generated target tokens, columns the source tokens, each row
/// summing to 1.
public struct AttentionMap: Codable, Equatable, Sendable {
    /// "source -> translation".
    public var title: String
    public var rows: [String]
    public var columns: [String]
    /// [rows.count][columns.count]
    public var weights: [[Double]]

    public init(title: String, rows: [String], columns: [String], weights: [[Double]]) {
        (self.title, self.rows, self.columns, self.weights) = (title, rows, columns, weights)
    }

    /// Squares of `cell` pixels, darker = more weight, each with its weight as a tooltip, a legend below.
    public func heatMap(cell: Int = 28) -> HeatMap {
        HeatMap(values: weights, rowLabels: rows, columnLabels: columns, scale: .shades(0, 1), title: title,
                cellWidth: cell, cellHeight: cell)
    }
}
