import XCTest
@testable import PriorMix

/// What `priormix report` reads from each line and path, and how it says what is wrong.
final class ReportInputTests: XCTestCase {
    private func parse(_ line: String, file: String = "corpus.jsonl", number: Int = 3) throws -> ReportedDocument {
        var bytes = Array(line.utf8)
        return try bytes.withUnsafeMutableBufferPointer {
            try ReportedDocument.parse(UnsafeBufferPointer($0), location: SourceLocation(file: file, line: number))
        }
    }

    func testClassifyOutputIsReadWithSegmentsAndDensities() throws {
        let line = #"{"id":"a","text":"ignored here","priormix":{"category":"code","confidence":0.9316,"top":[["code",0.9316]],"method":"lexicon","bytes":1891,"#
            + #""tagger":"lexicon:priormix-labels-1","segments":[{"start":0,"end":1000,"tokens":260,"labels":["code_reasoning","math_reasoning"],"#
            + #""scores":{"visual_concept":0.1,"visual_attribute":0,"visual_relationship":0,"code_reasoning":0.9,"math_reasoning":0.7,"science_reasoning":0}},"#
            + #"{"start":1000,"end":1891,"tokens":240,"labels":[],"scores":{}}],"reasoning":{"share":0.5,"mean":0.45},"visual":{"share":0,"mean":0.05},"tokens":500}}"#
        let document = try parse(line)
        XCTAssertEqual(document.category, "code")
        XCTAssertEqual(document.confidence, 0.9316)
        XCTAssertEqual(document.bytes, 1891, "bytes come from the annotation, not the text")
        XCTAssertEqual(document.tokens, 500)
        XCTAssertEqual(document.segments?.map(\.labels.mask), [0b011000, 0])
        XCTAssertEqual(document.segments?.map(\.tokens), [260, 240])
        XCTAssertEqual(document.reasoning, .init(share: 0.5, mean: 0.45))
        XCTAssertEqual(document.tagger, "lexicon:priormix-labels-1")
    }

