import Foundation

/// The rules of a `taxonomy/filters/*.yaml` file, in file order, read through the one configuration
/// reader (size and alias limits; errors name the file, the line and the key).
///
/// ```yaml
/// rules:
///   - rule: gopher_quality        # the rule type; `name:` renames it (the reason in summaries)
///     min_doc_words: 50           # null turns a check off
///   - rule: language
///     model: models/lid.176.ftz
///     languages: [en]
///     min_score: 0.65
/// ```
public struct FilterRuleSet: Sendable {
    public var rules: [any FilterRule]
    public var file: String

    public init(rules: [any FilterRule], file: String = "") {
        self.rules = rules
        self.file = file
    }

    public static let ruleTypes = ["language", "model", "gopher_quality", "gopher_repetition", "c4", "fineweb", "pii"]

    public static func load(path: String) throws -> FilterRuleSet {
        let root = try ConfigurationFile.open(path, kind: .filterRules)
        try root.rejectUnknownKeys(["rules", "description"])
        let items = try root.required("rules").items()
        guard !items.isEmpty else { throw try root.required("rules").fail("needs at least one rule") }
        var rules: [any FilterRule] = []
        var names = Set<String>()
        for item in items {
            let rule = try makeRule(item, rulesFile: path)
            guard names.insert(rule.name).inserted else { throw item.fail("two rules are named `\(rule.name)`", hint: "give one a `name:`") }
            rules.append(rule)
        }
        return FilterRuleSet(rules: rules, file: path)
    }

    private static func makeRule(_ item: ConfigurationNode, rulesFile: String) throws -> any FilterRule {
        let type = try item.required("rule").string()
        let reader = RuleParameters(item)
        var rule: any FilterRule
        switch type {
        case "gopher_quality":
            var gopher = GopherQualityRule()
            try reader.allow(["min_doc_words", "max_doc_words", "min_avg_word_length", "max_avg_word_length", "max_symbol_word_ratio",
                              "max_bullet_lines_ratio", "max_ellipsis_lines_ratio", "max_non_alpha_words_ratio", "min_stop_words", "stop_words"])
            try reader.optionalInt("min_doc_words", &gopher.minWords)
            try reader.optionalInt("max_doc_words", &gopher.maxWords)
            try reader.optionalNumber("min_avg_word_length", &gopher.minMeanWordLength)
            try reader.optionalNumber("max_avg_word_length", &gopher.maxMeanWordLength)
            try reader.optionalNumber("max_symbol_word_ratio", &gopher.maxSymbolWordRatio)
            try reader.optionalNumber("max_bullet_lines_ratio", &gopher.maxBulletLinesRatio)
            try reader.optionalNumber("max_ellipsis_lines_ratio", &gopher.maxEllipsisLinesRatio)
            try reader.optionalNumber("max_non_alpha_words_ratio", &gopher.minAlphaWordsRatio)
            try reader.optionalInt("min_stop_words", &gopher.minStopWords)
            if let words = try item.optional("stop_words") { gopher.stopWords = try words.strings() }
            rule = gopher
        case "gopher_repetition":
            var repetition = GopherRepetitionRule()
            try reader.allow(["dup_line_frac", "dup_para_frac", "dup_line_char_frac", "dup_para_char_frac", "top_n_grams", "dup_n_grams"])
            try reader.optionalNumber("dup_line_frac", &repetition.maxDuplicateLineFraction)
            try reader.optionalNumber("dup_para_frac", &repetition.maxDuplicateParagraphFraction)
            try reader.optionalNumber("dup_line_char_frac", &repetition.maxDuplicateLineCharacterFraction)
            try reader.optionalNumber("dup_para_char_frac", &repetition.maxDuplicateParagraphCharacterFraction)
            if let pairs = try reader.nGramThresholds("top_n_grams") { repetition.topNGrams = pairs }
            if let pairs = try reader.nGramThresholds("dup_n_grams") { repetition.duplicateNGrams = pairs }
            rule = repetition
        case "c4":
            var c4 = C4QualityRule()
            try reader.allow(["remove_citations", "filter_no_terminal_punct", "min_num_sentences", "min_words_per_line", "max_word_length",
                              "filter_lorem_ipsum", "filter_javascript", "filter_curly_bracket", "filter_policy", "keep_only_passing_lines", "bad_words"])
            try reader.bool("remove_citations", &c4.removeCitations)
            try reader.bool("filter_no_terminal_punct", &c4.filterNoTerminalPunctuation)
            try reader.int("min_num_sentences", &c4.minSentences)
            try reader.int("min_words_per_line", &c4.minWordsPerLine)
            try reader.int("max_word_length", &c4.maxWordLength)
            try reader.bool("filter_lorem_ipsum", &c4.filterLoremIpsum)
            try reader.bool("filter_javascript", &c4.filterJavascript)
            try reader.bool("filter_curly_bracket", &c4.filterCurlyBracket)
            try reader.bool("filter_policy", &c4.filterPolicy)
            try reader.bool("keep_only_passing_lines", &c4.keepOnlyPassingLines)
            if let list = try item.optional("bad_words"), !list.isNull {
                c4.badWords = try BadWordList.load(path: resolve(try list.string(), rulesFile: rulesFile, node: list))
            }
            rule = c4
        case "fineweb":
            var fineweb = FineWebQualityRule()
            try reader.allow(["line_punct_thr", "line_punct_exclude_zero", "short_line_thr", "short_line_length", "char_duplicates_ratio", "new_line_ratio"])
            try reader.number("line_punct_thr", &fineweb.minLinePunctuationRatio)
            try reader.bool("line_punct_exclude_zero", &fineweb.linePunctuationExcludeZero)
            try reader.number("short_line_thr", &fineweb.maxShortLineRatio)
            try reader.int("short_line_length", &fineweb.shortLineLength)
            try reader.number("char_duplicates_ratio", &fineweb.maxDuplicateCharacterRatio)
            try reader.number("new_line_ratio", &fineweb.maxNewlineRatio)
            rule = fineweb
        case "pii":
            var pii = PIIMaskingRule()
            try reader.allow(["remove_emails", "remove_ips", "only_remove_public_ips", "email_replacement", "ip_replacement"])
            try reader.bool("remove_emails", &pii.maskEmails)
            try reader.bool("remove_ips", &pii.maskIPAddresses)
            try reader.bool("only_remove_public_ips", &pii.onlyPublicIPAddresses)
            if let list = try item.optional("email_replacement") { pii.emailReplacements = try list.isSequence ? list.strings() : [list.string()] }
            if let list = try item.optional("ip_replacement") { pii.ipReplacements = try list.isSequence ? list.strings() : [list.string()] }
            rule = pii
        case "language":
            try reader.allow(["model", "languages", "min_score"])
            let modelNode = try item.required("model")
            let path = try resolve(try modelNode.string(), rulesFile: rulesFile, node: modelNode)
            var language = LanguageRule(identifier: try LanguageIdentifier(modelPath: path), modelDescription: try modelDescription(path))
            if let list = try item.optional("languages"), !list.isNull { language.languages = try list.isSequence ? list.strings() : [list.string()] }
            try reader.number("min_score", &language.minScore)
            rule = language
        case "model":
            try reader.allow(["model", "label", "threshold", "action"])
            let modelNode = try item.required("model")
            let path = try resolve(try modelNode.string(), rulesFile: rulesFile, node: modelNode)
            let actionNode = try item.optional("action")
            guard let action = ModelRule.Action(rawValue: try actionNode?.string() ?? "keep") else {
                throw actionNode!.fail("expected keep or drop")
            }
            let label = try item.required("label")
            do {
                rule = try ModelRule(model: try FastTextModel.load(path: path), modelDescription: try modelDescription(path),
                                     label: try label.string(), threshold: try item.required("threshold").number(), action: action)
            } catch let error as PriorMixError where error.code == .usage {
                throw label.fail(error.message)
            }
        default:
            throw try item.required("rule").fail("unknown rule type `\(PriorMixError.excerpt(type))`",
                                                 hint: "rule types: " + ruleTypes.joined(separator: ", "))
        }
        if let name = try item.optional("name") {
            let text = try name.string()
            guard !text.isEmpty, text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw name.fail("a rule name is letters, digits, `_` and `-`")
            }
            rule.name = text
        }
        return rule
    }

    /// A model or list path: as given when it exists from the working directory, else beside the
    /// rules file, else two levels up (the checkout, for files under taxonomy/filters/).
    private static func resolve(_ path: String, rulesFile: String, node: ConfigurationNode) throws -> String {
        if path.hasPrefix("/") || FileManager.default.fileExists(atPath: path) { return path }
        let directory = (rulesFile as NSString).deletingLastPathComponent
        for base in [directory, directory + "/../.."] {
            let candidate = (base as NSString).appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: candidate) { return (candidate as NSString).standardizingPath }
        }
        throw node.fail("no such file `\(PriorMixError.excerpt(path))` (from the working directory or beside the rules file)",
                        hint: path.hasSuffix("lid.176.ftz") ? "run `make models` to fetch lid.176.ftz" : nil)
    }

    /// Names a model by its file name and size: enough for the run's fingerprint to change with it.
    private static func modelDescription(_ path: String) throws -> String {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return "\((path as NSString).lastPathComponent):\(size)"
    }
}

