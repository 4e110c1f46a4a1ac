/// What one scan of a segment found: weighted lexicon hits per label and raw structural counts.
/// `LexiconTagger` turns it into scores; keeping it separate lets tests and `tagger train` see
/// the measurements themselves.
public struct SegmentEvidence: Sendable, Equatable {
    /// Weighted term hits per label (lanes in `ContentLabel.index` order; lanes 6 and 7 unused).
    public var lexicon = SIMD8<Float>()
    public var words = 0
    /// Non-blank bytes (whitespace excluded), and those on lines that look like code.
    public var nonBlankBytes = 0
    public var codeBytes = 0
    public var codeOperators = 0
    public var identifiers = 0
    public var latex = 0
    public var mathSymbols = 0
    public var equations = 0
    public var variables = 0
    public var numbers = 0
    public var measurements = 0
    public var percentages = 0

    public init() {}

    /// The signal's value: a share in [0, 1] for `codeLines`, otherwise a count per 100 words,
    /// where the word count is at least `minimumWords`.
    public func value(of signal: StructuralSignal, minimumWords: Int) -> Double {
        let per100 = 100.0 / Double(max(words, minimumWords, 1))
        switch signal {
        case .codeLines: return nonBlankBytes == 0 ? 0 : Double(codeBytes) / Double(nonBlankBytes)
        case .codeOperators: return Double(codeOperators) * per100
        case .identifiers: return Double(identifiers) * per100
        case .latex: return Double(latex) * per100
        case .mathSymbols: return Double(mathSymbols) * per100
        case .equations: return Double(equations) * per100
        case .variables: return Double(variables) * per100
        case .numbers: return Double(numbers) * per100
        case .measurements: return Double(measurements) * per100
        case .percentages: return Double(percentages) * per100
        }
    }

    /// Weighted lexicon hits of `label` per 100 words (same floor as `value(of:minimumWords:)`).
    public func lexiconDensity(_ label: ContentLabel, minimumWords: Int) -> Double {
        Double(lexicon[label.index]) * 100.0 / Double(max(words, minimumWords, 1))
    }
}
