/// Horizontal bars of shares, one group a row and one bar a series: category shares by documents
/// and by tokens, or a bucket's target beside its achieved share. Each bar and its value label
/// carry the number's JSON pointer.
struct GroupedBarChart {
    struct Series {
        var name: String
        var color: String
    }

    struct Row {
        var label: String
        /// One value per series; nil draws no bar (a target the recipe does not set).
        var values: [ReportNumber?]
    }

    var title: String
    var series: [Series]
    var rows: [Row]
    var width = 1280.0
    var labelWidth = 180.0
    var barHeight = 11.0

    /// Grid step and axis end: the smallest round step that covers the largest value in at most
    /// five steps, and the first multiple of it at or above that value.
    var axis: (step: Double, maximum: Double) {
        let largest = rows.flatMap { $0.values.compactMap { $0?.value } }.max() ?? 0
        let step = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25].first { $0 * 5 >= largest } ?? 0.25
        return (step, max(step, (largest / step).rounded(.up) * step))
    }

    var svg: String {
        let top = 34.0, valueSpace = 64.0, gap = 8.0
        let rowHeight = Double(series.count) * (barHeight + 2) + gap
        let plotWidth = width - labelWidth - valueSpace
        let height = top + Double(rows.count) * rowHeight + 26
        let (step, maximum) = axis
        let steps = Int((maximum / step).rounded())
        let c = HTML.coordinate
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"\(c(width))\" height=\"\(c(height))\" viewBox=\"0 0 \(c(width)) \(c(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">"
        // Legend.
        var legendX = labelWidth
        for entry in series {
            out += "<rect x=\"\(c(legendX))\" y=\"8\" width=\"12\" height=\"12\" fill=\"\(entry.color)\"/>"
            out += "<text x=\"\(c(legendX + 17))\" y=\"18\" class=\"legend\">\(HTML.escape(entry.name))</text>"
            legendX += 26 + Double(entry.name.count) * 7
        }
        // Grid and axis labels.
        let plotBottom = top + Double(rows.count) * rowHeight
        for tick in 0...steps {
            let x = labelWidth + plotWidth * Double(tick) / Double(steps)
            out += "<line x1=\"\(c(x))\" y1=\"\(c(top - 4))\" x2=\"\(c(x))\" y2=\"\(c(plotBottom))\" class=\"grid\"/>"
            out += "<text x=\"\(c(x))\" y=\"\(c(plotBottom + 16))\" text-anchor=\"middle\" class=\"axis\">\(Int((Double(tick) * step * 100).rounded()))%</text>"
        }
        for (index, row) in rows.enumerated() {
            let rowTop = top + Double(index) * rowHeight
            let middle = rowTop + Double(series.count) * (barHeight + 2) / 2
            out += "<text x=\"\(c(labelWidth - 8))\" y=\"\(c(middle + 4))\" text-anchor=\"end\" class=\"label\">\(HTML.escape(row.label))</text>"
            for (position, value) in row.values.enumerated() {
                guard let value else { continue }
                let y = rowTop + Double(position) * (barHeight + 2)
                let barWidth = plotWidth * min(value.value, maximum) / maximum
                out += "<rect x=\"\(c(labelWidth))\" y=\"\(c(y))\" width=\"\(c(barWidth))\" height=\"\(c(barHeight))\" fill=\"\(series[position].color)\"\(value.attributes)/>"
                out += value.element("text", " x=\"\(c(labelWidth + barWidth + 4))\" y=\"\(c(y + barHeight - 1))\" class=\"value\"")
            }
        }
        return out + "</svg>"
    }
}
