/// The labels and scores of one segment; offsets are UTF-8 bytes into the document's text.
public struct SegmentTags: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public var tokens: Int
    public var labels: LabelSet
    /// One score in [0, 1] per label, in `ContentLabel.index` order (1 or 0 from the LLM tagger).
    public var scores: [Double]

    public init(start: Int, end: Int, tokens: Int, labels: LabelSet, scores: [Double]) {
        precondition(scores.count == ContentLabel.allCases.count, "one score per label")
        self.start = start
        self.end = end
        self.tokens = tokens
        self.labels = labels
        self.scores = scores
    }

    public func score(_ label: ContentLabel) -> Double { scores[label.index] }

    /// The highest score among `labels`.
    public func maximumScore(_ labels: [ContentLabel]) -> Double {
        labels.reduce(0) { max($0, scores[$1.index]) }
    }
}

/// How much of a document carries a group of labels: the share of its segments with any label of
/// the group, and the mean over segments of the group's highest score.
public struct LabelDensity: Sendable, Equatable, Codable {
    public var share: Double
    public var mean: Double

    public init(share: Double, mean: Double) {
        self.share = share
        self.mean = mean
    }
}

/// The content labels of one document: its segments and the per-document summaries that the
/// annotated JSONL carries (see `appendMembers(to:)` for the layout).
public struct DocumentTags: Sendable, Equatable {
    public var segments: [SegmentTags]
    /// Which tagger produced the labels: `lexicon:<rubric version>` or `llm:<model>:<rubric version>`.
    public var tagger: String

    public init(segments: [SegmentTags], tagger: String) {
        self.segments = segments
        self.tagger = tagger
    }

    public var tokens: Int { segments.reduce(0) { $0 + $1.tokens } }

    /// Reasoning density: segments with code, math or science reasoning.
    public var reasoning: LabelDensity { density(ContentLabel.reasoning, mask: LabelSet.reasoningMask) }

    /// Visual descriptiveness: segments with a visual concept, attribute or relationship.
    public var visual: LabelDensity { density(ContentLabel.visual, mask: LabelSet.visualMask) }

    /// Share of segments carrying `label`.
    public func share(of label: ContentLabel) -> Double {
        guard !segments.isEmpty else { return 0 }
        return Double(segments.filter { $0.labels.contains(label) }.count) / Double(segments.count)
    }

    /// Labels carried by any segment.
    public var labels: LabelSet {
        LabelSet(mask: segments.reduce(0) { $0 | $1.labels.mask })
    }

    private func density(_ group: [ContentLabel], mask: UInt8) -> LabelDensity {
        guard !segments.isEmpty else { return LabelDensity(share: 0, mean: 0) }
        let count = Double(segments.count)
        let carrying = segments.filter { $0.labels.mask & mask != 0 }.count
        let scoreSum = segments.reduce(0.0) { $0 + $1.maximumScore(group) }
        return LabelDensity(share: Double(carrying) / count, mean: scoreSum / count)
    }
}
