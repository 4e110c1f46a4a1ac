/// The six content labels of "Learning to See Before Seeing" (Table 4), assigned per ~1024-token
/// segment. A segment may carry several labels or none.
///
/// The raw values are the names used in `taxonomy/labels/`, in annotated JSONL and in the answers
/// the LLM tagger expects, so they must never change.
public enum ContentLabel: String, CaseIterable, Codable, Sendable, Comparable {
    case visualConcept = "visual_concept"
    case visualAttribute = "visual_attribute"
    case visualRelationship = "visual_relationship"
    case codeReasoning = "code_reasoning"
    case mathReasoning = "math_reasoning"
    case scienceReasoning = "science_reasoning"

    /// Position in `allCases`, used as a bit index in `LabelSet` and as a slot in score vectors.
    public var index: Int {
        switch self {
        case .visualConcept: return 0
        case .visualAttribute: return 1
        case .visualRelationship: return 2
        case .codeReasoning: return 3
        case .mathReasoning: return 4
        case .scienceReasoning: return 5
        }
    }

    /// Part of the paper's "reasoning combination".
    public var isReasoning: Bool { index >= 3 }

    /// Part of the paper's "visual combination".
    public var isVisual: Bool { index < 3 }

    public static func < (lhs: ContentLabel, rhs: ContentLabel) -> Bool { lhs.index < rhs.index }

    public static let reasoning: [ContentLabel] = allCases.filter(\.isReasoning)
    public static let visual: [ContentLabel] = allCases.filter(\.isVisual)
}

/// A set of content labels as a 6-bit mask: cheap to store per segment and to count per
/// combination (64 possible masks) in `TagStatistics`.
public struct LabelSet: Hashable, Sendable, Sequence {
    public private(set) var mask: UInt8

    public init(mask: UInt8 = 0) { self.mask = mask & 0x3F }

    public init<S: Sequence>(_ labels: S) where S.Element == ContentLabel {
        mask = 0
        for label in labels { insert(label) }
    }

    public static let reasoningMask: UInt8 = 0b111000
    public static let visualMask: UInt8 = 0b000111

    public var isEmpty: Bool { mask == 0 }
    public var count: Int { mask.nonzeroBitCount }
    public var hasReasoning: Bool { mask & Self.reasoningMask != 0 }
    public var hasVisual: Bool { mask & Self.visualMask != 0 }

    public func contains(_ label: ContentLabel) -> Bool { mask & (1 << label.index) != 0 }
    public mutating func insert(_ label: ContentLabel) { mask |= 1 << label.index }
    public mutating func remove(_ label: ContentLabel) { mask &= ~(1 << label.index) }

    /// Labels in canonical order (visual first, then reasoning).
    public var labels: [ContentLabel] { ContentLabel.allCases.filter(contains) }

    public func makeIterator() -> IndexingIterator<[ContentLabel]> { labels.makeIterator() }
}
