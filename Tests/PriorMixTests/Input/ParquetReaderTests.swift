import Foundation
import XCTest
@testable import PriorMix

/// Parquet files written by pyarrow (every codec, both data page versions, dictionary on and off,
/// delta and byte-stream-split encodings, page checksums, nulls, nested columns, one row per row
/// group) must read to exactly the values pyarrow states; damaged files give named errors.
final class ParquetReaderTests: XCTestCase {
    /// Every row of a Parquet file as PriorMix reads it, parsed by Foundation.
    static func rows(_ path: String, textField: String = "text", parse: Bool = true) throws -> (rows: [NSDictionary], quarantined: [RawRecord]) {
        let reader = try ParquetReader(path: path, textField: textField)
        var rows: [NSDictionary] = []
        var quarantined: [RawRecord] = []
        while let record = try reader.next() {
            if case .columns(let columns) = record.payload {
                guard parse else { rows.append([:]); continue }
                let line = Self.jsonObject(columns, record.bytes)
                let object = try JSONSerialization.jsonObject(with: Data(line))
                rows.append(try XCTUnwrap(object as? NSDictionary, String(decoding: line, as: UTF8.self)))
            } else {
                quarantined.append(record)
            }
        }
        return (rows, quarantined)
    }

    /// A row's columns as one JSON object, string columns escaped.
    static func jsonObject(_ row: ColumnarRow, _ bytes: [UInt8]) -> [UInt8] {
        var line: [UInt8] = [UInt8(ascii: "{")]
        bytes.withUnsafeBufferPointer { bytes in
            for index in row.names.indices {
                if index > 0 { line.append(UInt8(ascii: ",")) }
                JSONWriter.appendString(row.names[index], to: &line)
                line.append(UInt8(ascii: ":"))
                row.json(index, in: bytes, to: &line)
            }
        }
        line.append(UInt8(ascii: "}"))
        return line
    }

    static func expected(_ path: String) throws -> [NSDictionary] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? NSDictionary)
        }
    }

    func testEveryCodecPageVersionAndEncodingReadsPyarrowsValues() throws {
        let directory = try makeTemporaryDirectory(self)
        let (result, _) = try runPython(ParquetPeerScripts.matrix, arguments: [directory], requiring: "pyarrow")
        XCTAssertEqual(result.status, 0, result.stderr)
        let expected = try Self.expected(directory + "/expected.jsonl")
        let cases = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/cases.json"))) as? [String])
        XCTAssertEqual(cases.count, 6 * 2 * 2 + 4 + 1)
        for name in cases {
            let (rows, quarantined) = try Self.rows(directory + "/" + name)
            XCTAssertEqual(quarantined.count, 0, name)
            XCTAssertEqual(rows.count, expected.count, name)
            for (index, (row, want)) in zip(rows, expected).enumerated() where row != want {
                XCTFail("\(name) row \(index + 1): read \(row), pyarrow says \(want)")
                break
            }
        }
    }

    static let awkwardColumns = #"""
import sys, decimal
import pyarrow as pa, pyarrow.parquet as pq
n = 60
text = [None if i % 7 == 3 else ("  " if i % 11 == 4 else (b"bad \xff\xfe utf8 \x00 \x01 " + str(i).encode() if i % 5 == 0
        else f"doc {i} caf\u00e9 \"q\" \\ line\nnext \U0001F642".encode())) for i in range(n)]
