import Foundation
import XCTest
@testable import PriorMix

/// `--output-format parquet`: the annotated documents written as Parquet read back in pyarrow to
/// the same ids, texts and annotation values as the JSONL output of the same run.
final class ParquetOutputTests: XCTestCase {
    static let readBack = #"""
import json, sys, math
import pyarrow.parquet as pq
table = pq.read_table(sys.argv[1])
print(json.dumps({"names": table.schema.names, "types": [str(t) for t in table.schema.types],
                  "row_groups": pq.ParquetFile(sys.argv[1]).metadata.num_row_groups,
                  "codec": pq.ParquetFile(sys.argv[1]).metadata.row_group(0).column(0).compression}))
for row in table.to_pylist():
    for key in ("reasoning", "visual"):
        if isinstance(row[key], float) and math.isnan(row[key]): row[key] = None
    print(json.dumps(row, ensure_ascii=False))
"""#

    func testClassifyWritesParquetThatPyarrowReadsToTheJSONLValues() throws {
        let directory = try makeTemporaryDirectory(self)
        let inputs = [packageRoot + "/samples/jsonl/dolma-style.jsonl", packageRoot + "/samples/parquet/fineweb-style.parquet"]
        let (jsonlRun, _) = try runProcess(priormixBinary, ["classify"] + inputs + ["--quiet", "-o", directory + "/jsonl"])
        XCTAssertEqual(jsonlRun.status, 0, jsonlRun.stderr)
        let (parquetRun, _) = try runProcess(priormixBinary, ["classify"] + inputs + ["--quiet", "--output-format", "parquet", "-o", directory + "/parquet"])
        XCTAssertEqual(parquetRun.status, 0, parquetRun.stderr)
        XCTAssertTrue(parquetRun.stdout.contains("annotated.parquet"), parquetRun.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/parquet/annotated.jsonl.zst"))

        let (read, output) = try runPython(Self.readBack, arguments: [directory + "/parquet/annotated.parquet"], requiring: "pyarrow")
        XCTAssertEqual(read.status, 0, read.stderr)
        let lines = output.split(separator: 0x0A).map { try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
        let header = try XCTUnwrap(lines.first ?? nil)
        XCTAssertEqual(header["names"] as? [String], ["id", "text", "source", "category", "confidence", "reasoning", "visual", "tokens", "priormix", "fields"])
        XCTAssertEqual(header["codec"] as? String, "ZSTD")
        let rows = lines.dropFirst().compactMap { $0 }
        let expected = try readJSONLines(directory + "/jsonl/annotated.jsonl.zst")
        XCTAssertEqual(rows.count, expected.count)
        XCTAssertEqual(rows.count, 32)
        for (row, want) in zip(rows, expected) {
            let annotation = try XCTUnwrap(want["priormix"] as? [String: Any])
            XCTAssertEqual(row["id"] as? String, want["id"] as? String)
            XCTAssertEqual(row["text"] as? String, want["text"] as? String)
            XCTAssertEqual(row["source"] as? String, want["source"] as? String)
            XCTAssertEqual(row["category"] as? String, annotation["category"] as? String)
            XCTAssertEqual(row["confidence"] as? Double, annotation["confidence"] as? Double)
            XCTAssertEqual(row["reasoning"] as? Double, (annotation["reasoning"] as? [String: Any])?["share"] as? Double)
            XCTAssertEqual(row["visual"] as? Double, (annotation["visual"] as? [String: Any])?["share"] as? Double)
            XCTAssertEqual(row["tokens"] as? Int, annotation["tokens"] as? Int)
            let carried = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(((row["fields"] as? String) ?? "").utf8)) as? NSDictionary)
            var others = want
            for key in ["id", "text", "source", "priormix"] { others.removeValue(forKey: key) }
            XCTAssertEqual(carried, others as NSDictionary)
        }
    }

    func testRowGroupsAreBounded() throws {
        let directory = try makeTemporaryDirectory(self)
        let jsonl = directory + "/documents.jsonl"
        try write((0..<25).map { #"{"id":"d\#($0)","text":"text \#($0)","source":"s","lang":"en"}"# }.joined(separator: "\n") + "\n", to: jsonl)
        try AnnotatedParquetExport.convert([jsonl], to: directory + "/documents.parquet", rowsPerGroup: 10)
        let (read, output) = try runPython(Self.readBack.replacingOccurrences(of: #"for key in ("reasoning", "visual")"#, with: "for key in ()"),
                                           arguments: [directory + "/documents.parquet"], requiring: "pyarrow")
        XCTAssertEqual(read.status, 0, read.stderr)
        let lines = output.split(separator: 0x0A).compactMap { try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
        XCTAssertEqual(lines.first?["row_groups"] as? Int, 3)
        XCTAssertEqual(lines.first?["names"] as? [String], ["id", "text", "source", "fields"])
        XCTAssertEqual(lines.dropFirst().map { $0["text"] as? String }, (0..<25).map { "text \($0)" })
        // PriorMix's own reader reads it back too.
        let (rows, _) = try ParquetReaderTests.rows(directory + "/documents.parquet")
        XCTAssertEqual(rows.last?["fields"] as? String, #"{"lang":"en"}"#)
    }
}
