import Foundation

/// The report's section on filter runs: per rule, the documents it saw and removed (the removal
/// rate), what it rewrote, the checks that removed, and each measured value's distribution over the
/// rule's fixed bins (from the runs' summary.json, merged exactly).
extension ReportSummary {
    public struct FilterBin: Codable, Sendable, Equatable {
        /// nil for the first bin (everything below `upper`) and `upper` nil for the last.
        public var lower: Double?
        public var upper: Double?
        public var documents: Int
        public var share: Double
    }

    public struct FilterDistribution: Codable, Sendable, Equatable {
        public var name: String
        public var measured: Int
        public var unmeasured: Int
        public var bins: [FilterBin]
    }

    public struct FilterRuleRow: Codable, Sendable, Equatable {
        public var name: String
        public var evaluated: Int
        public var removed: Int
        public var removalRate: Double
        public var rewritten: Int
        public var removedByCheck: [String: Int]
        public var counts: [String: Int]
        public var distributions: [FilterDistribution]
    }

    public struct FilterSection: Codable, Sendable, Equatable {
        public var dryRun: Bool
        public var documents: Int
        public var removed: Int
        public var removalRate: Double
        public var rules: [FilterRuleRow]
    }

    static func filterSection(_ statistics: FilterStatistics?) -> FilterSection? {
        guard let statistics else { return nil }
        return FilterSection(dryRun: statistics.dryRun, documents: statistics.documents, removed: statistics.removed,
                             removalRate: ratio(statistics.removed, statistics.documents), rules: statistics.rules.map { rule in
            FilterRuleRow(name: rule.name, evaluated: rule.evaluated, removed: rule.removed, removalRate: ratio(rule.removed, rule.evaluated),
                          rewritten: rule.rewritten, removedByCheck: rule.removedByCheck, counts: rule.counts,
                          distributions: rule.measures.map { measure in
                let measured = measure.bins.reduce(0, +)
                return FilterDistribution(name: measure.name, measured: measured, unmeasured: measure.unmeasured,
                                          bins: measure.bins.indices.map { index in
                    FilterBin(lower: index > 0 ? measure.edges[index - 1] : nil, upper: index < measure.edges.count ? measure.edges[index] : nil,
                              documents: measure.bins[index], share: ratio(measure.bins[index], measured))
                })
            })
        })
    }

    /// The terminal's filter section: the rule table, then each distribution's non-empty bins.
    var filterTerminalText: String? {
        guard let filter else { return nil }
        var rows = [["rule", "seen", filter.dryRun ? "would remove" : "removed", "rate", "rewritten", "by check"]]
        rows += filter.rules.map(Self.filterRuleCells)
        var text = "filter rules (\(NumberStyle.count.text(filter.documents)) documents, \(NumberStyle.percent.text(filter.removalRate)) removed"
            + (filter.dryRun ? " in a dry run" : "") + ")\n" + AlignedTable(rows: rows, rightAligned: [1, 2, 3, 4]).text
        text += "\n\nmeasured values (documents per bin; bins are [lower, upper))"
        for rule in filter.rules {
            for distribution in rule.distributions where distribution.measured > 0 {
                let bins = distribution.bins.filter { $0.documents > 0 }.map { "\(Self.binLabel($0)): \(NumberStyle.count.text($0.documents))" }
                text += "\n\(rule.name).\(distribution.name): " + bins.joined(separator: " · ")
            }
        }
        return text
    }

    var filterMarkdown: String? {
        guard let filter else { return nil }
        var out = "\n## Filter rules\n\n\(NumberStyle.count.text(filter.documents)) documents, \(NumberStyle.percent.text(filter.removalRate)) removed"
            + (filter.dryRun ? " (dry run: would be removed)" : "") + ".\n\n"
        out += Self.markdownTable(headers: ["rule", "seen", "removed", "rate", "rewritten", "by check"], rows: filter.rules.map(Self.filterRuleCells))
        for rule in filter.rules {
            for distribution in rule.distributions where distribution.measured > 0 {
                out += "\n### \(rule.name): \(distribution.name)\n\n"
                out += Self.markdownTable(headers: ["bin", "documents", "share"], rows: distribution.bins.filter { $0.documents > 0 }.map { bin in
                    [Self.binLabel(bin), NumberStyle.count.text(bin.documents), NumberStyle.percent.text(bin.share)]
                })
            }
        }
        return out
    }

    /// One rule's row in the terminal and Markdown tables.
    private static func filterRuleCells(_ rule: FilterRuleRow) -> [String] {
        [rule.name, NumberStyle.count.text(rule.evaluated), NumberStyle.count.text(rule.removed), NumberStyle.percent.text(rule.removalRate),
         NumberStyle.count.text(rule.rewritten), checkText(rule)]
    }

    private static func checkText(_ rule: FilterRuleRow) -> String {
        let checks = rule.removedByCheck.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \(NumberStyle.count.text($0.value))" }
        let counts = rule.counts.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.key) \(NumberStyle.count.text($0.value))" }
        return (checks + (counts.isEmpty ? [] : ["masked: " + counts.joined(separator: ", ")])).joined(separator: ", ")
    }

    static func binLabel(_ bin: FilterBin) -> String {
        switch (bin.lower, bin.upper) {
        case (nil, let upper?): return "<" + formatMeasure(upper)
        case (let lower?, nil): return ">=" + formatMeasure(lower)
        case (let lower?, let upper?): return formatMeasure(lower) + "–" + formatMeasure(upper)
        default: return "all"
        }
    }
}
