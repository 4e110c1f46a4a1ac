import Foundation
import XCTest
@testable import PriorMix

/// The text column is decoded page by page as rows are taken (`ParquetPagedColumn`): row groups
/// of many small pages, a dictionary that overflows into PLAIN pages, nulls and empty strings
/// read to pyarrow's values; a damaged later page of a checksummed file still sets its whole
/// row group aside before any of its rows, and a corrupt page in a file without checksums is
/// met where it lies: the rows before it are read, the rest of its row group set aside.
final class ParquetPagedColumnTests: XCTestCase {
    static let script = ParquetPeerScripts.common + "\n" + #"""
out = sys.argv[1]
rng = random.Random(5)
words = ["harbour", "kelp", "prime", "münze", "東京", "naïve", "\"q\"", "back\\slash", "line\nbreak", "🙂"]
n = 600
texts = [None if i % 13 == 7 else ("" if i % 29 == 3 else " ".join(rng.choice(words) for _ in range(rng.randint(1, 60)))) for i in range(n)]
# Values repeat at first, so the dictionary is used before it overflows into PLAIN pages.
texts = [texts[i % 40] if i < 300 else texts[i] for i in range(n)]
table = pa.table({"text": pa.array(texts, pa.string()), "id": pa.array(range(n), pa.int64())})
write_expected(table, os.path.join(out, "expected.jsonl"))
cases = []
for codec in ["none", "zstd"]:
    for version in ["1.0", "2.0"]:
        name = "paged-%s-v%s.parquet" % (codec, version)
        path = os.path.join(out, name)
        pq.write_table(table, path, compression=codec, data_page_version=version, row_group_size=200,
                       data_page_size=1024, dictionary_pagesize_limit=1024, write_batch_size=10, write_page_checksum=True)
        encodings = pq.ParquetFile(path).metadata.row_group(1).column(0).encodings
        assert "PLAIN" in encodings and any("DICTIONARY" in e for e in encodings), encodings
        cases.append(name)
pq.write_table(table, os.path.join(out, "unchecked.parquet"), compression="zstd", row_group_size=200,
               data_page_size=1024, write_batch_size=10, use_dictionary=False)
json.dump(cases, open(os.path.join(out, "cases.json"), "w"))
"""#

    var directory = ""

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory(self)
        let (result, _) = try runPython(Self.script, arguments: [directory], requiring: "pyarrow")
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func testManyPagesAndADictionaryFallbackReadPyarrowsValues() throws {
        let expected = try ParquetReaderTests.expected(directory + "/expected.jsonl")
        let cases = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/cases.json"))) as? [String])
        XCTAssertEqual(cases.count, 4)
        for name in cases + ["unchecked.parquet"] {
            XCTAssertGreaterThan(try Self.textPages(directory + "/" + name, rowGroup: 1).pages.count, 10, name)
            let (rows, quarantined) = try ParquetReaderTests.rows(directory + "/" + name)
            XCTAssertEqual(quarantined.count, 0, name)
            XCTAssertEqual(rows, expected, name)
        }
    }

    func testDamageToALaterPageOfACheckedFileSetsTheWholeRowGroupAside() throws {
        let path = directory + "/paged-zstd-v1.0.parquet"
        let (chunkStart, pages) = try Self.textPages(path, rowGroup: 1)
        let page = pages.filter { $0.type != .dictionaryPage }[5]
        var bytes = try readAllBytes(path)
        bytes[chunkStart + page.body.lowerBound + page.body.count / 2] ^= 0x5A
        try write(bytes, to: path)
        let (rows, quarantined) = try ParquetReaderTests.rows(path)
        XCTAssertEqual(rows.count, 400)
        XCTAssertEqual(rows.map { $0["id"] as? Int }, Array(0..<200) + Array(400..<600))
        XCTAssertEqual(quarantined.count, 1)
        guard case .setAside(let reason, let detail)? = quarantined.first?.payload else { return XCTFail("no quarantine record") }
        XCTAssertEqual(reason, .unreadableRowGroup)
        XCTAssertTrue(detail.contains("row group 2 of 3, column \"text\": page at chunk byte \(page.offset) fails its CRC check"), detail)
        XCTAssertTrue(detail.contains("its 200 rows were not read"), detail)
        XCTAssertEqual(quarantined.first?.location.line, 201)
    }

    func testACorruptPageWithoutChecksumSetsTheRestOfItsRowGroupAside() throws {
        let path = directory + "/unchecked.parquet"
        let expected = try ParquetReaderTests.expected(directory + "/expected.jsonl")
        let (chunkStart, pages) = try Self.textPages(path, rowGroup: 1)
        let dataPages = pages.filter { $0.type != .dictionaryPage }
        let page = dataPages[4]
        let before = dataPages[0..<4].reduce(0) { $0 + $1.entries }
        var bytes = try readAllBytes(path)
        // The zstd frame's magic number: the page cannot be decompressed.
        for i in 0..<4 { bytes[chunkStart + page.body.lowerBound + i] = 0 }
        try write(bytes, to: path)
        let (rows, quarantined) = try ParquetReaderTests.rows(path)
        XCTAssertGreaterThan(before, 0)
        let kept = Array(0..<(200 + before)) + Array(400..<600)
        XCTAssertEqual(rows, kept.map { expected[$0] })
        XCTAssertEqual(quarantined.count, 1)
        guard case .setAside(let reason, let detail)? = quarantined.first?.payload else { return XCTFail("no quarantine record") }
        XCTAssertEqual(reason, .unreadableRowGroup)
        XCTAssertTrue(detail.contains("row group 2 of 3, column \"text\": page at chunk byte \(page.offset): corrupt zstd page"), detail)
        XCTAssertTrue(detail.contains("its last \(200 - before) rows were not read"), detail)
        XCTAssertEqual(quarantined.first?.location.line, 201 + before)
    }

    /// Where row group `rowGroup`'s text column chunk starts in the file, and its pages.
    static func textPages(_ path: String, rowGroup: Int) throws -> (start: Int, pages: [ParquetPage]) {
        let file = try ParquetFile(path: path)
        let meta = try XCTUnwrap(file.metadata.rowGroups[rowGroup].columns[0].meta)
        let start = meta.chunkStart
        let chunk = try file.read(offset: start, count: Int(meta.totalCompressedSize))
        var pages: [ParquetPage] = []
        try chunk.withUnsafeBytes { try ParquetPageScan.pages($0, expectedEntries: Int(meta.numValues), codec: meta.codec, into: &pages) }
        return (start, pages)
    }
}
