import XCTest
@testable import PriorMix

/// The bundled samples must read cleanly in every format: they are what `make demo` shows.
final class SamplesTests: XCTestCase {
    func testEverySampleFormatIngests() throws {
        let directory = try makeTemporaryDirectory(self)
        let samples = packageRoot + "/samples"
        let inputs = ["jsonl/dolma-style.jsonl", "jsonl/redpajama-style.jsonl.zst", "code", "text", "html",
                      "warc/crawl.warc.gz", "warc/crawl.warc.wet.gz", "wiki/simplewiki-sample-pages-articles.xml",
                      "parquet/fineweb-style.parquet"].map { samples + "/" + $0 }
        let (summary, documents, quarantine) = try ingest(inputs, into: directory + "/out")
        XCTAssertTrue(summary.complete, "\(summary.errors)")
        XCTAssertBalanced(summary.totals)
        XCTAssertEqual(quarantine.count, 0)
        for input in summary.inputs {
            XCTAssertGreaterThan(input.counts.written, 0, "\(input.path) produced no document")
        }
        XCTAssertEqual(summary.totals.filteredByReason["binary"], 1, "the PNG in samples/code is skipped")
        XCTAssertNotNil(summary.totals.filteredByReason["redirect"])
        XCTAssertNotNil(summary.totals.filteredByReason["non-html-response"])
        // Every document has non-empty text, and ids are unique.
        XCTAssertTrue(documents.allSatisfy { !(($0["text"] as? String) ?? "").isEmpty })
        let ids = documents.compactMap { $0["id"] as? String }
        XCTAssertEqual(Set(ids).count, ids.count)

        let (forum, forumDocuments, _) = try ingest([samples + "/jsonl/forum-posts.jsonl.gz"], into: directory + "/forum") {
            $0.reader.textField = "body"
            $0.reader.idField = "doc_id"
        }
        XCTAssertEqual(forum.totals.written, forum.totals.read)
        XCTAssertTrue(forumDocuments.allSatisfy { $0["score"] != nil })
    }
}
