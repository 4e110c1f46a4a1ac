/// The numbers a reader wants, derived from a `CorpusReport`'s counts: per category sizes, shares
/// and means, the Table 4 rows, label combinations, score distributions with their bin edges, and
/// for shard sets the recipe's target beside what the shards achieved. The terminal, Markdown and
/// HTML outputs print these values and `--json` writes them beside the counts, so every number
/// shown can be found in the JSON.
public struct ReportSummary: Codable, Sendable, Equatable {
    public struct CategoryRow: Codable, Sendable, Equatable {
        public var category: String
        public var documents: Int
        public var documentShare: Double
        public var bytes: Int
        public var byteShare: Double
        /// The tagger's estimate (`TokenEstimate`), not a tokenizer's count.
        public var tokens: Int
        public var tokenShare: Double
        public var meanBytes: Double
        public var meanTokens: Double
        public var meanConfidence: Double
        /// The sum of the classifier's probabilities for the category over all documents, as a share
        /// of the documents (`documentShare` counts arg-max decisions instead); nil when not counted.
        public var expectedShare: Double?
        public var taggedDocuments: Int
        /// Mean over tagged documents of the share of segments with a reasoning (visual) label.
        public var meanReasoningDensity: Double?
        public var meanVisualDescriptiveness: Double?
    }

    public struct Bin: Codable, Sendable, Equatable {
        public var lower: Double
        public var upper: Double
        public var documents: Int
        public var share: Double
    }

    public struct Histogram: Codable, Sendable, Equatable {
        public var documents: Int
        public var mean: Double?
        public var bins: [Bin]
    }

    /// Documents over fixed bins of [0, 1] for the whole corpus.
    public struct Distributions: Codable, Sendable, Equatable {
        public var confidence: Histogram
        /// Per document, the share of segments with a reasoning label …
        public var reasoningDensity: Histogram
        /// … and the mean over segments of the highest reasoning score.
        public var reasoningScore: Histogram
        public var visualDescriptiveness: Histogram
        public var visualScore: Histogram
    }

    /// Segments carrying exactly this set of labels, over the whole corpus.
    public struct Combination: Codable, Sendable, Equatable {
        public var labels: [String]
        public var segments: Int
        public var segmentShare: Double
        public var tokens: Int
        public var tokenShare: Double
    }

    public struct BucketRow: Codable, Sendable, Equatable {
        public var name: String
        public var categories: [String]
        public var targetShare: Double
        public var achievedShare: Double
        /// Achieved minus target, as a share (0.01 is one percentage point).
        public var difference: Double
        public var tokens: Int
    }

    public struct ShardCategoryRow: Codable, Sendable, Equatable {
        public var category: String
        public var tokens: Int
        public var share: Double
        public var validationTokens: Int
    }

    public struct TagRow: Codable, Sendable, Equatable {
        public var name: String
        public var target: Double?
        public var achieved: Double
        public var tokens: Int
    }

    public struct ShardSet: Codable, Sendable, Equatable {
        public var manifest: String
        public var recipe: String
        public var seed: UInt64
        public var format: String
        public var tokenizer: String
        public var trainShards: Int
        public var validationShards: Int
        /// Tokens of the mixture's tokenizer, end-of-text tokens included.
        public var tokens: Int
        /// Train documents (copies included); validation documents apart.
        public var documents: Int
        public var validationDocuments: Int
        public var buckets: [BucketRow]
        public var categories: [ShardCategoryRow]
        public var tags: [TagRow]
    }

    public var inputs: [String]
    public var documents: Int
    public var invalidLines: Int
    public var taggers: [String: Int]
    /// Categories in name order; `total` covers them all.
    public var categories: [CategoryRow]
    public var total: CategoryRow
    /// The paper's Table 4 layout: per category, then `total`, the share of segments with each label.
    public var table4: [TagStatisticsRow]
    public var combinations: [Combination]
    public var distributions: Distributions
    public var shardSets: [ShardSet]
    /// Duplicate rates per category and per source, when the inputs include a deduplicated run's
    /// removed duplicates.
    public var duplicates: Duplicates?

