import Foundation

/// What one rule measured and decided for one document.
public struct RuleOutcome: Sendable {
    /// One value per entry of the rule's `measures` (NaN when the rule stopped before measuring it).
    public var values: [Double]
    /// Set when the rule removes the document: datatrove's name for the failed check and what was
    /// measured against which threshold.
    public var failure: (check: String, detail: String)?
    /// The text the document goes on with, when the rule changes it (C4's line filter, PII masking).
    public var rewrittenText: String?
    /// `rewrittenText`'s characters and words, when the rule has them at hand: handed to the next
    /// rules instead of decoding and splitting the new text again.
    var rewrittenScalars: [Unicode.Scalar]?
    var rewrittenWords: [SpacyWordSplitter.Token]?
    /// Counts the rule keeps per document (PII: replaced e-mail and IP addresses).
    public var counts: [Int] = []

    public init(measureCount: Int) {
        values = [Double](repeating: .nan, count: measureCount)
    }

    public var removes: Bool { failure != nil }
}

/// A measured value and the fixed bins its distribution is counted in.
public struct FilterMeasure: Sendable {
    public var name: String
    /// Upper edges of the bins: a value falls in the first bin whose edge is above it; values at or
    /// above the last edge fall in one more bin.
    public var edges: [Double]

    public init(_ name: String, edges: [Double]) {
        self.name = name
        self.edges = edges
    }

    /// Twenty bins over [0, 1].
    public static func ratio(_ name: String) -> FilterMeasure {
        FilterMeasure(name, edges: (1...20).map { Double($0) / 20 })
    }

    /// Counts on a roughly logarithmic scale (1, 2, 5, 10 …).
    public static func count(_ name: String, upTo maximum: Double = 1_000_000) -> FilterMeasure {
        var edges: [Double] = [1]
        var base = 1.0
        while base < maximum { edges += [2 * base, 5 * base, 10 * base]; base *= 10 }
        return FilterMeasure(name, edges: edges)
    }

    public func bin(_ value: Double) -> Int {
        var low = 0
        var high = edges.count
        while low < high {
            let middle = (low + high) / 2
            if value < edges[middle] { high = middle } else { low = middle + 1 }
        }
        return low
    }
}

/// One filter rule: reads a document's text, measures, and keeps, changes or removes it. Rules are
/// values built from `taxonomy/filters/*.yaml`; the filter stage runs them in file order.
public protocol FilterRule: Sendable {
    /// The rule's name in the rules file: the reason removed documents are counted under.
    var name: String { get set }
    /// Everything that decides the rule's output (parameters, model), for the run's fingerprint.
    var fingerprint: String { get }
    var measures: [FilterMeasure] { get }
    /// Names of `RuleOutcome.counts` (empty for most rules).
    var countNames: [String] { get }
    /// `exhaustive` measures everything even after a check failed (for `--dry-run`).
    func evaluate(_ text: FilterText, exhaustive: Bool) -> RuleOutcome
}

extension FilterRule {
    public var countNames: [String] { [] }
}

/// `value` shown in a removal detail: integers without decimals, ratios with four.
func formatMeasure(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
    return FixedPointFormat.string(value, decimals: 4)
}
