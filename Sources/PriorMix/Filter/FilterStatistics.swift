/// What the filter stage counted: per rule, the documents it saw, removed (or would remove, in a
/// dry run) and rewrote, removals by datatrove's check name, and the distribution of every measured
/// value over fixed bins. Integer counts only, so parts, units and ranks merge exactly.
public struct FilterStatistics: StageStatistics, Equatable {
    public struct Measure: Codable, Sendable, Equatable {
        public var name: String
        /// Upper bin edges; `bins` has one more entry (values at or above the last edge).
        public var edges: [Double]
        public var bins: [Int]
        /// Documents where the rule stopped before measuring this value.
        public var unmeasured = 0
    }

    public struct Rule: Codable, Sendable, Equatable {
        public var name: String
        public var evaluated = 0
        public var removed = 0
        public var rewritten = 0
        public var removedByCheck: [String: Int] = [:]
        /// Totals of the rule's per-document counts (PII: emails, ip_addresses).
        public var counts: [String: Int] = [:]
        public var measures: [Measure]

        public var removalRate: Double { evaluated > 0 ? Double(removed) / Double(evaluated) : 0 }
    }

    public var dryRun = false
    public var documents = 0
    /// Documents removed (in a dry run: that would be removed) by any rule.
    public var removed = 0
    public var rules: [Rule] = []

    public init() {}

    init(rules: [any FilterRule], dryRun: Bool) {
        self.dryRun = dryRun
        self.rules = rules.map { rule in
            Rule(name: rule.name, counts: Dictionary(uniqueKeysWithValues: rule.countNames.map { ($0, 0) }),
                 measures: rule.measures.map { Measure(name: $0.name, edges: $0.edges, bins: [Int](repeating: 0, count: $0.edges.count + 1)) })
        }
    }

    mutating func record(rule index: Int, _ outcome: RuleOutcome, measures: [FilterMeasure], countNames: [String]) {
        rules[index].evaluated += 1
        if let failure = outcome.failure {
            rules[index].removed += 1
            rules[index].removedByCheck[failure.check, default: 0] += 1
        }
        if outcome.rewrittenText != nil { rules[index].rewritten += 1 }
        for (position, value) in outcome.values.enumerated() {
            if value.isNaN { rules[index].measures[position].unmeasured += 1 } else { rules[index].measures[position].bins[measures[position].bin(value)] += 1 }
        }
        for (position, count) in outcome.counts.enumerated() where count > 0 { rules[index].counts[countNames[position], default: 0] += count }
    }

    public mutating func merge(_ other: FilterStatistics) {
        documents += other.documents
        removed += other.removed
        dryRun = dryRun || other.dryRun
        if rules.isEmpty { rules = other.rules; return }
        guard other.rules.count == rules.count else { return }
        for index in rules.indices {
            let theirs = other.rules[index]
            rules[index].evaluated += theirs.evaluated
            rules[index].removed += theirs.removed
            rules[index].rewritten += theirs.rewritten
            rules[index].removedByCheck.merge(theirs.removedByCheck, uniquingKeysWith: +)
            rules[index].counts.merge(theirs.counts, uniquingKeysWith: +)
            for measure in rules[index].measures.indices {
                rules[index].measures[measure].unmeasured += theirs.measures[measure].unmeasured
                for bin in rules[index].measures[measure].bins.indices { rules[index].measures[measure].bins[bin] += theirs.measures[measure].bins[bin] }
            }
        }
    }

    public func contribute(to summary: inout RunSummary) {
        if !rules.isEmpty || documents > 0 { summary.filter = self }
    }
}
