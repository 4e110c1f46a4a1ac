/// Documents per fixed bin of [0, 1] as vertical bars, each labelled with its count. Bin edges are
/// axis labels; counts carry their JSON pointers.
struct HistogramChart {
    var title: String
    /// Documents per bin, lowest bin first.
    var counts: [ReportNumber]
    var color: String
    var width = 630.0
    var height = 230.0

    var svg: String {
        let left = 16.0, right = 16.0, top = 22.0, bottom = 30.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let slot = plotWidth / Double(max(counts.count, 1))
        let highest = max(counts.map(\.value).max() ?? 0, 1)
        let c = HTML.coordinate
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"\(c(width))\" height=\"\(c(height))\" viewBox=\"0 0 \(c(width)) \(c(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">"
        let baseline = top + plotHeight
        out += "<line x1=\"\(c(left))\" y1=\"\(c(baseline))\" x2=\"\(c(left + plotWidth))\" y2=\"\(c(baseline))\" class=\"baseline\"/>"
        for (index, count) in counts.enumerated() {
            let x = left + Double(index) * slot
            let barHeight = plotHeight * count.value / highest
            out += "<rect x=\"\(c(x + 1))\" y=\"\(c(baseline - barHeight))\" width=\"\(c(slot - 2))\" height=\"\(c(barHeight))\" fill=\"\(color)\"\(count.attributes)/>"
            if count.value > 0 {
                out += count.element("text", " x=\"\(c(x + slot / 2))\" y=\"\(c(baseline - barHeight - 4))\" text-anchor=\"middle\" class=\"value\"")
            }
        }
        for step in 0...4 {
            let x = left + plotWidth * Double(step) / 4
            out += "<line x1=\"\(c(x))\" y1=\"\(c(baseline))\" x2=\"\(c(x))\" y2=\"\(c(baseline + 4))\" class=\"baseline\"/>"
            out += "<text x=\"\(c(x))\" y=\"\(c(baseline + 18))\" text-anchor=\"middle\" class=\"axis\">\(String(Double(step) / 4))</text>"
        }
        return out + "</svg>"
    }
}
