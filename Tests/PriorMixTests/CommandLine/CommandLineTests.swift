import XCTest
@testable import PriorMix

/// Runs the real `priormix` binary to check exit codes and messages users see.
final class CommandLineTests: XCTestCase {
    private var binary: String { priormixBinary }

    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "priormix binary not built at \(binary)")
    }

    func testUnknownFlagIsAUsageError() throws {
        let directory = try makeTemporaryDirectory(self)
        try write(#"{"id":"a","text":"x"}"#, to: directory + "/a.jsonl")
        let (result, _) = try runProcess(binary, ["ingest", directory + "/a.jsonl", "--no-such-flag", "-o", directory + "/out"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("--no-such-flag"), result.stderr)
    }

    func testMissingInputIsAUsageErrorNamingTheFile() throws {
        let directory = try makeTemporaryDirectory(self)
        let (result, _) = try runProcess(binary, ["ingest", directory + "/absent.jsonl", "-o", directory + "/out"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains(directory + "/absent.jsonl: no such file or directory"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/out/summary.json"))
    }

    func testSuccessfulRunPrintsOneLineAndJSONOnRequest() throws {
        let directory = try makeTemporaryDirectory(self)
        try write(#"{"id":"a","text":"hello"}"# + "\n" + "oops\n", to: directory + "/a.jsonl")
        let (human, _) = try runProcess(binary, ["ingest", directory + "/a.jsonl", "-o", directory + "/out"])
        XCTAssertEqual(human.status, 0, human.stderr)
        XCTAssertTrue(human.stdout.hasPrefix("ingest: read 2 = written 1 + filtered 0 + quarantined 1"), human.stdout)
        XCTAssertEqual(human.stderr, "", "no progress line when stderr is not a terminal")
        let (json, bytes) = try runProcess(binary, ["ingest", directory + "/a.jsonl", "-o", directory + "/out", "--json", "--overwrite"])
        XCTAssertEqual(json.status, 0)
        let summary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        XCTAssertEqual((summary["totals"] as? [String: Any])?["quarantined"] as? Int, 1)
    }

    func testTruncatedInputExitsWithOneAndNamesFileAndOffset() throws {
        let directory = try makeTemporaryDirectory(self)
        let text = (0..<3000).map { #"{"id":"\#($0)","text":"document \#($0)"}"# }.joined(separator: "\n")
        let compressed = try zstd(Array(text.utf8))
        try write(Array(compressed.prefix(compressed.count - 7)), to: directory + "/cut.jsonl.zst")
        let (result, _) = try runProcess(binary, ["ingest", directory + "/cut.jsonl.zst", "-o", directory + "/out"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("\(directory)/cut.jsonl.zst: zstd stream ends inside a frame (at byte \(compressed.count - 7))"), result.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/out/summary.json"))
    }
}