/// Reads one rule's parameters with the configuration reader's errors; `null` turns a check off.
private struct RuleParameters {
    let item: ConfigurationNode
    init(_ item: ConfigurationNode) { self.item = item }

    func allow(_ keys: [String]) throws { try item.rejectUnknownKeys(Set(keys + ["rule", "name"])) }

    func optionalNumber(_ key: String, _ value: inout Double?) throws {
        guard let node = try item.optional(key) else { return }
        value = node.isNull ? nil : try node.number()
    }

    func optionalInt(_ key: String, _ value: inout Int?) throws {
        guard let node = try item.optional(key) else { return }
        value = node.isNull ? nil : try node.int()
    }

    func number(_ key: String, _ value: inout Double) throws {
        if let node = try item.optional(key) { value = try node.number() }
    }

    func int(_ key: String, _ value: inout Int) throws {
        if let node = try item.optional(key) { value = try node.int() }
    }

    func bool(_ key: String, _ value: inout Bool) throws {
        if let node = try item.optional(key) { value = try node.bool() }
    }

    /// `[[n, fraction], ...]`, as datatrove's tuples.
    func nGramThresholds(_ key: String) throws -> [(n: Int, fraction: Double)]? {
        guard let node = try item.optional(key) else { return nil }
        if node.isNull { return [] }
        return try node.items().map { pair in
            let parts = try pair.items()
            guard parts.count == 2 else { throw pair.fail("expected [n, fraction]") }
            let n = try parts[0].int()
            guard n >= 1 && n <= 100 else { throw parts[0].fail("n-gram length must be 1 to 100") }
            return (n, try parts[1].number())
        }
    }
}
