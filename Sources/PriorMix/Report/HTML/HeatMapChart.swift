/// The paper's Table 4 as a heat map: a row per category (and the total), a column per label and
/// combination; each cell's shade is its share of segments and its text the share in percent.
struct HeatMapChart {
    struct Row {
        var label: String
        var size: ReportNumber
        var cells: [ReportNumber]
    }

    var title: String
    var columns: [String]
    var sizeColumn: String
    var rows: [Row]
    var labelWidth = 170.0
    var sizeWidth = 90.0
    var cellWidth = 112.0
    var cellHeight = 26.0
    /// Table 4's last row is the total, drawn a little apart.
    var lastRowApart = true

    /// White to deep blue; shares of one are the darkest.
    static func shade(_ share: Double) -> String {
        let t = min(max(share, 0), 1)
        let from = (247.0, 251.0, 255.0), to = (8.0, 48.0, 107.0)
        func channel(_ a: Double, _ b: Double) -> Int { Int((a + (b - a) * t).rounded()) }
        let hex = [channel(from.0, to.0), channel(from.1, to.1), channel(from.2, to.2)].map { value -> String in
            let digits = String(value, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }
        return "#" + hex.joined()
    }

    var svg: String {
        let headerHeight = 44.0
        let width = labelWidth + sizeWidth + Double(columns.count) * cellWidth + 4
        // The last row (the total) stands apart.
        let height = headerHeight + Double(rows.count) * cellHeight + 10
        let c = HTML.coordinate
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"\(c(width))\" height=\"\(c(height))\" viewBox=\"0 0 \(c(width)) \(c(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">"
        out += header(sizeColumn, x: labelWidth + sizeWidth - 6, anchor: "end", height: headerHeight)
        for (index, column) in columns.enumerated() {
            out += header(column, x: labelWidth + sizeWidth + Double(index) * cellWidth + cellWidth / 2, anchor: "middle", height: headerHeight)
        }
        for (index, row) in rows.enumerated() {
            let y = headerHeight + Double(index) * cellHeight + (lastRowApart && index == rows.count - 1 && rows.count > 1 ? 8 : 0)
            out += "<text x=\"\(c(labelWidth - 8))\" y=\"\(c(y + cellHeight / 2 + 4))\" text-anchor=\"end\" class=\"label\">\(HTML.escape(row.label))</text>"
            out += row.size.element("text", " x=\"\(c(labelWidth + sizeWidth - 6))\" y=\"\(c(y + cellHeight / 2 + 4))\" text-anchor=\"end\" class=\"value\"")
            for (column, cell) in row.cells.enumerated() {
                let x = labelWidth + sizeWidth + Double(column) * cellWidth
                out += "<rect x=\"\(c(x + 1))\" y=\"\(c(y + 1))\" width=\"\(c(cellWidth - 2))\" height=\"\(c(cellHeight - 2))\" fill=\"\(Self.shade(cell.value))\"\(cell.attributes)/>"
                let ink = cell.value > 0.5 ? "#ffffff" : "#1a1a1a"
                out += cell.element("text", " x=\"\(c(x + cellWidth / 2))\" y=\"\(c(y + cellHeight / 2 + 4))\" text-anchor=\"middle\" class=\"cell\" fill=\"\(ink)\"")
            }
        }
        return out + "</svg>"
    }

    /// A column title on up to two lines, split at its last space.
    private func header(_ title: String, x: Double, anchor: String, height: Double) -> String {
        let c = HTML.coordinate
        let lines: [String]
        if let space = title.lastIndex(of: " ") {
            lines = [String(title[..<space]), String(title[title.index(after: space)...])]
        } else {
            lines = [title]
        }
        let firstY = height - 8 - Double(lines.count - 1) * 14
        return "<text x=\"\(c(x))\" y=\"\(c(firstY))\" text-anchor=\"\(anchor)\" class=\"head\">"
            + lines.enumerated().map { index, line in
                "<tspan x=\"\(c(x))\" dy=\"\(index == 0 ? "0" : "14")\">\(HTML.escape(line))</tspan>"
            }.joined() + "</text>"
    }
}
