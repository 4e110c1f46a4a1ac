import XCTest
@testable import PriorMix

/// Reports on parts of a corpus merge into exactly the report on the whole.
final class ReportMergeTests: XCTestCase {
    private func reader(threads: Int) -> CorpusReportReader {
        var reader = CorpusReportReader()
        reader.threads = threads
        reader.batchLines = 37  // many batches, so the pool's merging is exercised
        return reader
    }

    func testMergedPartsEqualTheWholeByteForByte() throws {
        let directory = try makeTemporaryDirectory(self)
        let corpus = directory + "/corpus"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        let lines = ReportFixtures.annotatedLines(documents: 900, seed: 7)
        let parts = [corpus + "/a.jsonl.zst", corpus + "/b.jsonl.gz", corpus + "/c.jsonl"]
        try ReportFixtures.write(Array(lines[0..<250]), to: parts[0])
        try ReportFixtures.write(Array(lines[250..<700]), to: parts[1])
        try ReportFixtures.write(Array(lines[700...]), to: parts[2])
        try ReportFixtures.writeShardSet(in: corpus)

        let whole = try reader(threads: 2).read(paths: [corpus])
        XCTAssertEqual(whole.documents, 900)
        XCTAssertEqual(whole.inputs, parts + [corpus + "/shards/manifest.json"])
        XCTAssertEqual(whole.shardSets.count, 1)

        // One report per part, as separate machines would write them, then merged in another order.
        var files: [String] = []
        for (index, part) in (parts + [corpus + "/shards"]).enumerated() {
            let report = try reader(threads: 1 + index % 3).read(paths: [part])
            XCTAssertNotEqual(report, whole)
            let file = directory + "/part-\(index).json"
            try write(Array(try report.jsonData()), to: file)
            files.append(file)
        }
        for order in [[2, 0, 3, 1], [3, 2, 1, 0]] {
            var merged = CorpusReport()
            for index in order { merged.merge(try CorpusReport.load(path: files[index])) }
            XCTAssertEqual(merged, whole)
            XCTAssertEqual(try merged.jsonData(), try whole.jsonData())
        }
    }

    func testThreadCountDoesNotChangeTheReport() throws {
        let directory = try makeTemporaryDirectory(self)
        try ReportFixtures.write(ReportFixtures.annotatedLines(documents: 400, seed: 11), to: directory + "/a.jsonl.zst")
        let one = try reader(threads: 1).read(paths: [directory])
        let four = try reader(threads: 4).read(paths: [directory])
        XCTAssertEqual(try one.jsonData(), try four.jsonData())
    }

    /// Counts checked against an independent tally of the same lines with Foundation's parser.
    func testCountsMatchAnIndependentTally() throws {
        let directory = try makeTemporaryDirectory(self)
        let lines = ReportFixtures.annotatedLines(documents: 300, seed: 5)
        try ReportFixtures.write(lines, to: directory + "/a.jsonl")
        let report = try reader(threads: 2).read(paths: [directory + "/a.jsonl"])

        var documents: [String: Int] = [:], bytes: [String: Int] = [:], segments: [String: Int] = [:], tagged: [String: Int] = [:]
        var codeSegmentsWithCode = 0, codeSegments = 0
        for line in lines {
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let annotation = try XCTUnwrap(object["priormix"] as? [String: Any])
            let category = try XCTUnwrap(annotation["category"] as? String)
            documents[category, default: 0] += 1
            bytes[category, default: 0] += (annotation["bytes"] as? Int) ?? (object["text"] as! String).utf8.count
            if annotation["reasoning"] != nil { tagged[category, default: 0] += 1 }
            for segment in (annotation["segments"] as? [[String: Any]]) ?? [] {
                segments[category, default: 0] += 1
                if category == "code" {
                    codeSegments += 1
                    if (segment["labels"] as! [String]).contains("code_reasoning") { codeSegmentsWithCode += 1 }
                }
            }
        }
        XCTAssertEqual(report.statistics.categories.mapValues(\.documents), documents)
        XCTAssertEqual(report.statistics.categories.mapValues(\.bytes), bytes)
        XCTAssertEqual(report.statistics.tags.categories.mapValues(\.segments).filter { $0.value > 0 }, segments)
        XCTAssertEqual(report.perCategory.mapValues(\.reasoning.documents).filter { $0.value > 0 }, tagged)
        let summary = ReportSummary(report)
        let code = try XCTUnwrap(summary.table4.first { $0.category == "code" })
        XCTAssertEqual(code.labels["code_reasoning"]!, Double(codeSegmentsWithCode) / Double(codeSegments), accuracy: 1e-12)
        XCTAssertEqual(summary.total.documents, 300)
        XCTAssertEqual(summary.categories.map(\.documentShare).reduce(0, +), 1, accuracy: 1e-9)
    }

    func testReportsFromAnotherVersionOrShapeAreRefused() throws {
        let directory = try makeTemporaryDirectory(self)
        try ReportFixtures.write(ReportFixtures.annotatedLines(documents: 20, seed: 3), to: directory + "/a.jsonl")
        let report = try reader(threads: 1).read(paths: [directory + "/a.jsonl"])
        var object = try XCTUnwrap(JSONSerialization.jsonObject(with: try report.jsonData()) as? [String: Any])
        object["formatVersion"] = 99
        try write(Array(try JSONSerialization.data(withJSONObject: object)), to: directory + "/future.json")
        XCTAssertThrowsError(try CorpusReport.load(path: directory + "/future.json")) { error in
            XCTAssertTrue("\(error)".contains("\(directory)/future.json: report format version 99"), "\(error)")
        }
        object["formatVersion"] = 1
        var counts = object["counts"] as! [String: Any]
        var perCategory = counts["perCategory"] as! [String: Any]
        var code = perCategory.values.first as! [String: Any]
        var reasoning = code["reasoning"] as! [String: Any]
        reasoning["shareHistogram"] = ["counts": [1, 2, 3]]
        code["reasoning"] = reasoning
        perCategory[perCategory.keys.first!] = code
        counts["perCategory"] = perCategory
        object["counts"] = counts
        try write(Array(try JSONSerialization.data(withJSONObject: object)), to: directory + "/odd.json")
        XCTAssertThrowsError(try CorpusReport.load(path: directory + "/odd.json")) { error in
            XCTAssertTrue("\(error)".contains("reasoning histograms need 20 bins"), "\(error)")
        }
        try write("{\"summary\": {}}", to: directory + "/other.json")
        XCTAssertThrowsError(try CorpusReport.load(path: directory + "/other.json")) { error in
            XCTAssertTrue("\(error)".contains("not a PriorMix report") && "\(error)".contains("--merge takes files written by priormix report --json"), "\(error)")
        }
    }
}
