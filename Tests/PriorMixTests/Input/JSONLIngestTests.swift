import XCTest
@testable import PriorMix

final class JSONLIngestTests: XCTestCase {
    func testDolmaAndRedPajamaLayoutsReadAsTheyAre() throws {
        let directory = try makeTemporaryDirectory(self)
        try write("""
            {"id":"pes2o/1","text":"Abstract. We measure the rate.","source":"pes2o","added":"2024-01-02T00:00:00Z","created":"2020","metadata":{"year":2020,"fields":["biology"]}}
            {"text":"def f(x):\\n    return x","meta":{"redpajama_set_name":"RedPajamaGithub","language":"Python"}}

            """, to: directory + "/mixed.jsonl")
        let (summary, documents, _) = try ingest([directory + "/mixed.jsonl"], into: directory + "/out")
        XCTAssertEqual(summary.totals.written, 2)
        let dolma = documents[0]
        XCTAssertEqual(dolma["id"] as? String, "pes2o/1")
        XCTAssertEqual(dolma["source"] as? String, "pes2o")
        XCTAssertEqual(dolma["added"] as? String, "2024-01-02T00:00:00Z")
        XCTAssertEqual((dolma["metadata"] as? [String: Any])?["fields"] as? [String], ["biology"])
        let redpajama = documents[1]
        XCTAssertEqual(redpajama["text"] as? String, "def f(x):\n    return x")
        XCTAssertEqual(redpajama["id"] as? String, directory + "/mixed.jsonl:2", "a missing id becomes file:line")
        XCTAssertEqual((redpajama["meta"] as? [String: Any])?["redpajama_set_name"] as? String, "RedPajamaGithub")
    }

