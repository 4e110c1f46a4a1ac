/// The filter stage: runs a rule set on each document in file order. A rule that removes ends the
/// document's way (counted under the rule's name; the detail says which check, what was measured
/// and the threshold); a rule that rewrites (C4's line filter, PII masking) hands the rewritten text
/// to the next rule. Words and lines are split once per text and shared by the rules.
///
/// With `dryRun`, nothing is removed or rewritten: every rule runs on every document, measuring
/// everything, and the document carries a `filter` member with the measured values and the verdicts
/// (later rules see the text earlier rules would have left them, as in a real run).
public struct FilterStage: DocumentStage {
    public let rules: [any FilterRule]
    public var dryRun: Bool
    public var name: String { "filter" }
    /// Each rule's measures and count names, built once: rules compute them on every call, and the
    /// statistics read them for every document.
    private let measures: [[FilterMeasure]]
    private let countNames: [[String]]

    public init(rules: FilterRuleSet, dryRun: Bool = false) {
        self.rules = rules.rules
        self.dryRun = dryRun
        measures = rules.rules.map(\.measures)
        countNames = rules.rules.map(\.countNames)
    }

    public var fingerprint: String { (dryRun ? "dry-run " : "") + rules.map(\.fingerprint).joined(separator: " ") }

    public func process(_ document: Document, statistics: inout FilterStatistics) -> StageVerdict {
        if statistics.rules.isEmpty { statistics = FilterStatistics(rules: rules, dryRun: dryRun) }
        statistics.documents += 1
        var text = FilterText(document.text)
        var current = document
        var verdicts: [(rule: Int, outcome: RuleOutcome)] = []
        var removedBy: (rule: String, check: String, detail: String)?
        var counts: [(String, Int)] = []
        for (index, rule) in rules.enumerated() {
            let outcome = rule.evaluate(text, exhaustive: dryRun)
            statistics.record(rule: index, outcome, measures: measures[index], countNames: countNames[index])
            if dryRun { verdicts.append((index, outcome)) }
            if let failure = outcome.failure, removedBy == nil {
                removedBy = (rule.name, failure.check, failure.detail)
                if !dryRun { break }
            }
            for (position, count) in outcome.counts.enumerated() where count > 0 { counts.append((countNames[index][position], count)) }
            if let rewritten = outcome.rewrittenText {
                text = FilterText(rewritten, scalars: outcome.rewrittenScalars, words: outcome.rewrittenWords)
                if !dryRun { current.text = rewritten }
            }
        }
        if removedBy != nil { statistics.removed += 1 }
        if let removedBy, !dryRun {
            return .remove(reason: removedBy.rule, detail: "\(removedBy.check): \(removedBy.detail)")
        }
        // `filter` is the stage's member: one from an earlier run of the stage is replaced.
        if dryRun || !counts.isEmpty { current.fields.removeAll { $0.name == "filter" } }
        if dryRun {
            current.fields.append(RawJSONField(name: "filter", rawValue: annotation(verdicts, removedBy: removedBy, finalText: text.text != document.text)))
        } else if !counts.isEmpty {
            var json = JSONWriter()
            json.beginObject()
            for (name, count) in counts { json.member(name, integer: count) }
            json.endObject()
            current.fields.append(RawJSONField(name: "filter", rawValue: Self.countsAnnotation(json.bytes)))
        }
        return .keep(current)
    }

    /// `{"masked": {"emails": 1, "ip_addresses": 0}}` on documents whose text a rule masked.
    private static func countsAnnotation(_ counts: [UInt8]) -> [UInt8] {
        var json = JSONWriter()
        json.beginObject()
        json.key("masked")
        json.raw(counts)
        json.endObject()
        return json.bytes
    }

    /// The dry run's member: `{"verdict", "removed_by", "check", "text_changed", "rules": {name: {"verdict", "check", values…}}}`.
    private func annotation(_ verdicts: [(rule: Int, outcome: RuleOutcome)],
                                   removedBy: (rule: String, check: String, detail: String)?, finalText changed: Bool) -> [UInt8] {
        var json = JSONWriter()
        json.beginObject()
        json.member("verdict", string: removedBy == nil ? "keep" : "remove")
        json.key("removed_by")
        if let removedBy { json.string(removedBy.rule) } else { json.null() }
        json.key("text_changed"); json.bool(changed)
        json.key("rules")
        json.beginObject()
        for (index, outcome) in verdicts {
            json.key(rules[index].name)
            json.beginObject()
            json.member("verdict", string: outcome.failure == nil ? "keep" : "remove")
            if let failure = outcome.failure {
                json.member("check", string: failure.check)
                json.member("detail", string: failure.detail)
            }
            for (measure, value) in zip(measures[index], outcome.values) {
                json.key(measure.name)
                if value.isNaN { json.null() } else { json.number(value, decimals: 6) }
            }
            json.endObject()
        }
        json.endObject()
        json.endObject()
        return json.bytes
    }
}
