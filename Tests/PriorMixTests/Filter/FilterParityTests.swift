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

    /// Runs scripts/datatrove_filters_reference.py (or reads PRIORMIX_FILTER_REFERENCE, a file it wrote).
    func reference(for corpus: String, tokens: Bool) throws -> [Reference] {
        let output: String
        if let cached = ProcessInfo.processInfo.environment["PRIORMIX_FILTER_REFERENCE"] {
            output = try String(contentsOfFile: cached, encoding: .utf8)
        } else {
            let (result, _) = try runPythonFile(packageRoot + "/scripts/datatrove_filters_reference.py",
                                                arguments: [corpus] + (tokens ? ["--tokens"] : []), requiring: "datatrove")
            XCTAssertEqual(result.status, 0, result.stderr)
            output = result.stdout
        }
        return try output.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            var verdicts: [String: String] = [:]
            for (name, _) in Self.rules { verdicts[name] = object[name] as? String }
            let pii = object["pii"] as! [String: Any]
            return Reference(id: object["id"] as! String, verdicts: verdicts, maskedText: pii["text"] as! String,
                             words: object["words"] as? [String], sentences: object["sentences"] as? Int)
        }
    }

    func corpusTexts(_ path: String) throws -> [(id: String, text: String)] {
        try readJSONLines(path).map { ($0["id"] as! String, $0["text"] as! String) }
    }

    func testRulesAgreeWithDatatroveOnCorpusDev() throws {
        let corpus = packageRoot + "/../shared/corpus-dev/labeled.jsonl"
        guard FileManager.default.fileExists(atPath: corpus) else { throw XCTSkip("../shared/corpus-dev is not beside the clone") }
        let documents = try corpusTexts(corpus)
        let references = try reference(for: corpus, tokens: true)
        XCTAssertEqual(documents.count, references.count)
        try compare(documents, references, label: "corpus-dev")
    }

    func compare(_ documents: [(id: String, text: String)], _ references: [Reference], label: String) throws {
        var agreements = [String: Int]()
        var examples = [String: [String]]()
        var sameWords = 0
        var wordDifferences: [String] = []
        var sameMasks = 0
        for (document, reference) in zip(documents, references) {
            XCTAssertEqual(document.id, reference.id)
            let text = FilterText(document.text)
            for (name, rule) in Self.rules {
                let outcome = rule.evaluate(text, exhaustive: false)
                let expected = reference.verdicts[name] ?? "?"
                let swift = outcome.failure?.check ?? "keep"
                if (expected == "keep") == (swift == "keep") {
                    agreements[name, default: 0] += 1
                } else if examples[name, default: []].count < 8 {
                    examples[name, default: []].append("\(document.id): datatrove \(expected), PriorMix \(swift) \(outcome.values.map(formatMeasure))")
                }
            }
            if let words = reference.words {
                let mine = text.wordStrings
                if mine == words { sameWords += 1 } else if wordDifferences.count < 15 {
                    let diff = zip(mine, words).enumerated().first { $0.element.0 != $0.element.1 }
                    let at = diff?.offset ?? min(mine.count, words.count)
                    wordDifferences.append("\(document.id): \(mine.count) vs \(words.count) words; at \(at): \(Array(mine[max(0, at - 2)..<min(mine.count, at + 3)])) vs spaCy \(Array(words[max(0, at - 2)..<min(words.count, at + 3)]))")
                }
            }
            let masked = PIIMaskingRule().evaluate(text, exhaustive: false).rewrittenText ?? document.text
            if Self.placeholdersUnified(masked) == Self.placeholdersUnified(reference.maskedText) { sameMasks += 1 }
        }
        let total = Double(documents.count)
        var report = ["\(label): \(documents.count) documents; words identical to spaCy's in \(sameWords); PII masks equal in \(sameMasks)"]
        for (name, _) in Self.rules {
            report.append("  \(name): \(String(format: "%.2f", 100 * Double(agreements[name, default: 0]) / total))% agree")
            for example in examples[name, default: []] { report.append("    " + example) }
        }
        report += wordDifferences.map { "  words " + $0 }
        print(report.joined(separator: "\n"))
        for (name, _) in Self.rules {
            XCTAssertGreaterThanOrEqual(Double(agreements[name, default: 0]) / total, 0.995, "\(label): \(name) agrees with datatrove on too few documents")
        }
        XCTAssertEqual(sameMasks, documents.count, "\(label): PII masking differs from datatrove's")
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
