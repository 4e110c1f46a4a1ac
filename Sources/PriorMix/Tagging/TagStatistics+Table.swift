import Foundation

extension TagStatistics {
    /// Rows in category order, then a `total` row; shares by segment (the paper's unit) or by token.
    public func rows(byTokens: Bool = false) -> [TagStatisticsRow] {
        categories.keys.sorted().map { TagStatisticsRow(category: $0, counts: categories[$0]!, byTokens: byTokens) }
            + [TagStatisticsRow(category: "total", counts: total, byTokens: byTokens)]
    }

    /// The paper's Table 4 as Markdown: per category, percent of segments with each label and
    /// with each combination.
    ///
    /// ```
    /// | category | segments | visual concept | … | science reasoning | reasoning comb. | visual comb. |
    /// |---|--:|--:|…|
    /// | code | 160 | 1.9 | … | 3.1 | 98.1 | 2.5 |
    /// ```
    public func markdownTable(byTokens: Bool = false) -> String {
        let headers = ["category", byTokens ? "tokens" : "segments"]
            + ContentLabel.allCases.map { $0.rawValue.replacingOccurrences(of: "_", with: " ") }
            + ["reasoning comb.", "visual comb."]
        var lines = ["| " + headers.joined(separator: " | ") + " |",
                     "|---|" + String(repeating: "--:|", count: headers.count - 1)]
        for row in rows(byTokens: byTokens) {
            let cells = [row.category, String(byTokens ? row.tokens : row.segments)]
                + ContentLabel.allCases.map { Self.percent(row.labels[$0.rawValue] ?? 0) }
                + [Self.percent(row.reasoning), Self.percent(row.visual)]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func percent(_ share: Double) -> String { String(format: "%.1f", share * 100) }
}

extension TagStatistics {
    /// The Table 4 layout for a terminal: aligned columns, percent of segments.
    public func terminalTable(byTokens: Bool = false) -> String {
        let headers = ["category", byTokens ? "tokens" : "segments", "vis.concept", "vis.attr", "vis.rel", "code", "math", "science", "reasoning", "visual"]
        var table: [[String]] = [headers]
        for row in rows(byTokens: byTokens) {
            let size = String(byTokens ? row.tokens : row.segments)
            let labels: [String] = ContentLabel.allCases.map { Self.percent(row.labels[$0.rawValue] ?? 0) }
            table.append([row.category, size] + labels + [Self.percent(row.reasoning), Self.percent(row.visual)])
        }
        return AlignedTable(rows: table, rightAligned: Set(1..<headers.count)).text
    }
}
