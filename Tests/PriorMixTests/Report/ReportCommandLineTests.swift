import XCTest
@testable import PriorMix

/// `priormix report` as users run it: outputs, merging, the HTML page, exit codes and messages.
final class ReportCommandLineTests: XCTestCase {
    private var binary: String { priormixBinary }

    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "priormix binary not built at \(binary)")
    }

    private func run(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> (ProcessResult, [UInt8]) {
        try runProcess(binary, ["report"] + arguments)
    }

    func testMergeOfPartReportsEqualsTheReportOnTheWhole() throws {
        let directory = try makeTemporaryDirectory(self)
        let lines = ReportFixtures.annotatedLines(documents: 500, seed: 13)
        try FileManager.default.createDirectory(atPath: directory + "/corpus", withIntermediateDirectories: true)
        try ReportFixtures.write(Array(lines[..<180]), to: directory + "/corpus/part-1.jsonl.zst")
        try ReportFixtures.write(Array(lines[180...]), to: directory + "/corpus/part-2.jsonl")
        try ReportFixtures.writeShardSet(in: directory + "/corpus")

        let (whole, wholeJSON) = try run([directory + "/corpus", "--json", "--threads", "2"])
        XCTAssertEqual(whole.status, 0, whole.stderr)
        for (index, part) in ["/corpus/part-1.jsonl.zst", "/corpus/part-2.jsonl", "/corpus/shards"].enumerated() {
            let (result, _) = try run([directory + part, "--json", "-o", directory + "/part-\(index).json", "--threads", "1"])
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        let (merged, mergedJSON) = try run(["--merge", directory + "/part-2.json", directory + "/part-0.json", directory + "/part-1.json", "--json"])
        XCTAssertEqual(merged.status, 0, merged.stderr)
        XCTAssertEqual(mergedJSON, wholeJSON, "merged report differs from the whole")
        let object = try JSONDecoder().decode(ReportHTMLTests.JSONValue.self, from: Data(mergedJSON))
        XCTAssertEqual(object.resolve("/summary/documents")?.number, 500)

        // The other outputs of a merge are those of the whole.
        let (mergedText, _) = try run(["--merge", directory + "/part-0.json", directory + "/part-1.json", directory + "/part-2.json"])
        let (wholeText, _) = try run([directory + "/corpus"])
        XCTAssertEqual(mergedText.stdout, wholeText.stdout)
        XCTAssertTrue(wholeText.stdout.hasPrefix("500 documents, "), wholeText.stdout)
        XCTAssertTrue(wholeText.stdout.contains("segments with each label, % (the paper's Table 4 layout)"))
        XCTAssertTrue(wholeText.stdout.contains("shard set \(directory)/corpus/shards/manifest.json: recipe vision-favorable"))
        let (markdown, _) = try run([directory + "/corpus", "--markdown"])
        XCTAssertTrue(markdown.stdout.contains("| category | documents | share | expected | bytes |"), markdown.stdout)
    }

    func testHTMLPageNumbersEqualTheJSONPrintedBesideIt() throws {
        let directory = try makeTemporaryDirectory(self)
        try ReportFixtures.write(ReportFixtures.annotatedLines(documents: 300, seed: 17), to: directory + "/annotated.jsonl.gz")
        try ReportFixtures.writeShardSet(in: directory)
        let page = directory + "/out/report.html"
        try FileManager.default.createDirectory(atPath: directory + "/out", withIntermediateDirectories: true)
        let (result, json) = try run([directory + "/annotated.jsonl.gz", directory + "/shards/manifest.json", "--json", "--html", page])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("report: wrote \(page)"), result.stderr)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        let numbers = try ReportHTMLTests.assertPage(html, matches: Data(json))
        XCTAssertGreaterThan(numbers.count, 500)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory + "/out"), ["report.html"], "no temporary file left")
    }

    func testErrorsAndExitCodes() throws {
        let directory = try makeTemporaryDirectory(self)
        var lines = ReportFixtures.annotatedLines(documents: 10, seed: 1)
        lines[6] = #"{"id":"raw","text":"not annotated"}"#
        try ReportFixtures.write(lines, to: directory + "/a.jsonl")

        let (failed, _) = try run([directory + "/a.jsonl"])
        XCTAssertEqual(failed.status, 1)
        XCTAssertTrue(failed.stderr.contains("\(directory)/a.jsonl:7: no `priormix` object"), failed.stderr)
        XCTAssertEqual(failed.stdout, "")

        let (skipped, _) = try run([directory + "/a.jsonl", "--skip-invalid"])
        XCTAssertEqual(skipped.status, 0, skipped.stderr)
        XCTAssertTrue(skipped.stderr.contains("skipped: \(directory)/a.jsonl:7"), skipped.stderr)
        XCTAssertTrue(skipped.stdout.hasPrefix("9 documents, ") && skipped.stdout.contains("1 invalid lines skipped"), skipped.stdout)

        let (both, _) = try run([directory + "/a.jsonl", "--json", "--markdown"])
        XCTAssertEqual(both.status, 2)
        let (absent, _) = try run([directory + "/absent"])
        XCTAssertEqual(absent.status, 2)
        XCTAssertTrue(absent.stderr.contains("\(directory)/absent: no such file or directory"), absent.stderr)
        let (notAReport, _) = try run(["--merge", directory + "/a.jsonl"])
        XCTAssertEqual(notAReport.status, 1)
        XCTAssertTrue(notAReport.stderr.contains("\(directory)/a.jsonl: not a PriorMix report"), notAReport.stderr)
    }
}
