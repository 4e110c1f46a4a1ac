/// What the removal pass counted: documents it saw, duplicates it removed, clusters, paragraphs
/// and bytes dropped, per category (when documents carry a `priormix` annotation) and per source.
/// Integer counts, so units and ranks add up exactly.
public struct DedupStatistics: StageStatistics, Equatable {
    public struct Counts: Codable, Sendable, Equatable {
        public var documents = 0
        public var duplicates = 0
        public var paragraphsRemoved = 0
        public var bytesRemoved = 0

        public init() {}

        mutating func merge(_ other: Counts) {
            documents += other.documents
            duplicates += other.duplicates
            paragraphsRemoved += other.paragraphsRemoved
            bytesRemoved += other.bytesRemoved
        }

        /// Duplicates among the documents seen.
        public var duplicateRate: Double { documents == 0 ? 0 : Double(duplicates) / Double(documents) }
    }

    public var mode = ""
    public var totals = Counts()
    /// Clusters of two or more documents (one survivor each).
    public var clusters = 0
    public var byCategory: [String: Counts] = [:]
    public var bySource: [String: Counts] = [:]

    public init() {}

    public mutating func merge(_ other: DedupStatistics) {
        if mode.isEmpty { mode = other.mode }
        totals.merge(other.totals)
        clusters += other.clusters
        byCategory.merge(other.byCategory) { var a = $0; a.merge($1); return a }
        bySource.merge(other.bySource) { var a = $0; a.merge($1); return a }
    }

    public func contribute(to summary: inout RunSummary) {
        summary.dedup = self
    }
}
