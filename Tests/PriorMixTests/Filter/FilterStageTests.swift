import Foundation
import XCTest
@testable import PriorMix

/// The filter stage driven in memory and through the runner: removal reasons per rule, the removed
/// file, dry runs, masking, statistics that merge exactly, determinism, rules files and their errors.
final class FilterStageTests: XCTestCase {
    static let prose = """
        The lighthouse keeper walked to the end of the pier every evening, and he counted the boats that came back with the tide.
        He wrote the names of the boats in a notebook that his father had given him, with the weather and the state of the sea.
        When the fog came down over the harbour, he lit the lamp early and waited for the first horn to sound across the water.
        Some of the fishermen said that the light had saved them more than once, and they left small gifts of fish at his door.
        In the winter the village grew quiet, and the keeper read old books by the stove while the wind rattled the windows.
        """
    static let spamList = (1...40).map { "- Buy cheap item \($0) now" }.joined(separator: "\n")

    func document(_ id: String, _ text: String) -> Document { Document(id: id, text: text, source: "test") }

    func stage(_ preset: String, dryRun: Bool = false) throws -> FilterStage {
        FilterStage(rules: try FilterRuleSet.load(path: packageRoot + "/taxonomy/filters/\(preset).yaml"), dryRun: dryRun)
    }

    func testPresetsLoadWithDatatroveDefaults() throws {
        let gopher = try FilterRuleSet.load(path: packageRoot + "/taxonomy/filters/gopher.yaml")
        XCTAssertEqual(gopher.rules.map(\.name), ["gopher_repetition", "gopher_quality"])
        let quality = try XCTUnwrap(gopher.rules[1] as? GopherQualityRule)
        let defaults = GopherQualityRule()
        XCTAssertEqual(quality.fingerprint, defaults.fingerprint)
        XCTAssertEqual(try XCTUnwrap(gopher.rules[0] as? GopherRepetitionRule).fingerprint, GopherRepetitionRule().fingerprint)
        let c4 = try FilterRuleSet.load(path: packageRoot + "/taxonomy/filters/c4.yaml")
        XCTAssertEqual(try XCTUnwrap(c4.rules[0] as? C4QualityRule).fingerprint, C4QualityRule().fingerprint)
        let fineweb = try FilterRuleSet.load(path: packageRoot + "/taxonomy/filters/fineweb.yaml")
        XCTAssertEqual(try XCTUnwrap(fineweb.rules[0] as? FineWebQualityRule).fingerprint, FineWebQualityRule().fingerprint)
        if FileManager.default.fileExists(atPath: packageRoot + "/" + LanguageIdentifier.defaultModelPath) {
            let all = try FilterRuleSet.load(path: packageRoot + "/taxonomy/filters/default.yaml")
            XCTAssertEqual(all.rules.map(\.name), ["language", "gopher_repetition", "gopher_quality", "c4", "fineweb", "pii"])
            XCTAssertEqual(try XCTUnwrap(all.rules[5] as? PIIMaskingRule).fingerprint, PIIMaskingRule().fingerprint)
        }
    }

    func testRemovalNamesTheRuleAndTheMeasuredValue() throws {
        let filter = try stage("gopher")
        var statistics = FilterStatistics()
        guard case .keep(let kept) = filter.process(document("prose", Self.prose), statistics: &statistics) else {
            return XCTFail("prose removed")
        }
        XCTAssertEqual(kept.text, Self.prose)
        // Repetition runs first (as in FineWeb's pipeline): in four words, one 2-gram is half the text.
        guard case .remove(let reason, let detail) = filter.process(document("short", "Too short to keep."), statistics: &statistics) else {
            return XCTFail("short text kept")
        }
        XCTAssertEqual(reason, "gopher_repetition")
        XCTAssertEqual(detail, "top_2_gram: top 2-gram characters 0.5000 > 0.2000")
        XCTAssertEqual(statistics.documents, 2)
        XCTAssertEqual(statistics.removed, 1)
        XCTAssertEqual(statistics.rules[0].removedByCheck, ["top_2_gram": 1])
        XCTAssertEqual(statistics.rules[1].evaluated, 1)
        var quality = FilterStatistics()
        guard case .remove(let qualityReason, let qualityDetail) = FilterStage(rules: FilterRuleSet(rules: [GopherQualityRule()]))
            .process(document("short", "Too short to keep."), statistics: &quality) else { return XCTFail("short text kept") }
        XCTAssertEqual(qualityReason, "gopher_quality")
        XCTAssertEqual(qualityDetail, "gopher_short_doc: 4 words < 50")
        XCTAssertEqual(quality.rules[0].measures[0].bins.reduce(0, +), 1)
    }

