import XCTest
@testable import PriorMix

final class TreeReaderTests: XCTestCase {
    func testTreeYieldsOneDocumentPerFileInSortedOrder() throws {
        let directory = try makeTemporaryDirectory(self)
        let root = directory + "/project"
        try FileManager.default.createDirectory(atPath: root + "/src/util", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/.git", withIntermediateDirectories: true)
        try write("def main():\n    print('hi')\n", to: root + "/src/main.py")
        try write("fn add(a: i32, b: i32) -> i32 { a + b }\n", to: root + "/src/util/math.rs")
        try write("# Project\n\nA small project.\n", to: root + "/README.md")
        try write("[core]\n", to: root + "/.git/config")
        try write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array(repeating: 0, count: 64), to: root + "/logo.png")
        try write("", to: root + "/empty.txt")
        try write(Array("Caf".utf8) + [0xE9] + Array(" au lait\n".utf8), to: root + "/latin1.txt")
        // A corpus file inside the tree is read with its own reader.
        try write(#"{"id":"inner","text":"from a jsonl inside the tree"}"# + "\n", to: root + "/src/data.jsonl")

        let (summary, documents, _) = try ingest([root], into: directory + "/out")
        XCTAssertBalanced(summary.totals)
        XCTAssertEqual(documents.map { $0["id"] as? String },
                       ["project/README.md", "project/latin1.txt", "inner", "project/src/main.py", "project/src/util/math.rs"])
        let languages = documents.compactMap { ($0["metadata"] as? [String: Any])?["language"] as? String }
        XCTAssertEqual(languages, ["markdown", "text", "python", "rust"])
        XCTAssertEqual(summary.totals.filteredByReason, ["binary": 1, "empty": 1])
        XCTAssertEqual(summary.totals.utf8Repaired, 1)
        XCTAssertEqual(documents[0]["source"] as? String, root)
    }

    func testOversizedFileIsQuarantinedWithoutBeingRead() throws {
        let directory = try makeTemporaryDirectory(self)
        try FileManager.default.createDirectory(atPath: directory + "/tree", withIntermediateDirectories: true)
        try write(String(repeating: "word ", count: 1000), to: directory + "/tree/big.txt")
        let (summary, _, quarantine) = try ingest([directory + "/tree"], into: directory + "/out") { $0.reader.maxDocumentBytes = 1000 }
        XCTAssertEqual(summary.totals.quarantinedByReason, ["too-large": 1])
        XCTAssertEqual(quarantine.first?["file"] as? String, directory + "/tree/big.txt")
    }
}

/// Issue 16 items 4 and 6: what a tree holds besides readable regular files.
final class TreeSpecialEntryTests: XCTestCase {
    /// A FIFO blocks a reader forever and a link to /dev/urandom never ends: neither is read; both
    /// are quarantined by name (`not-a-regular-file`) and counted.
    func testFIFOAndDeviceLinksAreQuarantinedNotRead() throws {
        let directory = try makeTemporaryDirectory(self)
        let root = directory + "/tree"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try write("A plain text file.\n", to: root + "/a.txt")
        XCTAssertEqual(mkfifo(root + "/pipe.jsonl", 0o644), 0)
        try FileManager.default.createSymbolicLink(atPath: root + "/random.jsonl", withDestinationPath: "/dev/urandom")
        try write("Linked text.\n", to: directory + "/target.txt")
        try FileManager.default.createSymbolicLink(atPath: root + "/link.txt", withDestinationPath: directory + "/target.txt")

        // Before the fix the run never ended: wait on another thread, bounded.
        nonisolated(unsafe) var outcome: Result<(RunSummary, [[String: Any]], [[String: Any]]), Error>?
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            outcome = Result { try ingest([root], into: directory + "/out") }
            done.signal()
        }
        guard done.wait(timeout: .now() + 30) == .success else { return XCTFail("ingest of a tree with a FIFO did not finish") }
        let (summary, documents, quarantine) = try XCTUnwrap(outcome).get()
        XCTAssertBalanced(summary.totals)
        XCTAssertEqual(documents.map { $0["text"] as? String }, ["A plain text file.\n", "Linked text.\n"])
        XCTAssertEqual(summary.totals.quarantinedByReason, ["not-a-regular-file": 2])
        XCTAssertEqual(quarantine.map { $0["file"] as? String }, [root + "/pipe.jsonl", root + "/random.jsonl"])
        XCTAssertEqual(quarantine.map { $0["detail"] as? String },
                       ["named pipe (FIFO): only regular files are read in a tree", "character device: only regular files are read in a tree"])
    }

    /// An unreadable subdirectory is an input error like an unreadable file: named, counted, exit 1.
    /// Root reads everything, so the command runs as `nobody` when the tests run as root.
    func testUnreadableSubdirectoryIsAnErrorLikeAnUnreadableFile() throws {
        let directory = try makeTemporaryDirectory(self)
        let root = directory + "/tree"
        try FileManager.default.createDirectory(atPath: root + "/locked", withIntermediateDirectories: true)
        try write("Readable.\n", to: root + "/a.txt")
        try write("Hidden away.\n", to: root + "/locked/b.txt")
        try write("Unreadable file.\n", to: root + "/c.txt")
        try FileManager.default.createDirectory(atPath: directory + "/out", withIntermediateDirectories: true)
        chmod(directory, 0o755)
        chmod(directory + "/out", 0o777)
        chmod(root + "/locked", 0)
        chmod(root + "/c.txt", 0)
        addTeardownBlock { chmod(root + "/locked", 0o755) }
        var command = [priormixBinary, "ingest", root, "-o", directory + "/out", "--json"]
        if getuid() == 0 {
            try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv"), "needs setpriv to drop root")
            command = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + command
        }
        let (result, stdout) = try runProcess(command[0], Array(command.dropFirst()))
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains(root + "/locked: cannot list directory"), result.stderr)
        XCTAssertTrue(result.stderr.contains(root + "/c.txt"), result.stderr)
        let summary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(stdout)) as? [String: Any])
        XCTAssertEqual((summary["errors"] as? [String])?.count, 2)
        XCTAssertEqual((summary["totals"] as? [String: Any])?["written"] as? Int, 1)
    }
}
