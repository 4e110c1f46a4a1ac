/// Everything `priormix report` states about annotated corpora and shard sets, as integer counts
/// and fixed-bin histograms only: the report of a whole corpus equals the merge of the reports of
/// its parts (one per machine, one per file …), exactly and in any order. Shares, means and the
/// Table 4 layout are derived from these counts when printed (`ReportSummary`).
public struct CorpusReport: Codable, Sendable, Equatable {
    public static let formatVersion = 1
    /// Bins of the reasoning-density and visual-descriptiveness histograms.
    public static let densityBins = 20
    /// Bins of the confidence histogram (`CategoryStatistics` counts deciles).
    public static let confidenceBins = 10

    /// Scores in [0, 1] are summed as integers in ten-thousandths (annotations carry four decimals),
    /// so means merge exactly.
    public static func tenThousandths(_ value: Double) -> Int { Int((value * 10_000).rounded()) }

    /// One group of labels (reasoning or visual) over the tagged documents of a category.
    public struct DensityCounts: Codable, Sendable, Equatable {
        /// Documents with the group's summary.
        public var documents = 0
        /// Sum (ten-thousandths) and histogram of each document's share of segments with a label of the group.
        public var shareSum = 0
        public var shareHistogram = ScoreHistogram(bins: CorpusReport.densityBins)
        /// Documents with a mean score, its sum (ten-thousandths) and histogram.
        public var scoreDocuments = 0
        public var scoreSum = 0
        public var scoreHistogram = ScoreHistogram(bins: CorpusReport.densityBins)

        public init() {}

        mutating func add(_ density: ReportedDocument.Density) {
            documents += 1
            shareSum += CorpusReport.tenThousandths(density.share)
            shareHistogram.add(density.share)
            if let mean = density.mean {
                scoreDocuments += 1
                scoreSum += CorpusReport.tenThousandths(mean)
                scoreHistogram.add(mean)
            }
        }

        mutating func merge(_ other: DensityCounts) {
            documents += other.documents
            shareSum += other.shareSum
            shareHistogram.merge(other.shareHistogram)
            scoreDocuments += other.scoreDocuments
            scoreSum += other.scoreSum
            scoreHistogram.merge(other.scoreHistogram)
        }
    }

    /// What `CategoryStatistics` does not count for a category.
    public struct CategoryCounts: Codable, Sendable, Equatable {
        /// The tagger's token estimate (`TokenEstimate`), summed; not a real tokenizer's count.
        public var tokens = 0
        /// Sum of classifier confidences in ten-thousandths.
        public var confidenceSum = 0
        /// Sum, over all documents, of the probability the classifier gave this category (from each
        /// annotation's `top` list; a document without one gives its confidence to its category), in
        /// ten-thousandths: divided by the documents, the category's expected share. Nil in reports
        /// written before it was counted.
        public var expectedSum: Int?
        /// Reasoning density and visual descriptiveness.
        public var reasoning = DensityCounts()
        public var visual = DensityCounts()

        public init() {}

        mutating func merge(_ other: CategoryCounts) {
            tokens += other.tokens
            confidenceSum += other.confidenceSum
            if let sum = other.expectedSum { expectedSum = (expectedSum ?? 0) + sum }
            reasoning.merge(other.reasoning)
            visual.merge(other.visual)
        }
    }

    public var formatVersion = CorpusReport.formatVersion
    /// Files read (annotated JSONL and manifests), sorted so that merge order does not matter.
    public var inputs: [String] = []
    /// Documents, bytes and confidence deciles per category, and the six labels per label
    /// combination (Table 4).
    public var statistics = CategoryStatistics()
    public var perCategory: [String: CategoryCounts] = [:]
    /// Documents per tagger (`lexicon:…`, `llm:…`).
    public var taggers: [String: Int] = [:]
    /// Lines skipped with `--skip-invalid`.
    public var invalidLines = 0
    /// One entry per manifest read, sorted by path.
    public var shardSets: [ShardSetReport] = []
    /// Documents and duplicates per category and source (absent in reports written before dedup).
    public var duplicates: DuplicateCounts?
    /// Filter statistics of the filter runs read (their summary.json), merged.
    public var filter: FilterStatistics?

    public init() {}

    /// Counts one annotated document. A document a stage removed (`removed_by`) is no longer in
    /// the corpus: a duplicate counts towards the duplicate rates only, any other removal not at all.
    public mutating func add(_ document: ReportedDocument) {
        if let reason = document.removedReason {
            if reason == "duplicate" {
                duplicates = duplicates ?? DuplicateCounts()
                duplicates!.add(category: document.category, source: document.source, duplicate: true)
            }
            return
        }
        duplicates = duplicates ?? DuplicateCounts()
        duplicates!.add(category: document.category, source: document.source, duplicate: false)
        let category = document.category
        statistics.add(category: category, bytes: document.bytes, confidence: document.confidence)
        if let segments = document.segments { statistics.tags.add(segments, category: category) }
        var counts = perCategory[category] ?? CategoryCounts()
        counts.tokens += document.tokens
        counts.confidenceSum += Self.tenThousandths(document.confidence)
        if let reasoning = document.reasoning { counts.reasoning.add(reasoning) }
        if let visual = document.visual { counts.visual.add(visual) }
        perCategory[category] = counts
        for candidate in document.top ?? [Annotation.Candidate(category: category, probability: document.confidence)] {
            perCategory[candidate.category, default: CategoryCounts()].expectedSum =
                (perCategory[candidate.category]?.expectedSum ?? 0) + Self.tenThousandths(candidate.probability)
        }
        if let tagger = document.tagger { taggers[tagger, default: 0] += 1 }
    }

    public mutating func addFilterStatistics(_ statistics: FilterStatistics, from path: String) {
        if filter == nil { filter = statistics } else { filter!.merge(statistics) }
        inputs.append(path)
        inputs.sort()
    }

    public mutating func add(_ shardSet: ShardSetReport) {
        shardSets.append(shardSet)
        shardSets.sort { $0.manifest < $1.manifest }
        inputs.append(shardSet.manifest)
        inputs.sort()
    }

    /// Adds `other` to this report; the result does not depend on the order of merges.
    public mutating func merge(_ other: CorpusReport) {
        inputs = (inputs + other.inputs).sorted()
        statistics.merge(other.statistics)
        for (category, counts) in other.perCategory { perCategory[category, default: CategoryCounts()].merge(counts) }
        taggers.merge(other.taggers, uniquingKeysWith: +)
        invalidLines += other.invalidLines
        shardSets = (shardSets + other.shardSets).sorted { $0.manifest < $1.manifest }
        if let theirs = other.duplicates {
            duplicates = duplicates ?? DuplicateCounts()
            duplicates!.merge(theirs)
        }
        if let theirs = other.filter {
            if filter == nil { filter = theirs } else { filter!.merge(theirs) }
        }
    }

    public var documents: Int { statistics.categories.values.reduce(0) { $0 + $1.documents } }
}

extension TagStatistics {
    /// Counts a document's segments read from an annotation, as `add(_:category:)` does for
    /// `DocumentTags` (the report reads label sets and tokens only).
    mutating func add(_ segments: [ReportedDocument.Segment], category: String) {
        var counts = categories[category] ?? Counts()
        counts.documents += 1
        for segment in segments {
            counts.segmentsByCombination[Int(segment.labels.mask)] += 1
            counts.tokensByCombination[Int(segment.labels.mask)] += segment.tokens
        }
        categories[category] = counts
    }
}
