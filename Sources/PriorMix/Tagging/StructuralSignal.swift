/// Signals the tagger measures from the shape of a segment rather than from its vocabulary.
/// Label files in `taxonomy/labels/` weight them under `structure:` by these names.
///
/// Shares are in [0, 1]; every other signal is a count per 100 words of the segment (with the
/// taxonomy's `minimum_words` as the floor of the word count, so a three-word segment cannot
/// reach a high density by chance).
public enum StructuralSignal: String, CaseIterable, Sendable {
    /// Share of the segment's non-blank bytes on lines that look like source code (brackets and
    /// semicolons at line ends, assignments, calls, operators, code keywords at line start).
    case codeLines = "code_lines"
    /// Code operators such as `==`, `!=`, `->`, `=>`, `:=`, `&&`, `||`, `::`, `+=`, `++`.
    case codeOperators = "code_operators"
    /// Identifiers written the way programs write them: `snake_case`, `camelCase`, `obj.member`, `call(`.
    case identifiers
    /// LaTeX commands from the taxonomy's `latex_commands` list, and `$` math delimiters.
    case latex
    /// Mathematical symbols: Unicode operators and arrows, lone Greek letters, `^`, superscripts.
    case mathSymbols = "math_symbols"
    /// Relations written in ASCII (`=`, `<`, `>`, `<=`, `>=`) on lines that are not code (their
    /// Unicode forms count as `mathSymbols`).
    case equations
    /// Single-letter names (`x`, `n`, `R`) other than the words "a" and "I" and initials.
    case variables
    /// Numbers.
    case numbers
    /// Numbers followed by a unit from the taxonomy's `units` list or `°`.
    case measurements
    /// Numbers followed by `%` (reports and news quote shares as often as science does).
    case percentages

    var index: Int { Self.allCases.firstIndex(of: self)! }

    /// Whether the value is a share (not scaled per 100 words).
    public var isShare: Bool { self == .codeLines }
}
