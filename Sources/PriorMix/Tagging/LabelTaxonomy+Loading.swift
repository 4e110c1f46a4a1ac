import Foundation

extension LabelTaxonomy {
    /// The file with the settings shared by all labels; each label has `<raw value>.yaml` beside it.
    public static let settingsFileName = "tagger.yaml"

    /// Loads `directory/tagger.yaml` and the six label files, e.g. `taxonomy/labels`.
    ///
    /// Errors name the file, the line and the key: `taxonomy/labels/math_reasoning.yaml:14: label
    /// taxonomy: key `lexicon[1].weight`: expected a number, found `high`` (see `ConfigurationFile`).
    public static func load(directory: String) throws -> LabelTaxonomy {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PriorMixError(.io, "label taxonomy directory not found", file: directory,
                                hint: "pass --taxonomy DIR or set PRIORMIX_TAXONOMY to a directory holding labels/")
        }
        let settings = try ConfigurationFile.open(directory + "/" + settingsFileName, kind: .labels)
        try rejectUnknownKeys(settings, allowed: ["rubric_version", "segment_tokens", "minimum_words", "repeat_weight",
                                                  "prompt", "code_line_keywords", "latex_commands", "units"])
        let segmentTokens = try settings.required("segment_tokens").int()
        guard segmentTokens >= 8 else { throw try settings.required("segment_tokens").fail("must be at least 8") }
        let repeatWeight = try settings.optional("repeat_weight")?.double() ?? 0.5
        guard (0...1).contains(repeatWeight) else { throw try settings.required("repeat_weight").fail("must lie in [0, 1]") }

        var definitions: [LabelDefinition] = []
        for label in ContentLabel.allCases {
            definitions.append(try loadDefinition(label, file: directory + "/" + label.rawValue + ".yaml"))
        }
        return LabelTaxonomy(
            rubricVersion: try settings.required("rubric_version").string(),
            segmentTokens: segmentTokens,
            minimumWords: max(1, try settings.optional("minimum_words")?.int() ?? 40),
            repeatWeight: repeatWeight,
            promptPreamble: try settings.required("prompt").string(),
            codeLineKeywords: try terms(settings.optional("code_line_keywords")),
            latexCommands: try terms(settings.optional("latex_commands")),
            units: try settings.optional("units")?.strings() ?? [],
            labels: definitions)
    }

    /// Loads the labels of the default taxonomy (see `TaxonomyLocator`).
    public static func loadDefault() throws -> LabelTaxonomy {
        try load(directory: TaxonomyLocator.labelsDirectory())
    }

    private static func loadDefinition(_ label: ContentLabel, file: String) throws -> LabelDefinition {
        guard FileManager.default.fileExists(atPath: file) else {
            throw PriorMixError(.io, "missing label file for \(label.rawValue)", file: file,
                                hint: "every label needs its own <label>.yaml in the taxonomy's labels/ directory")
        }
        let yaml = try ConfigurationFile.open(file, kind: .labels)
        try rejectUnknownKeys(yaml, allowed: ["label", "name", "rubric", "threshold", "half_evidence", "prose_only", "lexicon", "structure"])
        let declared = try yaml.required("label")
        guard try declared.string() == label.rawValue else {
            throw declared.fail("says `\(try declared.string())` but the file is for `\(label.rawValue)`")
        }
        let threshold = try yaml.required("threshold")
        guard try threshold.double() > 0 && threshold.double() < 1 else { throw threshold.fail("must lie strictly between 0 and 1") }
        let half = try yaml.required("half_evidence")
        guard try half.double() > 0 else { throw half.fail("must be positive") }

        var groups: [LexiconGroup] = []
        for item in try yaml.required("lexicon").items() {
            try rejectUnknownKeys(item, allowed: ["group", "weight", "plurals", "terms"])
            let termsNode = try item.required("terms")
            let groupTerms = try terms(termsNode)
            guard !groupTerms.isEmpty else { throw termsNode.fail("a lexicon group needs at least one term") }
            groups.append(LexiconGroup(name: try item.required("group").string(), weight: try item.required("weight").double(),
                                       plurals: try item.optional("plurals")?.bool() ?? false, terms: groupTerms))
        }
        var structure: [StructuralSignal: Double] = [:]
        for (name, value) in try yaml.optional("structure")?.entries() ?? [] {
            guard let signal = StructuralSignal(rawValue: name) else {
                throw value.fail("unknown structural signal", hint: "known signals: " + StructuralSignal.allCases.map(\.rawValue).joined(separator: ", "))
            }
            structure[signal] = try value.double()
        }
        return LabelDefinition(label: label, name: try yaml.required("name").string(), rubric: try yaml.required("rubric").string(),
                               threshold: try threshold.double(), halfEvidence: try half.double(),
                               proseOnly: try yaml.optional("prose_only")?.bool() ?? false, lexicon: groups, structure: structure)
    }

    /// Terms must be lowercase words or phrases of at most five words: the matcher lowercases the
    /// text and splits it into words, so anything else could never match.
    private static func terms(_ node: ConfigurationNode?) throws -> [String] {
        guard let node else { return [] }
        return try node.items().map { item in
            let term = try item.string()
            let words = term.split(separator: " ", omittingEmptySubsequences: false)
            guard !term.isEmpty, words.count <= 5, words.allSatisfy({ !$0.isEmpty }) else {
                throw item.fail("`\(term)` must be one word or up to five words separated by single spaces")
            }
            guard term == term.lowercased() else { throw item.fail("`\(term)` must be lowercase (matching is case-insensitive)") }
            guard words.allSatisfy({ word in LexiconScanner.isMatchableWord(word) }) else {
                throw item.fail("`\(term)` contains characters that split words (only letters, digits, `_` and `'` stay inside a word)")
            }
            return term
        }
    }

    private static func rejectUnknownKeys(_ node: ConfigurationNode, allowed: Set<String>) throws {
        try node.rejectUnknownKeys(allowed)
    }
}
