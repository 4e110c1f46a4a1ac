import XCTest
@testable import PriorMix

/// `priormix dedup` and `priormix run --stages …,dedup` from the command line.
final class DedupCommandLineTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: priormixBinary), "priormix binary not built at \(priormixBinary)")
    }

    private var sample: String { packageRoot + "/samples/dedup/near-duplicates.jsonl" }

    func testDedupSampleInEveryMode() throws {
        let directory = try makeTemporaryDirectory(self)
        let expected: [String: [String]] = [
            "exact": ["notice-2024-mirror"],
            "minhash": ["notice-2024-mirror", "notice-2024-reworded", "broth-syndicated", "notice-zh-copy", "thanks-again"],
            "paragraph": ["history-index"],
        ]
        for (mode, removed) in expected {
            let (result, _) = try runProcess(priormixBinary, ["dedup", sample, "--mode", mode, "--quiet", "-o", directory + "/" + mode])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertTrue(result.stdout.hasPrefix("dedup: read 12 = written \(12 - removed.count) + filtered \(removed.count) (duplicate \(removed.count))"), result.stdout)
            XCTAssertEqual(try readJSONLines(directory + "/\(mode)/removed/removed.jsonl.zst").map { $0["id"] as! String }, removed, mode)
        }
    }

    func testRunChainsClassifyThenDedup() throws {
        let directory = try makeTemporaryDirectory(self)
        let (run, _) = try runProcess(priormixBinary, ["run", sample, "--stages", "classify,dedup", "--mode", "exact", "--quiet", "--json", "-o", directory + "/run"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let summary = try JSONDecoder().decode(RunSummary.self, from: Data(run.stdout.utf8))
        XCTAssertEqual(summary.dedup?.totals.duplicates, 1)
        XCTAssertEqual(summary.totals.written, 11)
        let kept = try readJSONLines(directory + "/run/annotated.jsonl.zst")
        XCTAssertTrue(kept.allSatisfy { $0["priormix"] != nil }, "the survivors carry the classify stage's annotation")
        let removed = try readJSONLines(directory + "/run/removed/removed.jsonl.zst")
        XCTAssertNotNil(removed.first?["priormix"], "a duplicate is written as the removal stage saw it, annotated")

        let (plain, _) = try runProcess(priormixBinary, ["run", sample, "--stages", "dedup", "--mode", "exact", "--quiet", "-o", directory + "/plain"])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        let (direct, _) = try runProcess(priormixBinary, ["dedup", sample, "--mode", "exact", "--quiet", "-o", directory + "/direct"])
        XCTAssertEqual(direct.status, 0, direct.stderr)
        XCTAssertEqual(try readAllBytes(directory + "/plain/documents.jsonl.zst"), try readAllBytes(directory + "/direct/documents.jsonl.zst"))
    }

    func testUsageErrors() throws {
        let directory = try makeTemporaryDirectory(self)
        let cases: [([String], String)] = [
            (["run", sample, "--stages", "dedup,classify", "-o", directory + "/a"], "dedup must be the last stage"),
            (["run", sample, "--stages", "classify", "--step", "merge", "-o", directory + "/b"], "--step applies to a chain ending in dedup"),
            (["dedup", sample, "--mode", "fuzzy", "-o", directory + "/c"], "fuzzy"),
            (["dedup", sample, "--bands", "0", "-o", directory + "/d"], "--bands"),
            (["dedup", sample, "--rank", "1", "--world-size", "2", "-o", directory + "/e"], "--step signatures"),
            (["dedup", sample, "--step", "remove", "-o", directory + "/f"], "not been merged"),
            (["slurm", "--array", "2", "--", "dedup", sample, "-o", directory + "/g", "--step", "merge"], "--step"),
        ]
        for (arguments, message) in cases {
            let (result, _) = try runProcess(priormixBinary, arguments)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }
}
