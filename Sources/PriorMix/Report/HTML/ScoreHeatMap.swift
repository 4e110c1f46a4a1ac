/// A matrix of scores in [0, 1] as a standalone SVG heat map (the report's Table 4 chart with its
/// own stylesheet), for uses outside the HTML report such as layer-by-layer alignment. Each cell
/// carries `data-json`, a pointer into the caller's JSON document.
public struct ScoreHeatMap {
    public var title: String
    public var rowLabels: [String]
    public var columnLabels: [String]
    public var scores: [[Double]]
    /// A per-row number shown before the cells (its title, values and JSON pointers).
    public var summaryTitle: String
    public var summaries: [Double]
    public var summaryPointer: (Int) -> String
    public var cellPointer: (Int, Int) -> String

    public init(title: String, rowLabels: [String], columnLabels: [String], scores: [[Double]], summaryTitle: String,
                summaries: [Double], summaryPointer: @escaping (Int) -> String, cellPointer: @escaping (Int, Int) -> String) {
        self.title = title
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.scores = scores
        self.summaryTitle = summaryTitle
        self.summaries = summaries
        self.summaryPointer = summaryPointer
        self.cellPointer = cellPointer
    }

    public var svg: String {
        let rows = scores.enumerated().map { i, row in
            HeatMapChart.Row(label: rowLabels[i], size: ReportNumber(summaries[i], .score, at: summaryPointer(i)),
                             cells: row.enumerated().map { j, value in ReportNumber(value, .score, at: cellPointer(i, j)) })
        }
        var chart = HeatMapChart(title: title, columns: columnLabels, sizeColumn: summaryTitle, rows: rows)
        chart.lastRowApart = false
        chart.labelWidth = 120
        chart.sizeWidth = 70
        chart.cellWidth = columnLabels.count > 12 ? 48 : 64
        let style = "<style>text{font-family:sans-serif;font-size:12px}.head{font-weight:600}.cell{font-size:11px}</style>"
        let body = chart.svg
        guard let end = body.firstIndex(of: ">") else { return body }
        return String(body[...end]) + "<title>\(HTML.escape(title))</title>" + style + String(body[body.index(after: end)...])
    }
}