    func testDryRunAnnotatesEveryRuleAndRemovesNothing() throws {
        let filter = try stage("gopher", dryRun: true)
        var statistics = FilterStatistics()
        guard case .keep(let kept) = filter.process(document("list", Self.spamList), statistics: &statistics) else {
            return XCTFail("a dry run removed a document")
        }
        let member = try XCTUnwrap(kept.field("filter"))
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(member)) as? [String: Any])
        XCTAssertEqual(object["verdict"] as? String, "remove")
        XCTAssertEqual(object["removed_by"] as? String, "gopher_repetition")
        let rules = try XCTUnwrap(object["rules"] as? [String: [String: Any]])
        XCTAssertEqual(Set(rules.keys), ["gopher_repetition", "gopher_quality"])
        // Every value is measured in a dry run, even after a failed check.
        XCTAssertNotNil(rules["gopher_quality"]?["stop_words"] as? Double)
        XCTAssertEqual(rules["gopher_quality"]?["verdict"] as? String, "remove")
        XCTAssertTrue(statistics.dryRun)
        XCTAssertEqual(statistics.removed, 1)
    }

    func testPIIMaskingKeepsTheDocumentAndCountsWhatItReplaced() throws {
        let rules = FilterRuleSet(rules: [PIIMaskingRule()])
        let filter = FilterStage(rules: rules)
        var statistics = FilterStatistics()
        let text = "Write to jane.doe@mail.example.net or ops@host.org; the server is 8.8.4.4, the router 192.168.1.1, and 1.2.3.400 is odd."
        guard case .keep(let kept) = filter.process(document("pii", text), statistics: &statistics) else { return XCTFail("removed") }
        XCTAssertEqual(kept.text, "Write to email@example.com or firstname.lastname@example.org; the server is 22.214.171.124, the router 192.168.1.1, and 126.96.36.1990 is odd.")
        XCTAssertEqual(String(decoding: try XCTUnwrap(kept.field("filter")), as: UTF8.self), #"{"masked":{"emails":2,"ip_addresses":2}}"#)
        XCTAssertEqual(statistics.rules[0].counts, ["emails": 2, "ip_addresses": 2])
        XCTAssertEqual(statistics.rules[0].rewritten, 1)
        // As datatrove's pattern finds them (no boundary before an address): four digits before a dot
        // start no address, but their last three do; digits without a dot start none.
        let numbers = "build 1234.5.6.7 of 2024, tag 10.0.0.1.5 and 8.8.8.8."
        var masked = try XCTUnwrap(PIIMaskingRule().evaluate(FilterText(numbers), exhaustive: false).rewrittenText)
        for placeholder in PIIMaskingRule().ipReplacements { masked = masked.replacingOccurrences(of: placeholder, with: "<IP>") }
        XCTAssertEqual(masked, "build 1<IP> of 2024, tag 10.0.0.1.5 and <IP>.")
    }

    func testC4RewritesToTheKeptLinesBeforeLaterRules() throws {
        let text = "Menu\nHome | About\n" + Self.prose + "\nEnable javascript to see the comments on this page, please."
        var statistics = FilterStatistics()
        guard case .keep(let kept) = try stage("c4").process(document("c4", text), statistics: &statistics) else { return XCTFail("removed") }
        XCTAssertEqual(kept.text, Self.prose)
        var curly = FilterStatistics()
        guard case .remove(let reason, let detail) = try stage("c4").process(document("code", Self.prose + "\nvar x = { a: 1 } and that is all there is to say."), statistics: &curly) else {
            return XCTFail("kept")
        }
        XCTAssertEqual(reason, "c4")
        XCTAssertTrue(detail.hasPrefix("curly_bracket"), detail)
    }

    func testStatisticsOfPartsMergeToTheStatisticsOfTheWhole() throws {
        let filter = try stage("gopher")
        let documents = (0..<30).map { index in document("d\(index)", index % 3 == 0 ? Self.spamList : index % 3 == 1 ? Self.prose : "short \(index)") }
        var whole = FilterStatistics()
        for item in documents { _ = filter.process(item, statistics: &whole) }
        var first = FilterStatistics(), second = FilterStatistics()
        for item in documents.prefix(11) { _ = filter.process(item, statistics: &first) }
        for item in documents.dropFirst(11) { _ = filter.process(item, statistics: &second) }
        var merged = FilterStatistics()
        merged.merge(first)
        merged.merge(second)
        XCTAssertEqual(merged, whole)
        let decoded = try JSONDecoder().decode(FilterStatistics.self, from: try JSONEncoder().encode(merged))
        XCTAssertEqual(decoded, whole)
    }

    func testMalformedTextIsMeasuredNotFatal() throws {
        let all = FilterStage(rules: FilterRuleSet(rules: try ["gopher", "c4", "fineweb"].flatMap {
            try FilterRuleSet.load(path: packageRoot + "/taxonomy/filters/\($0).yaml").rules
        } + [PIIMaskingRule()]), dryRun: true)
        let texts = ["", " \n\t\u{3000}\r\n ", "Der Hund läuft. 東京は日本の首都です。 Москва — столица России. \u{0}\u{7}\u{1C}\u{85}\u{2028} ...…",
                     String(repeating: "\u{FFFD}", count: 1000) + "\u{1F600}\u{1F600}#…"]
        for (index, text) in texts.enumerated() {
            var statistics = FilterStatistics()
            guard case .keep(let kept) = all.process(document("m\(index)", text), statistics: &statistics) else { return XCTFail("dry run removed") }
            XCTAssertNotNil(kept.field("filter"))
            XCTAssertEqual(statistics.removed, 1, "text \(index) passes every rule")
        }
        // One 5 MB line with no line break, through every rule of the chain.
        let long = String(repeating: "Words in one very long line, ", count: 5_000_000 / 29)
        var statistics = FilterStatistics()
        guard case .remove(let reason, _) = FilterStage(rules: FilterRuleSet(rules: all.rules)).process(document("long", long), statistics: &statistics) else {
            return XCTFail("kept")
        }
        XCTAssertEqual(reason, "gopher_repetition")
        var blank = FilterStatistics()
        guard case .remove(let blankReason, let blankDetail) = try stage("fineweb").process(document("blank", " \n\n "), statistics: &blank) else { return XCTFail("kept") }
        XCTAssertEqual(blankReason, "fineweb")
        XCTAssertEqual(blankDetail, "empty: no line with text")
    }

    func testRulesFileErrorsNameTheLineAndTheKey() throws {
        let directory = try makeTemporaryDirectory(self)
        func error(_ yaml: String) -> String {
            let path = directory + "/rules.yaml"
            FileManager.default.createFile(atPath: path, contents: Data(yaml.utf8))
            do {
                _ = try FilterRuleSet.load(path: path)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertTrue(error("rules:\n  - rule: sparkle\n").contains("rules.yaml:2: filter rules: key `rules[0].rule`: unknown rule type `sparkle`"))
        XCTAssertTrue(error("rules:\n  - rule: gopher_quality\n    min_doc_words: fifty\n").contains("rules.yaml:3: filter rules: key `rules[0].min_doc_words`: expected an integer"))
        XCTAssertTrue(error("rules:\n  - rule: fineweb\n    line_punct: 0.1\n").contains("key `rules[0].line_punct`: unknown key"))
        XCTAssertTrue(error("rules:\n  - rule: c4\n  - rule: c4\n").contains("two rules are named `c4`"))
        XCTAssertTrue(error("base: &b\n  rule: c4\nrules:\n  - *b\n").contains("YAML aliases"))
        XCTAssertTrue(error("rules:\n  - rule: language\n    model: nowhere/lid.bin\n").contains("no such file `nowhere/lid.bin`"))
        XCTAssertTrue(error("rules: []\n").contains("needs at least one rule"))
        // null turns a check off; a rule can be renamed.
        XCTAssertEqual(error("rules:\n  - rule: gopher_quality\n    name: words_only\n    max_doc_words: null\n"), "no error")
        let renamed = try FilterRuleSet.load(path: directory + "/rules.yaml")
        XCTAssertEqual(renamed.rules[0].name, "words_only")
        XCTAssertNil(try XCTUnwrap(renamed.rules[0] as? GopherQualityRule).maxWords)
    }

    func testModelRuleKeepsOrDropsByALabelsProbability() throws {
        let directory = try makeTemporaryDirectory(self)
        var trainer = FastTextTrainer()
        trainer.args.dim = 8
        trainer.args.bucket = 1000
        trainer.args.epoch = 20
        let good = ["the committee reviewed the evidence and published a careful report", "a clear explanation of the method with worked examples",
                    "the study measured the effect across several independent samples"]
        let spam = ["buy cheap pills now click here", "win money fast click now free offer", "cheap deals click here buy now"]
        let model = try trainer.train { visit in
            for _ in 0..<20 {
                for text in good { try visit(text, ["hq"]) }
                for text in spam { try visit(text, ["spam"]) }
            }
        }
        try model.save(path: directory + "/quality.bin")
        try Data("rules:\n  - rule: model\n    model: quality.bin\n    label: __label__hq\n    threshold: 0.5\n    action: keep\n".utf8)
            .write(to: URL(fileURLWithPath: directory + "/rules.yaml"))
        let filter = FilterStage(rules: try FilterRuleSet.load(path: directory + "/rules.yaml"))
        var statistics = FilterStatistics()
        guard case .keep = filter.process(document("a", "the committee published a careful report of the evidence"), statistics: &statistics) else {
            return XCTFail("the high-quality text was removed")
        }
        guard case .remove(let reason, let detail) = filter.process(document("b", "click here buy cheap pills now"), statistics: &statistics) else {
            return XCTFail("spam kept")
        }
        XCTAssertEqual(reason, "model")
        XCTAssertTrue(detail.hasPrefix("below_threshold: p(hq) 0."), detail)
        try Data("rules:\n  - rule: model\n    model: quality.bin\n    label: nonsense\n    threshold: 0.5\n".utf8).write(to: URL(fileURLWithPath: directory + "/bad.yaml"))
        XCTAssertThrowsError(try FilterRuleSet.load(path: directory + "/bad.yaml")) { error in
            XCTAssertTrue("\(error)".contains("bad.yaml:4: filter rules: key `rules[0].label`: the model has no label `nonsense`"), "\(error)")
        }
    }

    func testRunnerWritesRemovedDocumentsAndBalancedCountsWhateverTheThreads() throws {
        let directory = try makeTemporaryDirectory(self)
        var lines = ""
        for index in 0..<60 {
            let text = index % 4 == 0 ? Self.spamList : index % 4 == 1 ? Self.prose : index % 4 == 2 ? "tiny \(index)" : Self.prose + "\nContact me at someone\(index)@example.org."
            lines += String(decoding: try JSONSerialization.data(withJSONObject: ["id": "doc-\(index)", "text": text]), as: UTF8.self) + "\n"
        }
        try Data(lines.utf8).write(to: URL(fileURLWithPath: directory + "/in.jsonl"))
        let rules = try FilterRuleSet.load(path: packageRoot + "/taxonomy/filters/gopher.yaml").rules + [PIIMaskingRule()]
        var outputs: [[UInt8]] = []
        for threads in [1, 2] {
            let (summary, documents, _) = try ingest([directory + "/in.jsonl"], into: directory + "/out\(threads)", threads: threads) {
                $0.command = "filter"
                $0.stages = StageChain(FilterStage(rules: FilterRuleSet(rules: rules)))
                $0.batchRecords = 7
            }
            XCTAssertBalanced(summary.totals)
            // The list repeats its 2-grams, the tiny texts are one 2-gram in large part.
            XCTAssertEqual(summary.totals.filteredByReason, ["gopher_repetition": 30])
            XCTAssertEqual(documents.count, 30)
            let filter = try XCTUnwrap(summary.filter)
            XCTAssertEqual(filter.removed, 30)
            XCTAssertEqual(filter.rules.last?.counts["emails"], 15)
            let removed = try readJSONLines(directory + "/out\(threads)/removed/removed.jsonl.zst")
            XCTAssertEqual(removed.count, 30)
            let first = try XCTUnwrap(removed.first?["removed_by"] as? [String: Any])
            XCTAssertEqual(first["stage"] as? String, "filter")
            XCTAssertEqual(first["reason"] as? String, "gopher_repetition")
            let detail = try XCTUnwrap(first["detail"] as? String)
            XCTAssertTrue(detail.contains(" > 0."), detail)  // the measured fraction above the rule's threshold
            outputs.append(try readAllBytes(directory + "/out\(threads)/documents.jsonl.zst"))
            outputs.append(try readAllBytes(directory + "/out\(threads)/removed/removed.jsonl.zst"))
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/out\(threads)/summary.json"))) as? [String: Any])
            XCTAssertNotNil((json["filter"] as? [String: Any])?["rules"])
        }
        XCTAssertEqual(outputs[0], outputs[2])
        XCTAssertEqual(outputs[1], outputs[3])
    }
}
