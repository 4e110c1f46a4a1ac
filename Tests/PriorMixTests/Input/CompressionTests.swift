import XCTest
@testable import PriorMix

final class CompressionTests: XCTestCase {
    private let lines = (0..<2000).map { #"{"id":"d\#($0)","text":"document number \#($0) with some text"}"# }.joined(separator: "\n") + "\n"

    func testCompressionIsDetectedFromMagicBytesNotTheName() throws {
        let directory = try makeTemporaryDirectory(self)
        let data = Array(lines.utf8)
        try write(try zstd(data), to: directory + "/misnamed.jsonl")       // zstd without .zst
        try write(try gzip(data), to: directory + "/misnamed.txt")         // gzip without .gz
        try write(data, to: directory + "/plain.jsonl.gz")                 // plain with .gz
        XCTAssertEqual(try Compression.open(directory + "/misnamed.jsonl").compression, .zstd)
        XCTAssertEqual(try Compression.open(directory + "/misnamed.txt").compression, .gzip)
        XCTAssertEqual(try Compression.open(directory + "/plain.jsonl.gz").compression, .none)
        for name in ["misnamed.jsonl", "misnamed.txt", "plain.jsonl.gz"] {
            XCTAssertEqual(try readAllBytes(directory + "/" + name), data, name)
        }
    }

    func testMultiMemberGzipReadsEveryMember() throws {
        let directory = try makeTemporaryDirectory(self)
        let parts = ["first member\n", "second member\n", "third member\n"]
        try write(try parts.flatMap { try gzip(Array($0.utf8)) }, to: directory + "/members.gz")
        XCTAssertEqual(String(decoding: try readAllBytes(directory + "/members.gz"), as: UTF8.self), parts.joined())
    }

    func testTruncatedZstdKeepsDecodedBytesThenReportsOffset() throws {
        let directory = try makeTemporaryDirectory(self)
        // Two frames: the first complete, the second cut in half.
        let first = try zstd(Array(lines.utf8))
        let second = try zstd(Array(lines.utf8))
        let path = directory + "/cut.jsonl.zst"
        try write(first + second.prefix(second.count / 2), to: path)
        let reader = ByteReader(source: try Compression.open(path).source)
        var count = 0
        do {
            while let line = try reader.readLine(maxLength: 1 << 20) {
                if case .bytes = line { count += 1 }
            }
            XCTFail("a truncated stream must throw")
        } catch let error as PriorMixError {
            XCTAssertEqual(error.code, .truncatedInput)
            XCTAssertEqual(error.file, path)
            XCTAssertEqual(error.offset, first.count + second.count / 2)
        }
        XCTAssertGreaterThanOrEqual(count, 2000, "the complete first frame must be read in full")
    }

    func testTruncatedGzipReportsTheFile() throws {
        let directory = try makeTemporaryDirectory(self)
        let compressed = try gzip(Array(lines.utf8))
        let path = directory + "/cut.jsonl.gz"
        try write(Array(compressed.prefix(compressed.count - 10)), to: path)
        XCTAssertThrowsError(try readAllBytes(path)) { error in
            XCTAssertEqual((error as? PriorMixError)?.code, .truncatedInput)
            XCTAssertEqual((error as? PriorMixError)?.file, path)
        }
    }

    func testCorruptGzipIsAnErrorNotACrash() throws {
        let directory = try makeTemporaryDirectory(self)
        var compressed = try gzip(Array(lines.utf8))
        for index in 20..<60 { compressed[index] ^= 0x5A }
        try write(compressed, to: directory + "/corrupt.gz")
        XCTAssertThrowsError(try readAllBytes(directory + "/corrupt.gz")) { error in
            XCTAssertEqual((error as? PriorMixError)?.code, .corruptInput)
        }
    }

    func testUnsupportedCompressionNamesTheFormat() throws {
        let directory = try makeTemporaryDirectory(self)
        try write(Array("BZh91AY&SY".utf8), to: directory + "/data.jsonl.bz2")
        XCTAssertThrowsError(try Compression.open(directory + "/data.jsonl.bz2")) { error in
            XCTAssertTrue("\(error)".contains("bzip2-compressed input is not supported"), "\(error)")
        }
    }

    func testLinesAcrossBufferBoundariesAndOverlongLines() throws {
        let directory = try makeTemporaryDirectory(self)
        let long = String(repeating: "x", count: 50_000)
        let text = "short\r\n\(long)\nafter\nlast-without-newline"
        try write(text, to: directory + "/lines.txt")
        let reader = ByteReader(source: try Compression.open(directory + "/lines.txt").source, bufferSize: 4096)
        var lines: [String] = []
        while let line = try reader.readLine(maxLength: 10_000) {
            switch line {
            case .bytes(let bytes): lines.append(String(decoding: bytes, as: UTF8.self))
            case .tooLong(let length): lines.append("<too long: \(length)>")
            }
        }
        XCTAssertEqual(lines, ["short\r", "<too long: 50000>", "after", "last-without-newline"])
    }
}
