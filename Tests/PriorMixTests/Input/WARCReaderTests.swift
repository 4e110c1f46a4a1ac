import XCTest
@testable import PriorMix

final class WARCReaderTests: XCTestCase {
    static func record(type: String, uri: String? = nil, contentType: String?, block: [UInt8], id: Int, length: Int? = nil) -> [UInt8] {
        var header = "WARC/1.0\r\nWARC-Type: \(type)\r\nWARC-Date: 2025-05-0\(id % 9 + 1)T10:00:00Z\r\n"
        header += "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-\(String(format: "%012d", id))>\r\n"
        if let uri { header += "WARC-Target-URI: \(uri)\r\n" }
        if let contentType { header += "Content-Type: \(contentType)\r\n" }
        header += "Content-Length: \(length ?? block.count)\r\n\r\n"
        return Array(header.utf8) + block + Array("\r\n\r\n".utf8)
    }

    static func http(_ contentType: String, _ body: String, status: String = "200 OK") -> [UInt8] {
        Array("HTTP/1.1 \(status)\r\nContent-Type: \(contentType)\r\nServer: test\r\n\r\n\(body)".utf8)
    }

    static func sampleRecords() -> [[UInt8]] {
        [
            record(type: "warcinfo", contentType: "application/warc-fields", block: Array("software: test\r\n".utf8), id: 1),
            record(type: "request", uri: "https://example.org/a", contentType: "application/http; msgtype=request",
                   block: Array("GET /a HTTP/1.1\r\nHost: example.org\r\n\r\n".utf8), id: 2),
            record(type: "response", uri: "https://example.org/a", contentType: "application/http; msgtype=response",
                   block: http("text/html; charset=utf-8", "<html><head><title>Market day</title></head><body><nav>menu</nav><p>Stalls of red apples.</p></body></html>"), id: 3),
            record(type: "response", uri: "https://example.org/logo.png", contentType: "application/http; msgtype=response",
                   block: http("image/png", "\u{89}PNG binary"), id: 4),
            record(type: "response", uri: "https://example.org/gone", contentType: "application/http; msgtype=response",
                   block: http("text/html", "<p>Not here</p>", status: "404 Not Found"), id: 5),
            record(type: "metadata", uri: "https://example.org/a", contentType: "application/warc-fields", block: Array("fetchTimeMs: 12\r\n".utf8), id: 6),
            record(type: "response", uri: "https://example.org/chunked", contentType: "application/http; msgtype=response",
                   block: Array("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n7\r\n<p>Chun\r\n8\r\nked.</p>\r\n0\r\n\r\n".utf8), id: 7),
        ]
    }

    func testCommonCrawlStyleWARCGz() throws {
        let directory = try makeTemporaryDirectory(self)
        let path = directory + "/crawl.warc.gz"
        try write(try Self.sampleRecords().flatMap { try gzip($0) }, to: path)  // one gzip member per record
        let (summary, documents, _) = try ingest([path], into: directory + "/out")
        XCTAssertBalanced(summary.totals)
        // Main-content extraction (the default) leaves the <title> to metadata.
        XCTAssertEqual(documents.map { $0["text"] as? String }, ["Stalls of red apples.", "Chunked."])
        let metadata = try XCTUnwrap(documents[0]["metadata"] as? [String: Any])
        XCTAssertEqual(metadata["title"] as? String, "Market day")
        XCTAssertEqual(metadata["url"] as? String, "https://example.org/a")
        XCTAssertEqual(metadata["date"] as? String, "2025-05-04T10:00:00Z")
        XCTAssertEqual(documents[0]["id"] as? String, "urn:uuid:00000000-0000-0000-0000-000000000003")
        XCTAssertEqual(summary.totals.filteredByReason, ["non-html-response": 1, "http-error-status": 1])
        XCTAssertEqual(summary.totals.nonDocumentRecords, ["warcinfo": 1, "request": 1, "metadata": 1])
        XCTAssertTrue(summary.complete)
    }

