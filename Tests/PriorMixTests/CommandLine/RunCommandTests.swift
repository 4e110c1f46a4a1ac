import XCTest
@testable import PriorMix

/// `priormix run`: stages chained from the command line, in one pass.
final class RunCommandTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: priormixBinary), "priormix binary not built at \(priormixBinary)")
    }

    func testClassifyStageWritesWhatClassifyWrites() throws {
        let directory = try makeTemporaryDirectory(self)
        let inputs = ["jsonl/dolma-style.jsonl", "html", "code"].map { packageRoot + "/samples/" + $0 }
        let (run, _) = try runProcess(priormixBinary, ["run"] + inputs + ["--stages", "classify", "--quiet", "-o", directory + "/run"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.hasPrefix("run: read "), run.stdout)
        let (classify, _) = try runProcess(priormixBinary, ["classify"] + inputs + ["--quiet", "-o", directory + "/classify"])
        XCTAssertEqual(classify.status, 0, classify.stderr)
        XCTAssertEqual(try readAllBytes(directory + "/run/annotated.jsonl.zst"), try readAllBytes(directory + "/classify/annotated.jsonl.zst"))
    }

    func testUnknownOrRepeatedStagesAreUsageErrors() throws {
        let directory = try makeTemporaryDirectory(self)
        let input = packageRoot + "/samples/jsonl/dolma-style.jsonl"
        let (unknown, _) = try runProcess(priormixBinary, ["run", input, "--stages", "classify,sparkle", "-o", directory + "/a"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("unknown stage `sparkle`"), unknown.stderr)
        let (repeated, _) = try runProcess(priormixBinary, ["run", input, "--stages", "classify,classify", "-o", directory + "/b"])
        XCTAssertEqual(repeated.status, 2)
        XCTAssertTrue(repeated.stderr.contains("twice"), repeated.stderr)
    }
}
