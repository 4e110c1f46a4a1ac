import Foundation

/// The per-rule table printed after a filter run (and by `report` for filtered runs): documents
/// each rule saw, removed (or would remove, in a dry run), rewrote, the removal rate, the checks
/// that removed; and, with `distributions`, each measured value's bins as a row of counts.
public struct FilterTable {
    public var statistics: FilterStatistics
    public var distributions = false

    public init(statistics: FilterStatistics, distributions: Bool = false) {
        self.statistics = statistics
        self.distributions = distributions
    }

    public var text: String {
        let g = ProgressLine.grouped
        var rows = [["rule", "seen", statistics.dryRun ? "would remove" : "removed", "rate", "rewritten", "by check"]]
        for rule in statistics.rules {
            let checks = rule.removedByCheck.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .map { "\($0.key) \(g($0.value))" }.joined(separator: ", ")
            let counts = rule.counts.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.key) \(g($0.value))" }.joined(separator: ", ")
            rows.append([rule.name, g(rule.evaluated), g(rule.removed), String(format: "%.1f%%", 100 * rule.removalRate), g(rule.rewritten),
                         [checks, counts.isEmpty ? "" : "masked: " + counts].filter { !$0.isEmpty }.joined(separator: "; ")])
        }
        var text = AlignedTable(rows: rows, rightAligned: [1, 2, 3, 4]).text
        if distributions {
            for rule in statistics.rules {
                for measure in rule.measures where measure.bins.reduce(0, +) > 0 {
                    text += "\n\(rule.name).\(measure.name): " + Self.binText(measure)
                }
            }
        }
        return text
    }

    /// `<0.05: 3 · <0.10: 12 · … · >=1: 0`, skipping empty bins.
    static func binText(_ measure: FilterStatistics.Measure) -> String {
        var parts: [String] = []
        for (index, count) in measure.bins.enumerated() where count > 0 {
            let label = index < measure.edges.count ? "<" + formatMeasure(measure.edges[index]) : ">=" + formatMeasure(measure.edges.last ?? 0)
            parts.append("\(label): \(ProgressLine.grouped(count))")
        }
        return parts.joined(separator: " · ")
    }
}
