import XCTest
@testable import PriorMix

/// Issue 16: every reader (JSONL, WARC, HTML, MediaWiki, trees, gzip, zstd) is fed seeded random
/// truncations and byte flips of a valid input. Whatever the damage, a run must end without a crash
/// and account for every record (read = written + filtered + quarantined, and the output files hold
/// exactly the written and quarantined counts), or report an error naming the damaged file.
/// Bounded in time: the seeded sequence of cases stops at the deadline, 0.5 s per reader
/// (`PRIORMIX_FUZZ_SECONDS` sets another budget for a longer hunt).
final class ReaderFuzzTests: XCTestCase {
    struct Target {
        var name: String
        /// The file name the damaged bytes are written under (its extension picks the reader).
        var fileName: String
        var bytes: [UInt8]
    }

    static func sample(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: packageRoot + "/samples/" + path)))
    }

    static func targets() throws -> [Target] {
        let jsonl = Array(try sample("jsonl/dolma-style.jsonl").prefix(12_000))
        return [
            Target(name: "JSONL", fileName: "docs.jsonl", bytes: jsonl),
            Target(name: "WARC", fileName: "crawl.warc", bytes: try readAllBytes(packageRoot + "/samples/warc/crawl.warc.gz").prefix(20_000).map { $0 }),
            Target(name: "HTML", fileName: "page.html", bytes: try sample("html/docs-api.html")),
            Target(name: "MediaWiki", fileName: "wiki-pages-articles.xml", bytes: try sample("wiki/simplewiki-sample-pages-articles.xml")),
            Target(name: "gzip", fileName: "crawl.warc.gz", bytes: try sample("warc/crawl.warc.gz")),
            Target(name: "zstd", fileName: "docs.jsonl.zst", bytes: try sample("jsonl/redpajama-style.jsonl.zst")),
            // A tree: the damaged file sits beside intact ones (the walker and the file reader).
            Target(name: "tree", fileName: "tree/notes/damaged.txt", bytes: try sample("text/court-opinion.txt")),
        ]
    }

    /// Cuts the bytes short, flips a few of them, or both.
    static func damage(_ bytes: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var out = bytes
        let mode = random.next() % 3
        if mode != 1, !out.isEmpty { out = Array(out.prefix(Int(random.next() % UInt64(out.count)))) }
        if mode != 0, !out.isEmpty {
            for _ in 0..<(1 + Int(random.next() % 8)) {
                out[Int(random.next() % UInt64(out.count))] ^= UInt8(1 + random.next() % 255)
            }
        }
        return out
    }

    func testEveryReaderSurvivesTruncationsAndByteFlips() throws {
        let directory = try makeTemporaryDirectory(self)
        var random = SplitMix64(seed: 20_261_206)
        let targets = try Self.targets()
        var cases = 0
        for target in targets {
            let seconds = ProcessInfo.processInfo.environment["PRIORMIX_FUZZ_SECONDS"].flatMap(Double.init) ?? 0.5
            let deadline = Date().addingTimeInterval(seconds)
            var perTarget = 0
            while Date() < deadline || perTarget < 3 {
                let damaged = Self.damage(target.bytes, &random)
                let work = directory + "/case-\(cases)"
                let path = work + "/" + target.fileName
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try write(damaged, to: path)
                var input = path
                if target.name == "tree" {
                    input = work + "/tree"
                    try write("An intact file beside the damaged one.\n", to: input + "/intact.txt")
                }
                let label = "\(target.name) case \(perTarget) (\(damaged.count) bytes)"
                let (summary, documents, quarantine) = try ingest([input], into: work + "/out", threads: 1)
                XCTAssertBalanced(summary.totals)
                XCTAssertEqual(documents.count, summary.totals.written, label)
                XCTAssertEqual(quarantine.count, summary.totals.quarantined, label)
                XCTAssertEqual(summary.complete, summary.errors.isEmpty, label)
                for error in summary.errors { XCTAssertTrue(error.hasPrefix(path), "\(label): \(error)") }
                try? FileManager.default.removeItem(atPath: work)
                perTarget += 1
                cases += 1
            }
        }
        XCTAssertGreaterThanOrEqual(cases, targets.count * 3)
        print("reader fuzz: \(cases) damaged inputs")
    }
}
