import Foundation

/// The per-category table printed after a classify run: documents, share of documents, bytes.
public struct CategoryTable {
    public var statistics: CategoryStatistics

    public init(statistics: CategoryStatistics) {
        self.statistics = statistics
    }

    public var text: String {
        let total = statistics.categories.values.reduce(0) { $0 + $1.documents }
        let totalBytes = statistics.categories.values.reduce(0) { $0 + $1.bytes }
        let g = ProgressLine.grouped
        var rows = [["category", "documents", "share", "bytes", "byte share"]]
        for category in CategoryTaxonomy.categoryIDs + statistics.categories.keys.filter({ !CategoryTaxonomy.categoryIDs.contains($0) }).sorted() {
            guard let totals = statistics.categories[category] else { continue }
            rows.append([category, g(totals.documents), percent(totals.documents, total), g(totals.bytes), percent(totals.bytes, totalBytes)])
        }
        rows.append(["total", g(total), total > 0 ? "100.0%" : "-", g(totalBytes), totalBytes > 0 ? "100.0%" : "-"])
        return AlignedTable(rows: rows, rightAligned: [1, 2, 3, 4]).text
    }

    private func percent(_ part: Int, _ whole: Int) -> String {
        whole > 0 ? String(format: "%.1f%%", 100 * Double(part) / Double(whole)) : "-"
    }
}

/// Rows of cells laid out in columns for a terminal.
public struct AlignedTable {
    public var rows: [[String]]
    public var rightAligned: Set<Int>

    public init(rows: [[String]], rightAligned: Set<Int> = []) {
        self.rows = rows
        self.rightAligned = rightAligned
    }

    public var text: String {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ").trimmingTrailingSpaces
        }.joined(separator: "\n")
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
