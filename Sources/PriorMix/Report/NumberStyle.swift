import Foundation

/// How a report writes a number for people. The HTML page names the style of every number it shows
/// (`data-format`) beside the exact value (`data-value`), so a test can check the text against the
/// JSON report.
public enum NumberStyle: String, Sendable, CaseIterable {
    /// An integer with thousands separators: `12,345`.
    case count
    /// A share of one as a percentage with one decimal: `0.1234` → `12.3%`.
    case percent
    /// One decimal with thousands separators: `1,234.5`.
    case decimal
    /// A score in [0, 1] with three decimals: `0.812`.
    case score
    /// A difference of shares in percentage points: `-0.0123` → `-1.2 pp`.
    case points
    /// A count short enough for a histogram bar: `9,999`, `12k`, `3.4M`.
    case compact

    public func text(_ value: Double) -> String {
        switch self {
        case .count: return ProgressLine.grouped(Int(value))
        case .percent: return String(format: "%.1f%%", value * 100)
        case .decimal:
            let tenths = Int((value * 10).rounded())
            // grouped(-3 / 10) would lose the sign of -0.3.
            return (tenths < 0 && tenths > -10 ? "-" : "") + ProgressLine.grouped(tenths / 10) + "." + String(abs(tenths % 10))
        case .score: return String(format: "%.3f", value)
        case .points: return NumberStyle.signed(value * 100, decimals: 1) + " pp"
        case .compact:
            if value < 10_000 { return ProgressLine.grouped(Int(value)) }
            if value < 1_000_000 { return String(format: "%.0fk", value / 1_000) }
            return String(format: "%.1fM", value / 1_000_000)
        }
    }

    public func text(_ value: Int) -> String { text(Double(value)) }

    /// `%+.Nf` without a negative zero: a difference that rounds to nothing reads `+0.0`, not `-0.0`.
    public static func signed(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%+.\(decimals)f", value)
        return text.hasPrefix("-") && text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) ? "+" + text.dropFirst() : text
    }

    /// `-` for an absent value (a mean over no documents, a target the recipe does not set).
    public func text(_ value: Double?) -> String { value.map { text($0) } ?? "-" }
}