    func testOtherFieldNamesByFlag() throws {
        let directory = try makeTemporaryDirectory(self)
        try write(#"{"doc_id": 17, "body": "Why does my loop never end?", "score": 3}"# + "\n", to: directory + "/posts.jsonl")
        let (_, documents, _) = try ingest([directory + "/posts.jsonl"], into: directory + "/out") {
            $0.reader.textField = "body"
            $0.reader.idField = "doc_id"
        }
        XCTAssertEqual(documents.count, 1)
        XCTAssertEqual(documents[0]["id"] as? String, "17")
        XCTAssertEqual(documents[0]["text"] as? String, "Why does my loop never end?")
        XCTAssertEqual(documents[0]["score"] as? Int, 3)
        XCTAssertNil(documents[0]["body"])
    }

    func testMalformedLinesAreQuarantinedAndEveryRecordAccountedFor() throws {
        let directory = try makeTemporaryDirectory(self)
        var bytes = Array("""
            {"id":"ok1","text":"A fine document."}
            {"id":"broken","text":"no closing brace"
            not json at all
            {"id":"empty","text":"  \\n\\t "}
            {"id":"number","text":12}
            {"id":"missing"}

            """.utf8)
        bytes += Array(#"{"id":"latin1","text":"fa"#.utf8) + [0xE7] + Array(#"ade"}"#.utf8) + [0x0A]
        bytes += Array(#"{"id":"big","text":""#.utf8) + Array(repeating: UInt8(ascii: "a"), count: 3000) + Array("\"}\n".utf8)
        bytes += Array(#"{"id":"ok2","text":"Another."}"#.utf8)  // no final newline
        try write(bytes, to: directory + "/messy.jsonl")
        let (summary, documents, quarantine) = try ingest([directory + "/messy.jsonl"], into: directory + "/out") {
            $0.reader.maxDocumentBytes = 1000
        }
        XCTAssertBalanced(summary.totals)
        XCTAssertEqual(summary.totals.read, 9)
        XCTAssertEqual(documents.map { $0["id"] as? String }, ["ok1", "latin1", "ok2"])
        XCTAssertEqual(documents[1]["text"] as? String, "fa\u{FFFD}ade")
        XCTAssertEqual(summary.totals.utf8Repaired, 1)
        XCTAssertEqual(summary.totals.filteredByReason, ["empty": 1])
        XCTAssertEqual(summary.totals.quarantinedByReason, ["malformed-json": 2, "text-not-a-string": 1, "missing-text-field": 1, "too-large": 1])
        XCTAssertEqual(quarantine.map { $0["line"] as? Int }, [2, 3, 5, 6, 8])
        XCTAssertEqual(quarantine[0]["file"] as? String, directory + "/messy.jsonl")
        XCTAssertEqual(quarantine[0]["offset"] as? Int, 39)
        XCTAssertTrue(summary.complete)
    }

    func testOverlongLineIsSkippedWithoutBufferingIt() throws {
        let directory = try makeTemporaryDirectory(self)
        // With a 1000-byte document limit the line limit is 4 * 1000 + 1 MiB: 2.5 MB is past it.
        let huge = #"{"id":"huge","text":""# + String(repeating: "b", count: 2_500_000) + "\"}\n"
        let large = #"{"id":"large","text":""# + String(repeating: "c", count: 5000) + "\"}\n"
        try write(huge + large + #"{"id":"after","text":"still read"}"# + "\n", to: directory + "/huge.jsonl")
        let (summary, documents, quarantine) = try ingest([directory + "/huge.jsonl"], into: directory + "/out") {
            $0.reader.maxDocumentBytes = 1000
        }
        XCTAssertEqual(summary.totals.quarantinedByReason, ["line-too-long": 1, "too-large": 1])
        XCTAssertEqual(documents.map { $0["id"] as? String }, ["after"])
        XCTAssertEqual(quarantine.map { $0["line"] as? Int }, [1, 2])
        XCTAssertEqual(quarantine[1]["id"] as? String, "large")
    }

    func testTruncatedCompressedInputKeepsDocumentsAndFailsTheRun() throws {
        let directory = try makeTemporaryDirectory(self)
        let text = (0..<5000).map { #"{"id":"d\#($0)","text":"line \#($0) of a long corpus with enough words to span blocks"}"# }.joined(separator: "\n") + "\n"
        let compressed = try zstd(Array(text.utf8))
        try write(Array(compressed.prefix(compressed.count * 2 / 3)), to: directory + "/cut.jsonl.zst")
        try write(#"{"id":"next","text":"the next input is still read"}"# + "\n", to: directory + "/next.jsonl")
        let (summary, documents, _) = try ingest([directory + "/cut.jsonl.zst", directory + "/next.jsonl"], into: directory + "/out")
        XCTAssertFalse(summary.complete)
        XCTAssertEqual(summary.errors.count, 1)
        XCTAssertTrue(summary.errors[0].contains("cut.jsonl.zst"), summary.errors[0])
        XCTAssertTrue(summary.errors[0].contains("at byte"), summary.errors[0])
        XCTAssertGreaterThan(summary.inputs[0].counts.written, 1000, "documents before the cut are kept")
        XCTAssertBalanced(summary.totals)
        XCTAssertEqual(documents.last?["id"] as? String, "next")
    }

    func testOutputIsByteIdenticalForAnyThreadCount() throws {
        let directory = try makeTemporaryDirectory(self)
        let corpus = directory + "/corpus.jsonl.zst"
        let file = try AtomicOutputFile(path: corpus, compressed: true)
        try SyntheticCorpus(seed: 7).generate(bytes: 3_000_000) { try file.write($0) }
        try file.commit()
        var outputs: [[UInt8]] = []
        for threads in [1, 2, 4] {
            let (summary, _, _) = try ingest([corpus], into: directory + "/out\(threads)", threads: threads) {
                $0.batchRecords = 37  // many small batches to stress reordering
            }
            XCTAssertBalanced(summary.totals)
            outputs.append(Array(try Data(contentsOf: URL(fileURLWithPath: summary.outputs["documents"]!))))
        }
        XCTAssertEqual(outputs[0], outputs[1])
        XCTAssertEqual(outputs[0], outputs[2])
        // The output reads back to the same texts as the input.
        let input = try readJSONLines(corpus)
        let output = try readJSONLines(directory + "/out2/documents.jsonl.zst")
        XCTAssertEqual(input.map { $0["text"] as? String }, output.map { $0["text"] as? String })
    }

    func testNoTemporaryFilesRemainAndSummaryIsWrittenLast() throws {
        let directory = try makeTemporaryDirectory(self)
        try write(#"{"id":"a","text":"x"}"# + "\n", to: directory + "/a.jsonl")
        _ = try ingest([directory + "/a.jsonl"], into: directory + "/out")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory + "/out").sorted()
        XCTAssertEqual(names, ["documents.jsonl.zst", "quarantine.jsonl", "summary.json"])
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/out/summary.json"))) as? [String: Any]
        XCTAssertEqual((summary?["totals"] as? [String: Any])?["written"] as? Int, 1)
    }

    func testAnAbandonedOutputLeavesNothingThatLooksComplete() throws {
        let directory = try makeTemporaryDirectory(self)
        do {
            let file = try AtomicOutputFile(path: directory + "/documents.jsonl.zst", compressed: true)
            try file.write(Array("partial".utf8))
            // Dropped without commit, as when a run fails.
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), [])
    }
}