    func testMissingSizesAreCountedFromTheText() throws {
        let text = "Käse und Brot, with   spaces"
        let document = try parse(#"{"text":"\#(text)","priormix":{"category":"food","confidence":1,"reasoning":{"share":0},"visual":{"share":1}}}"#)
        XCTAssertEqual(document.bytes, text.utf8.count)
        XCTAssertEqual(document.tokens, TokenEstimate.tokens(text))
        XCTAssertNil(document.segments)
        XCTAssertEqual(document.visual, .init(share: 1, mean: nil))
        let untagged = try parse(#"{"text":"x","priormix":{"category":"food","confidence":0.5,"bytes":1}}"#)
        XCTAssertNil(untagged.reasoning)
        XCTAssertEqual(untagged.tokens, 1)
    }

    func testBadLinesNameFileLineAndProblem() {
        let cases = [
            (#"{"text":"x","priormix":{"category":"code","confidence":0.5"#, "corpus.jsonl:3: malformed JSON at column"),
            (#"{"id":"a","text":"x"}"#, "corpus.jsonl:3: no `priormix` object"),
            (#"{"text":"x","priormix":{"confidence":0.5}}"#, "corpus.jsonl:3: priormix.category is missing"),
            (#"{"text":"x","priormix":{"category":"code","confidence":"high"}}"#, "priormix.confidence is not a number"),
            (#"{"text":"x","priormix":{"category":"code","confidence":1.5}}"#, "priormix.confidence is 1.5, outside [0, 1]"),
            (#"{"text":"x","priormix":{"category":"code","confidence":0.5,"visual":{"share":2}}}"#, "priormix.visual.share is 2.0, outside [0, 1]"),
            (#"{"text":"x","priormix":{"category":"code","confidence":0.5,"segments":[{"start":0,"end":1,"labels":["shiny"]}]}}"#, "unknown label `shiny`"),
            (#"{"priormix":{"category":"code","confidence":0.5}}"#, "no string `text` to count them from"),
        ]
        for (line, expected) in cases {
            XCTAssertThrowsError(try parse(line), line) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error)")
                XCTAssertTrue("\(error)".contains("--skip-invalid"), "\(error)")
            }
        }
    }

    func testCorruptLineStopsTheReadUnlessSkipped() throws {
        let directory = try makeTemporaryDirectory(self)
        var lines = ReportFixtures.annotatedLines(documents: 3000, seed: 9)
        lines[2500] = "{not json"
        lines[2600] = #"{"id":"x","text":"plain document"}"#
        try ReportFixtures.write(lines, to: directory + "/a.jsonl.zst")
        var reader = CorpusReportReader()
        reader.threads = 2
        reader.batchLines = 100
        XCTAssertThrowsError(try reader.read(paths: [directory])) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(directory)/a.jsonl.zst:2501: malformed JSON"), "\(error)")
        }
        reader.skipInvalid = true
        var skipped: [Int?] = []
        reader.onInvalidLine = { skipped.append($0.line) }
        let report = try reader.read(paths: [directory])
        XCTAssertEqual(report.invalidLines, 2)
        XCTAssertEqual(skipped, [2501, 2601])
        XCTAssertEqual(report.documents, 2998)
    }

    func testTruncatedCompressedInputIsAnError() throws {
        let directory = try makeTemporaryDirectory(self)
        let bytes = try zstd(Array((ReportFixtures.annotatedLines(documents: 500, seed: 2).joined(separator: "\n") + "\n").utf8))
        try write(Array(bytes.prefix(bytes.count - 9)), to: directory + "/cut.jsonl.zst")
        var reader = CorpusReportReader()
        reader.skipInvalid = true
        XCTAssertThrowsError(try reader.read(paths: [directory + "/cut.jsonl.zst"])) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(directory)/cut.jsonl.zst:"), "\(error)")
        }
    }

    func testDirectoriesExpandToCorporaAndShardSets() throws {
        let directory = try makeTemporaryDirectory(self)
        let classified = directory + "/classified"
        try FileManager.default.createDirectory(atPath: classified + "/nested", withIntermediateDirectories: true)
        for name in ["annotated.jsonl.zst", "quarantine.jsonl", "summary.json", ".annotated.jsonl.zst.tmp-1", "nested/part.ndjson.gz", "notes.txt"] {
            try write("", to: classified + "/" + name)
        }
        let shards = directory + "/shards"
        try FileManager.default.createDirectory(atPath: shards, withIntermediateDirectories: true)
        try write("{}", to: shards + "/manifest.json")
        try write("", to: shards + "/ignored.jsonl")

        XCTAssertEqual(try ReportInput.resolve([directory + "/"]), [
            .annotated(classified + "/annotated.jsonl.zst"), .annotated(classified + "/nested/part.ndjson.gz"), .manifest(shards + "/manifest.json"),
        ])
        XCTAssertEqual(try ReportInput.resolve([shards + "/manifest.json", classified + "/quarantine.jsonl"]),
                       [.manifest(shards + "/manifest.json"), .annotated(classified + "/quarantine.jsonl")], "files are taken as named")
        XCTAssertThrowsError(try ReportInput.resolve([classified + "/nested/absent.jsonl"])) { error in
            XCTAssertEqual((error as? PriorMixError)?.code, .usage)
        }
        let empty = directory + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        XCTAssertThrowsError(try ReportInput.resolve([empty])) { error in
            XCTAssertTrue("\(error)".contains("no annotated JSONL or Parquet and no manifest.json"), "\(error)")
        }
        XCTAssertThrowsError(try ShardSetReport.load(path: shards + "/manifest.json")) { error in
            XCTAssertTrue("\(error)".contains("not a PriorMix manifest") && "\(error)".contains("use --merge"), "\(error)")
        }
    }

    func testShardSetComesFromTheManifestAlone() throws {
        let directory = try makeTemporaryDirectory(self)
        let manifest = try ReportFixtures.writeShardSet(in: directory)
        // Token files are not read: the report is the same without them.
        for name in try FileManager.default.contentsOfDirectory(atPath: directory + "/shards") where name.hasSuffix(".bin") || name.hasSuffix(".idx") {
            try FileManager.default.removeItem(atPath: directory + "/shards/" + name)
        }
        let report = try CorpusReportReader().read(paths: [directory + "/shards"])
        XCTAssertEqual(report.documents, 0)
        let set = try XCTUnwrap(ReportSummary(report).shardSets.first)
        XCTAssertEqual(set.recipe, "vision-favorable")
        XCTAssertEqual(set.tokens, manifest.achieved.tokens)
        XCTAssertEqual(set.documents, manifest.train.reduce(0) { $0 + $1.documents })
        XCTAssertEqual(set.buckets.map(\.achievedShare), manifest.achieved.buckets.map(\.achievedShare))
        XCTAssertEqual(set.buckets.map(\.targetShare), manifest.achieved.buckets.map(\.targetShare))
        XCTAssertEqual(set.tags.map(\.target), [0.6, 0.15])
        XCTAssertEqual(set.tags.map(\.achieved), [manifest.achieved.reasoningShare, manifest.achieved.visualShare])
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: set.categories.map { ($0.category, $0.tokens) }).filter { $0.value > 0 }, manifest.achieved.tokensByCategory)
        XCTAssertEqual(set.categories.map(\.validationTokens).reduce(0, +), manifest.validation.values.flatMap { $0 }.reduce(0) { $0 + $1.tokens })
        // Issue 16 item 19: the summary line counts validation documents too.
        let validationDocuments = manifest.validation.values.flatMap { $0 }.reduce(0) { $0 + $1.documents }
        XCTAssertGreaterThan(validationDocuments, 0)
        XCTAssertEqual(set.validationDocuments, validationDocuments)
        XCTAssertTrue(set.headline.contains("\(NumberStyle.count.text(set.documents)) train documents in \(set.trainShards) train shards, "
                                            + "\(NumberStyle.count.text(validationDocuments)) validation documents in \(set.validationShards) validation shards"),
                      set.headline)
        XCTAssertTrue(manifest.compositionTable.contains("\(set.trainShards) train shards, \(NumberStyle.count.text(validationDocuments)) validation documents in"),
                      manifest.compositionTable)
        XCTAssertFalse(manifest.compositionTable.contains("-0.00 pp"), manifest.compositionTable)
    }
}
