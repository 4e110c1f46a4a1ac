import Foundation
import XCTest
@testable import PriorMix

/// Parquet files written by pyarrow (every codec, both data page versions, dictionary on and off,
/// delta and byte-stream-split encodings, page checksums, nulls, nested columns, one row per row
/// group) must read to exactly the values pyarrow states; damaged files give named errors.
final class ParquetReaderTests: XCTestCase {
    /// Every row of a Parquet file as PriorMix reads it, parsed by Foundation.
    static func rows(_ path: String, textField: String = "text") throws -> (rows: [NSDictionary], quarantined: [RawRecord]) {
        let reader = try ParquetReader(path: path, textField: textField)
        var rows: [NSDictionary] = []
        var quarantined: [RawRecord] = []
        while let record = try reader.next() {
            if case .jsonLine = record.payload {
                let object = try JSONSerialization.jsonObject(with: Data(record.bytes))
                rows.append(try XCTUnwrap(object as? NSDictionary, String(decoding: record.bytes, as: UTF8.self)))
            } else {
                quarantined.append(record)
            }
        }
        return (rows, quarantined)
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
}