table = pa.table({
    "text": pa.array(text, pa.binary()),
    "id": pa.array([None if i % 4 == 1 else f"id-{i}" for i in range(n)], pa.string()),
    "source": pa.array([None if i % 3 == 0 else f"src{i}" for i in range(n)], pa.string()),
    "uuid": pa.array([bytes([i] * 16) for i in range(n)], pa.binary(16)),
    "price": pa.array([decimal.Decimal(i) / 100 for i in range(n)], pa.decimal128(10, 2)),
    "score": pa.array([float("nan") if i % 6 == 0 else i * 0.5 for i in range(n)], pa.float64()),
    "raw": pa.array([b"\xc3\x28 x" if i % 2 else b"ok\t" for i in range(n)], pa.binary()),
    "tags": pa.array([[f"t\n{i}", None] if i % 2 else [] for i in range(n)], pa.list_(pa.string())),
    "seen": pa.array([1700000000000000 + i for i in range(n)], pa.timestamp("us", tz="UTC")),
})
pq.write_table(table, sys.argv[1], row_group_size=16)
"""#

    /// A row handed on as columns normalizes to exactly the outcome of its JSON rendering read as
    /// a JSON line (the path rows took before): invalid UTF-8, nulls, NaN, decimals, fixed-size
    /// bytes, lists and timestamps, under text and id columns of every kind.
    func testRowsNormalizeExactlyAsTheirJSONLines() throws {
        let directory = try makeTemporaryDirectory(self)
        let path = directory + "/awkward.parquet"
        let (result, _) = try runPython(Self.awkwardColumns, arguments: [path], requiring: "pyarrow")
        XCTAssertEqual(result.status, 0, result.stderr)
        let choices: [(text: String, id: String)] = [("text", "id"), ("text", "price"), ("text", "score"), ("text", "uuid"), ("text", "tags"),
                                                     ("text", "seen"), ("raw", "text"), ("uuid", "source"), ("price", "id"), ("source", "raw")]
        var written = 0, quarantined = 0, repaired = 0
        for (text, id) in choices {
            let normalizer = Normalizer(options: ReaderOptions(textField: text, idField: id))
            let reader = try ParquetReader(path: path, textField: text)
            while let record = try reader.next() {
                guard case .columns(let row) = record.payload else { return XCTFail("row \(record.location.line ?? 0) not read") }
                let line = RawRecord(payload: .jsonLine, bytes: Self.jsonObject(row, record.bytes), source: record.source, location: record.location)
                let direct = normalizer.normalize(record)
                XCTAssertEqual(String(describing: direct), String(describing: normalizer.normalize(line)), "\(text)/\(id) row \(record.location.line ?? 0)")
                switch direct {
                case .written(_, let wasRepaired): written += 1; repaired += wasRepaired ? 1 : 0
                case .quarantined: quarantined += 1
                default: break
                }
            }
        }
        // Every kind of outcome was met, so the comparison covered them all.
        XCTAssertGreaterThan(written, 100)
        XCTAssertGreaterThan(quarantined, 20)
        XCTAssertGreaterThan(repaired, 10)
    }
}

/// Damaged Parquet files: a named error or a quarantined row group, never a crash.
final class ParquetDamageTests: XCTestCase {
    struct Chunk: Decodable { var start: Int; var data: Int; var size: Int }
    var directory = ""
    var chunks: [String: Chunk] = [:]

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory(self)
        let (result, _) = try runPython(ParquetPeerScripts.damage, arguments: [directory], requiring: "pyarrow")
        XCTAssertEqual(result.status, 0, result.stderr)
        chunks = try JSONDecoder().decode([String: Chunk].self, from: Data(contentsOf: URL(fileURLWithPath: directory + "/chunks.json")))
    }

    private func damaged(_ name: String, _ change: (inout [UInt8]) -> Void) throws -> String {
        var bytes = try readAllBytes(directory + "/" + name)
        change(&bytes)
        let path = directory + "/damaged-" + name
        try write(bytes, to: path)
        return path
    }

    private func openError(_ path: String, file: StaticString = #filePath, line: UInt = #line) -> PriorMixError? {
        do {
            _ = try ParquetReaderTests.rows(path)
            XCTFail("\(path) was read without error", file: file, line: line)
            return nil
        } catch let error as PriorMixError {
            XCTAssertEqual(error.file, path, file: file, line: line)
            return error
        } catch {
            XCTFail("\(error)", file: file, line: line)
            return nil
        }
    }

    func testCorruptCompressedPageFailsItsChecksumAndOnlyItsRowGroupIsQuarantined() throws {
        let chunk = try XCTUnwrap(chunks["checked.parquet"])
        let path = try damaged("checked.parquet") { bytes in
            for i in 0..<8 { bytes[chunk.start + chunk.size / 2 + i] ^= 0x5A }
        }
        let (rows, quarantined) = try ParquetReaderTests.rows(path)
        XCTAssertEqual(rows.count, 200)
        XCTAssertEqual((rows.first?["id"] as? Int), -3000)
        XCTAssertEqual(quarantined.count, 1)
        guard case .setAside(let reason, let detail)? = quarantined.first?.payload else { return XCTFail("no quarantine record") }
        XCTAssertEqual(reason, .unreadableRowGroup)
        XCTAssertTrue(detail.contains("row group 2 of 3, column \"text\""), detail)
        XCTAssertTrue(detail.contains("CRC"), detail)
        XCTAssertEqual(quarantined.first?.location.line, 101)
    }

    func testWrongPageSizeIsNamed() throws {
        let chunk = try XCTUnwrap(chunks["plain.parquet"])
        let path = try damaged("plain.parquet") { bytes in
            // PageHeader: field 1 (type), field 2 (uncompressed size), field 3 (compressed size), compact protocol.
            var p = chunk.data
            XCTAssertEqual(bytes[p], 0x15); p += 1
            while bytes[p] & 0x80 != 0 { p += 1 }; p += 1
            XCTAssertEqual(bytes[p], 0x15); p += 1
            while bytes[p] & 0x80 != 0 { p += 1 }; p += 1
            XCTAssertEqual(bytes[p], 0x15); p += 1
            XCTAssertLessThan(bytes[p] & 0x7F, 0x7E)
            bytes[p] += 2  // zigzag: one more byte than written
        }
        let (rows, quarantined) = try ParquetReaderTests.rows(path)
        XCTAssertEqual(rows.count, 200)
        guard case .setAside(_, let detail)? = quarantined.first?.payload else { return XCTFail("no quarantine record") }
        XCTAssertTrue(detail.contains("row group 2 of 3, column \"text\""), detail)
        XCTAssertTrue(detail.contains("page at chunk byte 0 claims"), detail)
        XCTAssertTrue(detail.contains("past the column chunk"), detail)
    }

    func testTruncatedFileBadMagicAndBadFooterAreNamedErrors() throws {
        let truncated = try damaged("plain.parquet") { $0.removeLast($0.count / 2) }
        XCTAssertEqual(openError(truncated)?.code, .truncatedInput)
        let cutFooter = try damaged("checked.parquet") { $0.removeLast(3) }
        XCTAssertEqual(openError(cutFooter)?.code, .truncatedInput)
        let magic = try damaged("plain.parquet") { $0[0] = UInt8(ascii: "Q") }
        XCTAssertTrue(openError(magic)?.message.contains("does not start with PAR1") ?? false)
        let length = try damaged("plain.parquet") { $0[$0.count - 5] = 0x7F }
        XCTAssertTrue(openError(length)?.message.contains("footer length") ?? false)
        let garbage = try damaged("plain.parquet") { bytes in
            let length = Int(bytes[bytes.count - 8]) | Int(bytes[bytes.count - 7]) << 8
            for i in (bytes.count - 8 - length)..<(bytes.count - 8) { bytes[i] = 0xFF }
        }
        XCTAssertEqual(openError(garbage)?.code, .corruptInput)
    }

    func testSchemaWithoutTheTextColumnIsRefusedByName() throws {
        let path = directory + "/numbers.parquet"
        let missing = openError(path)
        XCTAssertTrue(missing?.message.contains("no column \"text\" (its columns: a, b)") ?? false, missing?.description ?? "")
        XCTAssertEqual(missing?.hint, "name the text column with --text-field")
        XCTAssertThrowsError(try ParquetReaderTests.rows(path, textField: "a")) { error in
            XCTAssertTrue("\(error)".contains("\"a\" does not hold strings"), "\(error)")
        }
    }

    /// Seeded byte flips and truncations anywhere in the file: every read ends in rows, a
    /// quarantined row group or a PriorMixError (a trap would crash the test run).
    func testRandomDamageNeverCrashes() throws {
        let original = try readAllBytes(directory + "/checked.parquet")
        let plain = try readAllBytes(directory + "/plain.parquet")
        var generator = SplitMix64(seed: 20)
        var outcomes = [0, 0, 0]
        for round in 0..<200 {
            var bytes = round % 2 == 0 ? original : plain
            if round % 5 == 4 {
                bytes.removeLast(Int(generator.next() % UInt64(bytes.count)))
            } else {
                for _ in 0..<(1 + Int(generator.next() % 4)) {
                    bytes[Int(generator.next() % UInt64(bytes.count))] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
                }
            }
            let path = directory + "/fuzz.parquet"
            try write(bytes, to: path)
            do {
                let (_, quarantined) = try ParquetReaderTests.rows(path, parse: false)
                outcomes[quarantined.isEmpty ? 0 : 1] += 1
            } catch is PriorMixError {
                outcomes[2] += 1
            }
        }
        XCTAssertGreaterThan(outcomes[1], 0, "\(outcomes)")
        XCTAssertGreaterThan(outcomes[2], 0, "\(outcomes)")
    }

    func testIngestPicksColumnsCarriesTheRestAndQuarantinesABadRowGroup() throws {
        // Detected by its PAR1 magic, whatever the name.
        try FileManager.default.copyItem(atPath: directory + "/docs.parquet", toPath: directory + "/docs.data")
        let docs = try readAllBytes(directory + "/docs.parquet")
        let output = directory + "/out"
        let (summary, documents, quarantine) = try ingest([directory + "/docs.data"], into: output) { configuration in
            configuration.reader.textField = "body"
            configuration.reader.idField = "doc_id"
        }
        XCTAssertEqual(summary.totals.written, 30)
        XCTAssertEqual(documents.first?["id"] as? String, "d000")
        XCTAssertEqual(documents.first?["text"] as? String, "Document 0 about the lighthouse.")
        XCTAssertEqual(documents.last?["year"] as? Int, 2019)
        XCTAssertEqual(documents.last?["lang"] as? String, "en")
        XCTAssertTrue(quarantine.isEmpty)
        XCTAssertEqual(summary.inputs.first?.format, "parquet")
        XCTAssertGreaterThan(docs.count, 0)

        let chunk = try XCTUnwrap(chunks["checked.parquet"])
        let bad = try damaged("checked.parquet") { bytes in bytes[chunk.start + chunk.size / 2] ^= 0xFF }
        let (badSummary, _, badQuarantine) = try ingest([bad], into: directory + "/out-bad")
        let lost = badQuarantine.filter { $0["reason"] as? String == "unreadable-row-group" }
        XCTAssertEqual(lost.count, 1)
        XCTAssertEqual(lost.first?["line"] as? Int, 101)
        XCTAssertTrue((lost.first?["detail"] as? String)?.contains("row group 2 of 3, column \"text\"") ?? false)
        // The other quarantined rows are those whose text is null (as for `"text": null` in JSONL).
        XCTAssertEqual(badQuarantine.count - 1, badQuarantine.filter { $0["reason"] as? String == "text-not-a-string" }.count)
        XCTAssertBalanced(badSummary.totals)
    }
}

final class ParquetSampleTests: XCTestCase {
    /// The bundled FineWeb-style sample carries the Dolma-style sample's texts, row for row.
    func testSampleHoldsTheDolmaSampleTexts() throws {
        let (rows, quarantined) = try ParquetReaderTests.rows(packageRoot + "/samples/parquet/fineweb-style.parquet")
        XCTAssertTrue(quarantined.isEmpty)
        let dolma = try readJSONLines(packageRoot + "/samples/jsonl/dolma-style.jsonl")
        XCTAssertEqual(rows.map { $0["text"] as? String }, dolma.map { $0["text"] as? String })
        XCTAssertEqual(Set(rows.map { $0["dump"] as? String }), ["CC-MAIN-2024-42"])
    }
}

final class ParquetUnitTests: XCTestCase {
    /// A large file is cut into units of consecutive row groups; reading the units one after the
    /// other gives exactly the rows (and row numbers) of reading the file whole.
    func testRowGroupUnitsReadToTheWholeFile() throws {
        let directory = try makeTemporaryDirectory(self)
        let (result, _) = try runPython(ParquetPeerScripts.damage, arguments: [directory], requiring: "pyarrow")
        XCTAssertEqual(result.status, 0, result.stderr)
        let path = directory + "/checked.parquet"
        let units = try XCTUnwrap(ParquetReader.rowGroupUnits(path: path, unitBytes: 1))
        XCTAssertEqual(units.map(\.0), [0..<1, 1..<2, 2..<3])
        XCTAssertEqual(try XCTUnwrap(ParquetReader.rowGroupUnits(path: path, unitBytes: 1 << 30)).map(\.0), [0..<3])
        func records(_ reader: ParquetReader) throws -> [(Int?, [UInt8])] {
            var out: [(Int?, [UInt8])] = []
            while let record = try reader.next() { out.append((record.location.line, record.bytes)) }
            return out
        }
        let whole = try records(ParquetReader(path: path, textField: "text"))
        var pieces: [(Int?, [UInt8])] = []
        for (range, _) in units { pieces += try records(ParquetReader(path: path, textField: "text", rowGroups: range)) }
        XCTAssertEqual(whole.count, 300)
        XCTAssertEqual(pieces.map(\.0), whole.map(\.0))
        XCTAssertEqual(pieces.map(\.1), whole.map(\.1))
    }
}
