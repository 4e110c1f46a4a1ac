import Foundation
import XCTest
@testable import PriorMix

/// Label rates per provenance category on the shared development corpus (real text no one in
/// the project wrote), checked against the pattern of the paper's Table 4. Skipped when the
/// corpus is absent; the full table is printed for the record.
final class TaggingCorpusDevTests: XCTestCase {
    static let corpusPath = packageRoot + "/../shared/corpus-dev/labeled.jsonl"

    func testLabelRatesFollowThePaperOnCorpusDev() throws {
        guard FileManager.default.fileExists(atPath: Self.corpusPath) else {
            throw XCTSkip("no development corpus at \(Self.corpusPath)")
        }
        let tagger = try LexiconTagger(taxonomyDirectory: packageRoot + "/taxonomy/labels")
        var statistics = TagStatistics()
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.corpusPath))
        for line in data.split(separator: 0x0A) where !line.isEmpty {
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            let text = try XCTUnwrap(object["text"] as? String)
            let category = try XCTUnwrap(object["category"] as? String)
            statistics.add(tagger.tag(text), category: category)
        }
        print("Label rates on corpus-dev (percent of segments):\n" + statistics.markdownTable())

        let code = try XCTUnwrap(statistics.categories["code"])
        XCTAssertGreaterThanOrEqual(code.share { $0.contains(.codeReasoning) }, 0.90, "code: code reasoning")
        XCTAssertLessThan(code.share { $0.hasVisual }, 0.10, "code: visual combination")

        let mathematics = try XCTUnwrap(statistics.categories["mathematics"])
        XCTAssertGreaterThanOrEqual(mathematics.share { $0.contains(.mathReasoning) }, 0.70, "mathematics: math reasoning")

        let literature = try XCTUnwrap(statistics.categories["literature"])
        XCTAssertGreaterThanOrEqual(literature.share { $0.hasVisual }, 0.25, "literature: visual combination")
        XCTAssertLessThan(literature.share { $0.hasReasoning }, 0.15, "literature: reasoning combination")

        // "Both low": below the literature floor for visual text and the literature ceiling for reasoning.
        let encyclopedia = try XCTUnwrap(statistics.categories["encyclopedia"])
        XCTAssertLessThan(encyclopedia.share { $0.hasVisual }, 0.25, "encyclopedia: visual combination")
        XCTAssertLessThan(encyclopedia.share { $0.hasReasoning }, 0.15, "encyclopedia: reasoning combination")
    }
}