    public struct DuplicateRow: Codable, Sendable, Equatable {
        public var name: String
        public var documents: Int
        public var duplicates: Int
        public var rate: Double
    }

    public struct Duplicates: Codable, Sendable, Equatable {
        public var byCategory: [DuplicateRow]
        /// The sources with the most duplicates (at most 20), then the total.
        public var bySource: [DuplicateRow]
    }
    /// Per-rule removal rates and measured-value distributions of the filter runs read.
    public var filter: FilterSection? = nil
}

extension ReportSummary {
    public init(_ report: CorpusReport) {
        inputs = report.inputs
        if let counts = report.duplicates, counts.totalDuplicates > 0 {
            func rows(_ bySource: Bool) -> [DuplicateRow] {
                counts.rows(bySource: bySource).map { DuplicateRow(name: $0.name, documents: $0.counts.documents, duplicates: $0.counts.duplicates, rate: $0.counts.rate) }
            }
            duplicates = Duplicates(byCategory: rows(false), bySource: rows(true))
        }
        invalidLines = report.invalidLines
        taggers = report.taggers
        let statistics = report.statistics
        let names = statistics.categories.keys.sorted()
        var totalTotals = CategoryStatistics.Totals()
        var totalCounts = CorpusReport.CategoryCounts()
        for name in names {
            totalTotals.merge(statistics.categories[name]!)
            totalCounts.merge(report.perCategory[name] ?? .init())
        }
        func row(_ name: String, _ totals: CategoryStatistics.Totals, _ counts: CorpusReport.CategoryCounts) -> CategoryRow {
            CategoryRow(category: name, documents: totals.documents, documentShare: Self.ratio(totals.documents, totalTotals.documents),
                        bytes: totals.bytes, byteShare: Self.ratio(totals.bytes, totalTotals.bytes),
                        tokens: counts.tokens, tokenShare: Self.ratio(counts.tokens, totalCounts.tokens),
                        meanBytes: Self.ratio(totals.bytes, totals.documents), meanTokens: Self.ratio(counts.tokens, totals.documents),
                        meanConfidence: Self.mean(counts.confidenceSum, totals.documents) ?? 0,
                        expectedShare: counts.expectedSum.map { Double($0) / 10_000 / Double(max(totalTotals.documents, 1)) },
                        taggedDocuments: counts.reasoning.documents,
                        meanReasoningDensity: Self.mean(counts.reasoning.shareSum, counts.reasoning.documents),
                        meanVisualDescriptiveness: Self.mean(counts.visual.shareSum, counts.visual.documents))
        }
        categories = names.map { row($0, statistics.categories[$0]!, report.perCategory[$0] ?? .init()) }
        total = row("total", totalTotals, totalCounts)
        documents = totalTotals.documents
        table4 = statistics.tags.categories.isEmpty ? [] : statistics.tags.rows()

        let tagTotal = statistics.tags.total
        combinations = (0..<64).filter { tagTotal.segmentsByCombination[$0] > 0 }
            .sorted { (tagTotal.segmentsByCombination[$0], $1) > (tagTotal.segmentsByCombination[$1], $0) }
            .map { mask in
                Combination(labels: LabelSet(mask: UInt8(mask)).labels.map(\.rawValue),
                            segments: tagTotal.segmentsByCombination[mask], segmentShare: Self.ratio(tagTotal.segmentsByCombination[mask], tagTotal.segments),
                            tokens: tagTotal.tokensByCombination[mask], tokenShare: Self.ratio(tagTotal.tokensByCombination[mask], tagTotal.tokens))
            }

        let confidence = ScoreHistogram(counts: totalTotals.confidenceHistogram)
        distributions = Distributions(
            confidence: Self.histogram(confidence, mean: Self.mean(totalCounts.confidenceSum, totalTotals.documents)),
            reasoningDensity: Self.histogram(totalCounts.reasoning.shareHistogram, mean: Self.mean(totalCounts.reasoning.shareSum, totalCounts.reasoning.documents)),
            reasoningScore: Self.histogram(totalCounts.reasoning.scoreHistogram, mean: Self.mean(totalCounts.reasoning.scoreSum, totalCounts.reasoning.scoreDocuments)),
            visualDescriptiveness: Self.histogram(totalCounts.visual.shareHistogram, mean: Self.mean(totalCounts.visual.shareSum, totalCounts.visual.documents)),
            visualScore: Self.histogram(totalCounts.visual.scoreHistogram, mean: Self.mean(totalCounts.visual.scoreSum, totalCounts.visual.scoreDocuments)))
        shardSets = report.shardSets.map(Self.shardSet)
        filter = Self.filterSection(report.filter)
    }

