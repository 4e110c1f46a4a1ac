import XCTest
@testable import PriorMix

/// `priormix filter`, the filter stage of `run`, and `report` on filter runs, as users run them.
final class FilterCommandTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: priormixBinary), "priormix binary not built at \(priormixBinary)")
    }

    var samples: [String] { ["jsonl/dolma-style.jsonl", "jsonl/filter-examples.jsonl", "html"].map { packageRoot + "/samples/" + $0 } }

    func testFilterRemovesWithReasonsAndReportShowsRules() throws {
        let directory = try makeTemporaryDirectory(self)
        let rules = packageRoot + "/taxonomy/filters/gopher.yaml"
        let (run, _) = try runProcess(priormixBinary, ["filter"] + samples + ["--rules", rules, "-o", directory + "/out"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.hasPrefix("filter: read "), run.stdout)
        XCTAssertTrue(run.stdout.contains("gopher_quality"), run.stdout)
        let summary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/out/summary.json"))) as? [String: Any])
        let totals = try XCTUnwrap(summary["totals"] as? [String: Any])
        let byReason = try XCTUnwrap(totals["filteredByReason"] as? [String: Int])
        let read = try XCTUnwrap(totals["read"] as? Int), written = try XCTUnwrap(totals["written"] as? Int)
        let filtered = try XCTUnwrap(totals["filtered"] as? Int), quarantined = try XCTUnwrap(totals["quarantined"] as? Int)
        XCTAssertEqual(read, written + filtered + quarantined)
        let removed = try readJSONLines(directory + "/out/removed/removed.jsonl.zst")
        XCTAssertEqual(removed.count, (byReason["gopher_quality"] ?? 0) + (byReason["gopher_repetition"] ?? 0))
        XCTAssertGreaterThan(removed.count, 0)
        for line in removed {
            let by = try XCTUnwrap(line["removed_by"] as? [String: Any])
            XCTAssertEqual(by["stage"] as? String, "filter")
            XCTAssertTrue(["gopher_quality", "gopher_repetition"].contains(by["reason"] as? String ?? ""))
        }
        let (report, _) = try runProcess(priormixBinary, ["report", directory + "/out"])
        XCTAssertEqual(report.status, 0, report.stderr)
        XCTAssertTrue(report.stdout.contains("filter rules ("), report.stdout)
        XCTAssertTrue(report.stdout.contains("gopher_quality.alpha_words_ratio: "), report.stdout)
        let (json, _) = try runProcess(priormixBinary, ["report", directory + "/out", "--json"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let section = try XCTUnwrap((object["summary"] as? [String: Any])?["filter"] as? [String: Any])
        let ruleRows = try XCTUnwrap(section["rules"] as? [[String: Any]])
        XCTAssertEqual(ruleRows.map { $0["name"] as? String }, ["gopher_repetition", "gopher_quality"])
        // The HTML page shows the same rules, every number tied to the JSON.
        let (html, _) = try runProcess(priormixBinary, ["report", directory + "/out", "--quiet", "--html", directory + "/report.html"])
        XCTAssertEqual(html.status, 0, html.stderr)
        let numbers = try ReportHTMLTests.assertPage(try String(contentsOfFile: directory + "/report.html", encoding: .utf8), matches: Data(json.stdout.utf8))
        XCTAssertEqual(numbers.filter { $0.pointer.hasPrefix("/summary/filter/rules/1/") && $0.tag == "td" && !$0.pointer.contains("distributions") }.count, 4)
        // The same run twice, merged, is the statistics doubled.
        try json.stdout.write(toFile: directory + "/a.json", atomically: true, encoding: .utf8)
        let (merged, _) = try runProcess(priormixBinary, ["report", "--merge", directory + "/a.json", directory + "/a.json", "--json"])
        let mergedObject = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(merged.stdout.utf8)) as? [String: Any])
        let mergedRules = try XCTUnwrap(((mergedObject["summary"] as? [String: Any])?["filter"] as? [String: Any])?["rules"] as? [[String: Any]])
        XCTAssertEqual(mergedRules[1]["removed"] as? Int, 2 * (ruleRows[1]["removed"] as? Int ?? -1))
    }

    func testDryRunKeepsEveryDocumentWithVerdicts() throws {
        let directory = try makeTemporaryDirectory(self)
        let (run, _) = try runProcess(priormixBinary, ["filter"] + samples + ["--rules", packageRoot + "/taxonomy/filters/c4.yaml", "--dry-run", "--quiet", "-o", directory + "/out"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/out/removed"))
        let documents = try readJSONLines(directory + "/out/documents.jsonl.zst")
        XCTAssertFalse(documents.isEmpty)
        for document in documents {
            let filter = try XCTUnwrap(document["filter"] as? [String: Any])
            XCTAssertNotNil((filter["rules"] as? [String: Any])?["c4"])
        }
        XCTAssertTrue(documents.contains { ($0["filter"] as? [String: Any])?["verdict"] as? String == "remove" })
    }

    func testRunChainsFilterBeforeClassify() throws {
        let directory = try makeTemporaryDirectory(self)
        let rules = packageRoot + "/taxonomy/filters/gopher.yaml"
        let (run, _) = try runProcess(priormixBinary, ["run"] + samples + ["--stages", "filter,classify", "--rules", rules, "--quiet", "-o", directory + "/run"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let (filter, _) = try runProcess(priormixBinary, ["filter"] + samples + ["--rules", rules, "--quiet", "-o", directory + "/filter"])
        XCTAssertEqual(filter.status, 0, filter.stderr)
        let annotated = try readJSONLines(directory + "/run/annotated.jsonl.zst")
        let kept = try readJSONLines(directory + "/filter/documents.jsonl.zst")
        XCTAssertEqual(annotated.map { $0["id"] as? String }, kept.map { $0["id"] as? String })
        XCTAssertNotNil(annotated.first?["priormix"])
        XCTAssertEqual(try readAllBytes(directory + "/run/removed/removed.jsonl.zst"), try readAllBytes(directory + "/filter/removed/removed.jsonl.zst"))
        let (missing, _) = try runProcess(priormixBinary, ["run"] + samples + ["--stages", "filter", "-o", directory + "/x"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("--rules"), missing.stderr)
        let (bad, _) = try runProcess(priormixBinary, ["filter"] + samples + ["--rules", packageRoot + "/taxonomy/categories.yaml", "-o", directory + "/y"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("categories.yaml"), bad.stderr)
    }
}
