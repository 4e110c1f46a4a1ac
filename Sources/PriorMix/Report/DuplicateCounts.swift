/// Duplicate rates of a deduplicated corpus, per category and per source: the report reads the
/// survivors and `removed/removed.jsonl.zst` (lines with `removed_by`); a line removed as a
/// `duplicate` counts here only, a line removed by another stage not at all (it is no longer in
/// the corpus), every other line as a document. Integer counts, so reports merge exactly.
public struct DuplicateCounts: Codable, Sendable, Equatable {
    public struct Counts: Codable, Sendable, Equatable {
        /// Documents before deduplication: survivors and unique documents plus duplicates.
        public var documents = 0
        public var duplicates = 0

        public init() {}

        public var rate: Double { documents == 0 ? 0 : Double(duplicates) / Double(documents) }

        mutating func merge(_ other: Counts) {
            documents += other.documents
            duplicates += other.duplicates
        }
    }

    public var byCategory: [String: Counts] = [:]
    public var bySource: [String: Counts] = [:]

    public init() {}

    public var totalDuplicates: Int { byCategory.values.reduce(0) { $0 + $1.duplicates } }

    mutating func add(category: String, source: String?, duplicate: Bool) {
        var counts = Counts()
        counts.documents = 1
        counts.duplicates = duplicate ? 1 : 0
        byCategory[category, default: Counts()].merge(counts)
        bySource[source ?? "(none)", default: Counts()].merge(counts)
    }

    mutating func merge(_ other: DuplicateCounts) {
        for (key, counts) in other.byCategory { byCategory[key, default: Counts()].merge(counts) }
        for (key, counts) in other.bySource { bySource[key, default: Counts()].merge(counts) }
    }

    /// Rows for printing: name, documents, duplicates, rate; categories in name order, the most
    /// duplicated sources first (at most `limit`), then the total.
    func rows(bySource: Bool, limit: Int = 20) -> [(name: String, counts: Counts)] {
        let table = bySource ? self.bySource : byCategory
        var rows = table.map { (name: $0.key, counts: $0.value) }
        if bySource {
            rows.sort { $0.counts.duplicates != $1.counts.duplicates ? $0.counts.duplicates > $1.counts.duplicates : $0.name < $1.name }
            rows = Array(rows.prefix(limit))
        } else {
            rows.sort { $0.name < $1.name }
        }
        var total = Counts()
        for counts in table.values { total.merge(counts) }
        return rows + [(name: "total", counts: total)]
    }
}