    static func ratio(_ part: Int, _ whole: Int) -> Double { whole == 0 ? 0 : Double(part) / Double(whole) }

    /// The mean of values summed in ten-thousandths; nil when nothing was counted.
    static func mean(_ sum: Int, _ count: Int) -> Double? { count == 0 ? nil : Double(sum) / 10_000 / Double(count) }

    static func histogram(_ histogram: ScoreHistogram, mean: Double?) -> Histogram {
        let total = histogram.total
        return Histogram(documents: total, mean: mean, bins: histogram.counts.indices.map { index in
            let edges = histogram.edges(of: index)
            return Bin(lower: edges.lower, upper: edges.upper, documents: histogram.counts[index], share: ratio(histogram.counts[index], total))
        })
    }

    static func shardSet(_ set: ShardSetReport) -> ShardSet {
        let bucketTotal = set.buckets.reduce(0) { $0 + $1.tokens }
        let buckets = set.buckets.map { bucket in
            let achieved = ratio(bucket.tokens, bucketTotal)
            return BucketRow(name: bucket.name, categories: bucket.categories, targetShare: bucket.targetShare, achievedShare: achieved,
                             difference: achieved - bucket.targetShare, tokens: bucket.tokens)
        }
        let names = Set(set.tokensByCategory.keys).union(set.validationTokensByCategory.keys).sorted()
        let categories = names.map { name in
            ShardCategoryRow(category: name, tokens: set.tokensByCategory[name] ?? 0, share: ratio(set.tokensByCategory[name] ?? 0, set.trainTokens),
                             validationTokens: set.validationTokensByCategory[name] ?? 0)
        }
        let tags = [TagRow(name: "reasoning", target: set.reasoningTarget, achieved: set.reasoningShare, tokens: set.tokensByTag["reasoning"] ?? 0),
                    TagRow(name: "visual", target: set.visualTarget, achieved: set.visualShare, tokens: set.tokensByTag["visual"] ?? 0)]
        return ShardSet(manifest: set.manifest, recipe: set.recipe, seed: set.seed, format: set.format, tokenizer: set.tokenizer,
                        trainShards: set.trainShards, validationShards: set.validationShards, tokens: set.trainTokens,
                        documents: set.trainDocuments, validationDocuments: set.validationDocuments, buckets: buckets, categories: categories, tags: tags)
    }
}

/// Names and selections every output (terminal, Markdown, HTML) shares.
extension ReportSummary {
    static func combinationName(_ labels: [String]) -> String {
        labels.isEmpty ? "none" : labels.map { $0.replacingOccurrences(of: "_", with: " ") }.joined(separator: " + ")
    }

    /// The distributions with any document, with their titles, in display order (an untagged
    /// corpus has confidence only).
    var namedDistributions: [(key: String, title: String, histogram: Histogram)] {
        let all: [(key: String, title: String, histogram: Histogram)] = [
            ("confidence", "classifier confidence", distributions.confidence),
            ("reasoningDensity", "reasoning density (share of segments)", distributions.reasoningDensity),
            ("reasoningScore", "reasoning score (mean of segments)", distributions.reasoningScore),
            ("visualDescriptiveness", "visual descriptiveness (share of segments)", distributions.visualDescriptiveness),
            ("visualScore", "visual score (mean of segments)", distributions.visualScore),
        ]
        return all.filter { $0.histogram.documents > 0 }
    }

    static let untaggedNote = "no segment labels in these annotations (priormix classify writes them unless given --no-tags)"
}
