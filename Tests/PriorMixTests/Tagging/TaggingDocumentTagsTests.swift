import Foundation
import XCTest
@testable import PriorMix
import PriorMixBenchmarks

final class TaggingDocumentTagsTests: XCTestCase {
    func segment(_ start: Int, _ end: Int, _ labels: [ContentLabel], scores: [Double]? = nil) -> SegmentTags {
        let set = LabelSet(labels)
        return SegmentTags(start: start, end: end, tokens: (end - start) / 4, labels: set,
                           scores: scores ?? ContentLabel.allCases.map { set.contains($0) ? 0.8 : 0.1 })
    }

    func testDensitiesAndShares() {
        let tags = DocumentTags(segments: [
            segment(0, 400, [.codeReasoning]),
            segment(400, 800, [.codeReasoning, .visualConcept]),
            segment(800, 1000, []),
            segment(1000, 1200, [.mathReasoning]),
        ], tagger: "test")
        XCTAssertEqual(tags.reasoning.share, 0.75)
        XCTAssertEqual(tags.visual.share, 0.25)
        XCTAssertEqual(tags.reasoning.mean, (0.8 + 0.8 + 0.1 + 0.8) / 4, accuracy: 1e-12)
        XCTAssertEqual(tags.visual.mean, (0.1 + 0.8 + 0.1 + 0.1) / 4, accuracy: 1e-12)
        XCTAssertEqual(tags.share(of: .codeReasoning), 0.5)
        XCTAssertEqual(tags.tokens, 300)
        XCTAssertEqual(tags.labels, LabelSet([.codeReasoning, .visualConcept, .mathReasoning]))
        let empty = DocumentTags(segments: [], tagger: "test")
        XCTAssertEqual(empty.reasoning, LabelDensity(share: 0, mean: 0))
        XCTAssertEqual(empty.share(of: .visualConcept), 0)
    }

    func testJSONLayoutAndRoundTrip() throws {
        let tags = DocumentTags(segments: [segment(0, 100, [.visualConcept, .visualAttribute]), segment(100, 180, [])], tagger: "lexicon:test")
        // Embedded as members of an enclosing object, as the classify stage does.
        var json = JSONWriter()
        json.beginObject()
        json.member("category", string: "literature")
        tags.appendMembers(to: &json)
        json.endObject()
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.bytes)) as? [String: Any])
        XCTAssertEqual(object["category"] as? String, "literature")
        XCTAssertEqual(object["tagger"] as? String, "lexicon:test")
        XCTAssertEqual(object["tokens"] as? Int, 45)
        let segments = try XCTUnwrap(object["segments"] as? [[String: Any]])
        XCTAssertEqual(segments.count, 2)
        XCTAssertEqual(segments[0]["start"] as? Int, 0)
        XCTAssertEqual(segments[0]["end"] as? Int, 100)
        XCTAssertEqual(segments[0]["labels"] as? [String], ["visual_concept", "visual_attribute"])
        XCTAssertEqual((segments[0]["scores"] as? [String: Double])?["visual_concept"], 0.8)
        XCTAssertEqual((segments[1]["scores"] as? [String: Double])?.count, 6)
        XCTAssertEqual((object["visual"] as? [String: Double])?["share"], 0.5)
        XCTAssertEqual((object["reasoning"] as? [String: Double])?["share"], 0)
        XCTAssertEqual((object["label_shares"] as? [String: Double])?["visual_attribute"], 0.5)

        XCTAssertEqual(try JSONDecoder().decode(DocumentTags.self, from: Data(tags.jsonBytes)), tags)
        XCTAssertEqual(try JSONDecoder().decode(DocumentTags.self, from: JSONEncoder().encode(tags)), tags)
        let unknown = #"{"tagger":"x","segments":[{"start":0,"end":1,"labels":["colour"]}]}"#
        XCTAssertThrowsError(try JSONDecoder().decode(DocumentTags.self, from: Data(unknown.utf8)))
    }

    func testStatisticsMergeExactlyAndGiveTheTable4Layout() throws {
        let documents: [(String, DocumentTags)] = (0..<40).map { index in
            let labels: [ContentLabel] = index % 4 == 0 ? [.codeReasoning] : index % 4 == 1 ? [.visualConcept, .mathReasoning] : index % 4 == 2 ? [] : [.visualRelationship]
            return (index % 3 == 0 ? "code" : "literature", DocumentTags(segments: [segment(0, 400, labels), segment(400, 480, [.scienceReasoning])], tagger: "t"))
        }
        var whole = TagStatistics()
        for (category, tags) in documents { whole.add(tags, category: category) }
        var first = TagStatistics(), second = TagStatistics()
        for (index, (category, tags)) in documents.enumerated() {
            if index % 2 == 0 { first.add(tags, category: category) } else { second.add(tags, category: category) }
        }
        var merged = first
        merged.merge(second)
        XCTAssertEqual(merged, whole)

        let total = whole.total
        XCTAssertEqual(total.documents, 40)
        XCTAssertEqual(total.segments, 80)
        XCTAssertEqual(total.count { $0.contains(.scienceReasoning) }, 40)
        XCTAssertEqual(total.count { $0.hasVisual }, 20)
        XCTAssertEqual(total.count { $0.hasReasoning }, 60)
        XCTAssertEqual(total.share { $0.isEmpty }, 10.0 / 80)
        XCTAssertEqual(total.tokens, 40 * 120)

        let rows = whole.rows()
        XCTAssertEqual(rows.map(\.category), ["code", "literature", "total"])
        XCTAssertEqual(rows[2].reasoning, 0.75)
        XCTAssertEqual(rows[2].labels["science_reasoning"], 0.5)
        let byTokens = whole.rows(byTokens: true)[2]
        XCTAssertEqual(byTokens.labels["science_reasoning"] ?? 0, 20.0 / 120, accuracy: 1e-12)

        let table = whole.markdownTable()
        XCTAssertTrue(table.hasPrefix("| category | segments | visual concept | visual attribute | visual relationship | code reasoning | math reasoning | science reasoning | reasoning comb. | visual comb. |"))
        XCTAssertTrue(table.contains("| total | 80 | 12.5 | 0.0 | 12.5 | 12.5 | 12.5 | 50.0 | 75.0 | 25.0 |"), table)

        // Codable for the run summary; decoding gives the same counts.
        XCTAssertEqual(try JSONDecoder().decode(TagStatistics.self, from: JSONEncoder().encode(whole)), whole)
    }

    func testBenchmarkCountsWhatItTagged() throws {
        let tagger = try LexiconTagger(taxonomyDirectory: packageRoot + "/taxonomy/labels")
        let texts = ["A red door.", "def f(x):\n    return x\n", String(repeating: "word ", count: 2000)]
        let bytes = texts.map(\.utf8.count).reduce(0, +)
        let result = TaggingBenchmark(tagger: tagger, texts: texts, minimumBytes: bytes * 3).run()
        XCTAssertEqual(result.bytes, bytes * 3)
        XCTAssertEqual(result.documents, 9)
        XCTAssertEqual(result.segments, 3 * texts.map { tagger.tag($0).segments.count }.reduce(0, +))
        XCTAssertGreaterThan(result.megabytesPerSecondPerCore, 0)
        XCTAssertTrue(result.table.contains("MB/s per core"))

        let directory = try makeTemporaryDirectory(self)
        try write("{\"text\":\"one\"}\n{\"text\":\"two\",\"id\":\"b\"}\n", to: directory + "/corpus.jsonl")
        XCTAssertEqual(try TaggingBenchmark.texts(fromJSONL: directory + "/corpus.jsonl"), ["one", "two"])
    }
}
