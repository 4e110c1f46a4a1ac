import XCTest
@testable import PriorMix

/// MinHash deduplication beside datatrove's (the PyPI package, run through
/// scripts/bench_dedup_peer.py with the same 5-word shingles, 14 bands x 8 rows): on documents
/// whose fate the S-curve decides with near certainty — copies and light edits (similarity above
/// 0.9, found with probability > 0.9999), unrelated texts — both must remove the same documents.
/// Pairs on the curve's slope are random draws for each tool (their hash functions differ) and are
/// measured by `priormix bench dedup`, not here.
final class DedupDatatroveTests: XCTestCase {
    func testClearCasesAgreeWithDatatrove() throws {
        let directory = try makeTemporaryDirectory(self)
        var generator = SplitMix64(seed: 5)
        let words = SyntheticCorpus.words.filter { $0.allSatisfy(\.isLetter) }
        func sentence(_ count: Int) -> String {
            (0..<count).map { _ in words[Int(generator.next() % UInt64(words.count))] }.joined(separator: " ")
        }
        var lines: [String] = []
        var expectedRemoved: [String] = []
        for number in 0..<40 {
            let original = sentence(150 + Int(generator.next() % 100))
            lines.append(#"{"id":"doc-\#(number)","text":"\#(original)"}"#)
            switch number % 4 {
            case 0:
                lines.append(#"{"id":"copy-\#(number)","text":"\#(original.uppercased())!"}"#)
                expectedRemoved.append("copy-\(number)")
            case 1:
                var edited = original.split(separator: " ").map(String.init)
                edited[edited.count / 2] = "lighthouse"
                lines.append(#"{"id":"edit-\#(number)","text":"\#(edited.joined(separator: " "))"}"#)
                expectedRemoved.append("edit-\(number)")
            default:
                break
            }
        }
        try write(lines.joined(separator: "\n") + "\n", to: directory + "/corpus.jsonl")
        let (peer, output) = try runPythonFile(packageRoot + "/scripts/bench_dedup_peer.py", arguments: [directory + "/corpus.jsonl", directory + "/datatrove"],
                                               requiring: "datatrove")
        XCTAssertEqual(peer.status, 0, peer.stderr)
        let last = try XCTUnwrap(String(decoding: output, as: UTF8.self).split(separator: "\n").last)
        let result = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        let theirs = Set(try XCTUnwrap(result["removed"] as? [String]))

        var configuration = StageRunner.Configuration()
        configuration.showProgress = false
        let summary = try Deduplicator(configuration: configuration, options: DedupOptions(mode: .minhash))
            .run(inputs: [directory + "/corpus.jsonl"], output: directory + "/priormix")
        let ours = Set(try readJSONLines(summary.outputs["removed"]!).map { $0["id"] as! String })
        XCTAssertEqual(ours, Set(expectedRemoved))
        XCTAssertEqual(theirs, Set(expectedRemoved), "datatrove removes the same documents")
    }
}
