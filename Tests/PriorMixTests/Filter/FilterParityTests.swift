import Foundation
import XCTest
@testable import PriorMix

/// Keep/drop decisions of every rule against datatrove's own filters on real text the project did
/// not write (../shared/corpus-dev, read at test time), and the word splitting against spaCy's.
final class FilterParityTests: XCTestCase {
    struct Reference {
        var id: String
        var verdicts: [String: String]
        var maskedText: String
        var words: [String]?
        var sentences: Int?
    }

    static let rules: [(String, any FilterRule)] = [
        ("gopher_quality", GopherQualityRule()), ("gopher_repetition", GopherRepetitionRule()),
        ("c4", C4QualityRule()), ("fineweb", FineWebQualityRule()),
    ]

    /// Runs scripts/datatrove_filters_reference.py on `corpus` (with the language filter when a
    /// model is given), or reads PRIORMIX_FILTER_REFERENCE, a file it wrote, while iterating.
    func reference(for corpus: String, lid: String?) throws -> [Reference] {
        let output: String
        if let cached = ProcessInfo.processInfo.environment["PRIORMIX_FILTER_REFERENCE"] {
            output = try String(contentsOfFile: cached, encoding: .utf8)
        } else {
            let (result, _) = try runPythonFile(packageRoot + "/scripts/datatrove_filters_reference.py",
                                                arguments: [corpus, "--tokens"] + (lid.map { ["--lid", $0] } ?? []), requiring: "datatrove")
            XCTAssertEqual(result.status, 0, result.stderr)
            output = result.stdout
        }
        return try output.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            var verdicts: [String: String] = [:]
            for name in Self.rules.map(\.0) + ["language"] { verdicts[name] = object[name] as? String }
            let pii = object["pii"] as! [String: Any]
            return Reference(id: object["id"] as! String, verdicts: verdicts, maskedText: pii["text"] as! String,
                             words: object["words"] as? [String], sentences: object["sentences"] as? Int)
        }
    }

    /// Real text: every third of corpus-dev's documents and of the web-extraction dev set's pages
    /// (as `ingest` extracts them; `bench filter` measures the whole corpus), then malformed text:
    /// empty, blanks only, one 1 MB line (spaCy takes seconds a megabyte for each rule; the 5 MB
    /// line is FilterStageTests' and the benchmark's), mixed scripts, control characters.
    func parityCorpus(in directory: String) throws -> [(id: String, text: String)] {
        let shared = packageRoot + "/../shared"
        let corpus = shared + "/corpus-dev/labeled.jsonl"
        let pages = shared + "/web-extraction-dev/web-extraction-dev.tar.zst"
        guard FileManager.default.fileExists(atPath: corpus), FileManager.default.fileExists(atPath: pages) else {
            throw XCTSkip("../shared/corpus-dev and ../shared/web-extraction-dev are not beside the clone")
        }
        var documents = try readJSONLines(corpus).enumerated().filter { $0.offset % 3 == 0 }
            .map { ($0.element["id"] as! String, $0.element["text"] as! String) }
        let (untar, _) = try runProcess("/usr/bin/env", ["tar", "--zstd", "-xf", pages, "-C", directory])
        XCTAssertEqual(untar.status, 0, untar.stderr)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory + "/pages").sorted()
        try FileManager.default.createDirectory(atPath: directory + "/sampled", withIntermediateDirectories: true)
        for (index, name) in names.enumerated() where index % 3 == 0 {
            try FileManager.default.moveItem(atPath: directory + "/pages/" + name, toPath: directory + "/sampled/" + name)
        }
        let (_, extracted, _) = try ingest([directory + "/sampled"], into: directory + "/ingested")
        documents += extracted.map { ("page:" + (($0["id"] as! String) as NSString).lastPathComponent, $0["text"] as! String) }
        let sentence = "The cat sat on the mat, and that was the end of it. "
        documents += [("empty", ""), ("blank", " \n\t\u{3000}\n  \r\n"),
                      ("one-line-1mb", String(repeating: sentence, count: 1_000_000 / sentence.utf8.count)),
                      ("mixed-scripts", String(repeating: "Der Hund läuft schnell. 東京は日本の首都です。 Москва — столица России. "
                          + "The dog runs fast, and the cat sleeps with the baby.\n", count: 30)),
                      ("control-characters", "Text\u{0}with a NUL, a bell\u{7} and\u{1C}separators\u{85}and marks… ok.")]
        return documents
    }

    func testRulesAgreeWithDatatrove() throws {
        let directory = try makeTemporaryDirectory(self)
        let documents = try parityCorpus(in: directory)
        var jsonl = Data()
        for (id, text) in documents {
            jsonl += try JSONSerialization.data(withJSONObject: ["id": id, "text": text])
            jsonl += Data("\n".utf8)
        }
        let file = directory + "/parity.jsonl"
        try jsonl.write(to: URL(fileURLWithPath: file))
        if let keep = ProcessInfo.processInfo.environment["PRIORMIX_FILTER_CORPUS_COPY"] { try? jsonl.write(to: URL(fileURLWithPath: keep)) }
        let model = packageRoot + "/" + LanguageIdentifier.defaultModelPath
        var lid: String? = model
        if !FileManager.default.fileExists(atPath: model) {
            if ProcessInfo.processInfo.environment["PRIORMIX_REQUIRE_PEERS"] != nil { XCTFail("\(model) is missing: run make models") }
            lid = nil
        }
        let references = try reference(for: file, lid: lid)
        XCTAssertEqual(documents.count, references.count)
        var rules = Self.rules
        if let lid {
            var language = LanguageRule(identifier: try LanguageIdentifier(modelPath: lid), modelDescription: "lid.176.ftz")
            language.languages = ["en"]
            rules.insert(("language", language), at: 0)
        }
        try compare(documents, references, rules: rules, label: "corpus-dev + web-extraction-dev + malformed")
    }

    func compare(_ documents: [(id: String, text: String)], _ references: [Reference], rules: [(String, any FilterRule)], label: String) throws {
        var agreements = [String: Int]()
        var checked = [String: Int]()
        var sentenceAgreement = 0
        var examples = [String: [String]]()
        var sameWords = 0
        var wordDifferences: [String] = []
        var sameMasks = 0
        for (document, reference) in zip(documents, references) {
            XCTAssertEqual(document.id, reference.id)
            guard document.id == reference.id else { return }
            let text = FilterText(document.text)
            for (name, rule) in rules {
                let outcome = rule.evaluate(text, exhaustive: false)
                let expected = reference.verdicts[name] ?? "?"
                let swift = outcome.failure?.check ?? "keep"
                checked[name, default: 0] += 1
                if (expected == "keep") == (swift == "keep") {
                    agreements[name, default: 0] += 1
                } else if examples[name, default: []].count < 8 {
                    examples[name, default: []].append("\(document.id): datatrove \(expected), PriorMix \(swift) \(outcome.values.map(formatMeasure))")
                }
            }
            if let words = reference.words, document.text.utf8.count < 100_000 {
                let mine = text.wordStrings
                if mine == words { sameWords += 1 } else if wordDifferences.count < 15 {
                    let diff = zip(mine, words).enumerated().first { $0.element.0 != $0.element.1 }
                    let at = diff?.offset ?? min(mine.count, words.count)
                    wordDifferences.append("\(document.id): \(mine.count) vs \(words.count) words; at \(at): \(Array(mine[max(0, at - 2)..<min(mine.count, at + 3)])) vs spaCy \(Array(words[max(0, at - 2)..<min(words.count, at + 3)]))")
                }
            }
            if let sentences = reference.sentences, document.text.utf8.count < 100_000, sentences == text.scalars.withUnsafeBufferPointer({ s -> Int in
                var tokens: [SpacyWordSplitter.Token] = []
                return SpacySentenceCounter.count(s, 0..<s.count, tokens: &tokens)
            }) { sentenceAgreement += 1 }
            let masked = PIIMaskingRule().evaluate(text, exhaustive: false).rewrittenText ?? document.text
            if Self.placeholdersUnified(masked) == Self.placeholdersUnified(reference.maskedText) { sameMasks += 1 }
        }
        let total = Double(documents.count)
        var report = ["\(label): \(documents.count) documents; words identical to spaCy's in \(sameWords); sentence counts equal in \(sentenceAgreement); PII masks equal in \(sameMasks)"]
        for (name, _) in rules {
            report.append("  \(name): \(String(format: "%.2f", 100 * Double(agreements[name, default: 0]) / total))% agree")
            for example in examples[name, default: []] { report.append("    " + example) }
        }
        report += wordDifferences.map { "  words " + $0 }
        print(report.joined(separator: "\n"))
        for (name, _) in rules {
            XCTAssertEqual(checked[name], documents.count)
            XCTAssertGreaterThanOrEqual(Double(agreements[name, default: 0]) / total, 0.995, "\(label): \(name) agrees with datatrove on too few documents")
        }
        XCTAssertEqual(sameMasks, documents.count, "\(label): PII masking differs from datatrove's")
        // Word lists are the rules' input: most documents must split exactly as spaCy splits them.
        XCTAssertGreaterThanOrEqual(Double(sameWords) / total, 0.98, "\(label): words differ from spaCy's too often")
    }

    /// Placeholders are used in turn; datatrove's turn runs across documents, PriorMix's restarts
    /// with each, so the comparison reads every placeholder as one.
    static func placeholdersUnified(_ text: String) -> String {
        var text = text
        for placeholder in PIIMaskingRule().emailReplacements { text = text.replacingOccurrences(of: placeholder, with: "<EMAIL>") }
        for placeholder in PIIMaskingRule().ipReplacements { text = text.replacingOccurrences(of: placeholder, with: "<IP>") }
        return text
    }
}