    func testWETConversionRecordsAreText() throws {
        let directory = try makeTemporaryDirectory(self)
        let records = [
            Self.record(type: "warcinfo", contentType: "application/warc-fields", block: Array("isPartOf: test\r\n".utf8), id: 1),
            Self.record(type: "conversion", uri: "https://example.org/x", contentType: "text/plain", block: Array("Plain text of the page.\nSecond line.".utf8), id: 2),
        ]
        let path = directory + "/crawl.warc.wet.zst"
        try write(try zstd(records.flatMap { $0 }), to: path)
        let (_, documents, _) = try ingest([path], into: directory + "/out")
        XCTAssertEqual(documents.map { $0["text"] as? String }, ["Plain text of the page.\nSecond line."])
    }

    func testTruncatedWARCGzKeepsEarlierRecords() throws {
        let directory = try makeTemporaryDirectory(self)
        let members = try Self.sampleRecords().map { try gzip($0) }
        var bytes = members[0..<3].flatMap { $0 }
        bytes += members[3].prefix(members[3].count / 2)
        let path = directory + "/cut.warc.gz"
        try write(bytes, to: path)
        let (summary, documents, _) = try ingest([path], into: directory + "/out")
        XCTAssertEqual(documents.count, 1)
        XCTAssertFalse(summary.complete)
        XCTAssertTrue(summary.errors[0].hasPrefix(path), summary.errors[0])
    }

    func testMalformedRecordHeaderStopsTheFileWithItsOffset() throws {
        let directory = try makeTemporaryDirectory(self)
        let good = Self.sampleRecords()[2]
        let path = directory + "/bad.warc"
        try write(good + Array("GARBAGE LINE\r\n".utf8) + good, to: path)
        let (summary, documents, _) = try ingest([path], into: directory + "/out")
        XCTAssertEqual(documents.count, 1)
        XCTAssertEqual(summary.errors.count, 1)
        XCTAssertTrue(summary.errors[0].contains("expected a WARC version line"), summary.errors[0])
        XCTAssertTrue(summary.errors[0].contains("at byte \(good.count)"), summary.errors[0])
    }

    /// Issue 16 item 1: a response record whose WARC headers omit Content-Type is typed by its HTTP block.
    func testResponseWithoutWARCContentTypeIsSniffedFromItsHTTPBlock() throws {
        let directory = try makeTemporaryDirectory(self)
        let path = directory + "/untyped.warc"
        try write(Self.record(type: "response", uri: "https://example.org/u", contentType: nil,
                              block: Self.http("text/html", "<html><body><p>Untyped but a page.</p></body></html>"), id: 1)
                  + Self.record(type: "response", uri: "https://example.org/i", contentType: nil,
                                block: Self.http("image/png", "\u{89}PNG"), id: 2), to: path)
        let (summary, documents, _) = try ingest([path], into: directory + "/out")
        XCTAssertBalanced(summary.totals)
        XCTAssertEqual(documents.map { $0["text"] as? String }, ["Untyped but a page."])
        XCTAssertEqual(summary.totals.filteredByReason, ["non-html-response": 1])
        XCTAssertEqual(summary.totals.nonDocumentRecords, [:])
    }

    /// Issue 16 item 2: a Content-Length running past the end of the file is an error with the record's offset.
    func testContentLengthPastTheEndIsReportedWithItsOffset() throws {
        let directory = try makeTemporaryDirectory(self)
        let good = Self.sampleRecords()[2]
        for type in ["request", "response"] {
            let cut = Self.record(type: type, uri: "https://example.org/b", contentType: "application/http; msgtype=\(type)",
                                  block: Array("GET /b HTTP/1.1\r\n".utf8), id: 9, length: 5000)
            let path = directory + "/cut-\(type).warc"
            try write(good + cut, to: path)
            let (summary, documents, _) = try ingest([path], into: directory + "/out-\(type)")
            XCTAssertEqual(documents.count, 1)
            XCTAssertFalse(summary.complete, type)
            XCTAssertEqual(summary.errors.count, 1, type)
            XCTAssertTrue(summary.errors.first?.hasPrefix(path) == true, summary.errors.first ?? type)
            XCTAssertTrue(summary.errors.first?.contains("at byte \(good.count)") == true, summary.errors.first ?? type)
        }
    }
}
