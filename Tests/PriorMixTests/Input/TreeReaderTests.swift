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
