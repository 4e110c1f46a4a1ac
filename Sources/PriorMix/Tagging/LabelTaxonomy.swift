/// Everything the taggers know about the six labels, loaded from `taxonomy/labels/`: the rubric
/// (for people and for the LLM tagger's prompt), the vocabulary and structure signals with their
/// weights, and the thresholds that turn scores into labels.
///
/// A label's score for a segment is `e / (e + halfEvidence)`, where the evidence `e` is the
/// weighted sum of its lexicon hits per 100 words plus its weighted structural signals, clamped
/// at zero. The label is assigned when the score reaches `threshold`.
public struct LabelTaxonomy: Sendable {
    /// Changes whenever the rubric or the signals change; part of the LLM cache key and of outputs.
    public var rubricVersion: String
    public var segmentTokens: Int
    /// Floor of the word count used for densities.
    public var minimumWords: Int
    /// Weight of each further occurrence of a term already seen in the segment (the first counts 1).
    public var repeatWeight: Double
    /// Instructions that open the LLM tagger's system prompt; the label rubrics follow it.
    public var promptPreamble: String
    /// Words that begin a line of code (checked as written, lowercase).
    public var codeLineKeywords: [String]
    /// LaTeX command names, without the backslash.
    public var latexCommands: [String]
    /// Unit words and symbols that make a preceding number a measurement.
    public var units: [String]
    /// One definition per label, in `ContentLabel.allCases` order.
    public var labels: [LabelDefinition]

    public init(rubricVersion: String, segmentTokens: Int = 1024, minimumWords: Int = 40, repeatWeight: Double = 0.5,
                promptPreamble: String, codeLineKeywords: [String] = [], latexCommands: [String] = [], units: [String] = [],
                labels: [LabelDefinition]) {
        precondition(labels.map(\.label) == ContentLabel.allCases, "one definition per label, in ContentLabel order")
        self.rubricVersion = rubricVersion
        self.segmentTokens = segmentTokens
        self.minimumWords = minimumWords
        self.repeatWeight = repeatWeight
        self.promptPreamble = promptPreamble
        self.codeLineKeywords = codeLineKeywords
        self.latexCommands = latexCommands
        self.units = units
        self.labels = labels
    }

    public func definition(_ label: ContentLabel) -> LabelDefinition { labels[label.index] }

    /// The LLM tagger's system prompt: the preamble, then each label's name and rubric.
    public var systemPrompt: String {
        var prompt = promptPreamble.trimmingTrailingWhitespace() + "\n\n"
        for definition in labels {
            prompt += "\(definition.label.rawValue) (\(definition.name)): \(definition.rubric.trimmingTrailingWhitespace())\n\n"
        }
        prompt += "Rubric version: \(rubricVersion)"
        return prompt
    }
}

/// One label's rubric and signals.
public struct LabelDefinition: Sendable {
    public var label: ContentLabel
    public var name: String
    public var rubric: String
    public var threshold: Double
    /// Evidence at which the score is 0.5.
    public var halfEvidence: Double
    /// Terms on lines that look like code do not count (the visual labels describe prose).
    public var proseOnly: Bool
    public var lexicon: [LexiconGroup]
    public var structure: [StructuralSignal: Double]

    public init(label: ContentLabel, name: String, rubric: String, threshold: Double = 0.5, halfEvidence: Double,
                proseOnly: Bool = false, lexicon: [LexiconGroup], structure: [StructuralSignal: Double] = [:]) {
        self.label = label
        self.name = name
        self.rubric = rubric
        self.threshold = threshold
        self.halfEvidence = halfEvidence
        self.proseOnly = proseOnly
        self.lexicon = lexicon
        self.structure = structure
    }
}

/// Terms of one kind (colours, spatial phrases, proof vocabulary …) sharing a weight. A term is
/// one lowercase word or a phrase of up to five words separated by single spaces.
public struct LexiconGroup: Sendable {
    public var name: String
    public var weight: Double
    /// Also match regular plurals of single words (`-s`, `-es`, `-ies`).
    public var plurals: Bool
    public var terms: [String]

    public init(name: String, weight: Double, plurals: Bool = false, terms: [String]) {
        self.name = name
        self.weight = weight
        self.plurals = plurals
        self.terms = terms
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var text = self
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}
