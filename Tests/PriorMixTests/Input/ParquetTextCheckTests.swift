import XCTest
@testable import PriorMix

/// A Parquet string column's text is checked by `UTF8Check` instead of the standard library; it
/// must accept and reject exactly what `String(validating:)` does, or documents would change.
final class ParquetTextCheckTests: XCTestCase {
    private func assertSameAsStandardLibrary(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        bytes.withUnsafeBufferPointer { buffer in
            let expected = UTF8Repair.string(from: buffer)
            let got = ColumnarRow.text(buffer)
            XCTAssertEqual(got.repaired, expected.repaired, "bytes \(bytes)", file: file, line: line)
            XCTAssertEqual(Array(got.text.utf8), Array(expected.text.utf8), "bytes \(bytes)", file: file, line: line)
            let check = UTF8Check.scan(buffer)
            if check.valid { XCTAssertEqual(check.ascii, bytes.allSatisfy { $0 < 0x80 }, file: file, line: line) }
        }
    }

    /// Every one- and two-byte sequence, and every three- and four-byte sequence whose bytes come
    /// from the values around each boundary of the table (overlong, surrogate, past U+10FFFF).
    func testEveryShortSequenceAgreesWithTheStandardLibrary() {
        for a in 0...255 { assertSameAsStandardLibrary([UInt8(a)]) }
        for a in 0...255 { for b in 0...255 { assertSameAsStandardLibrary([UInt8(a), UInt8(b)]) } }
        let edges: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
                              0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        for a in edges { for b in edges { for c in edges {
            assertSameAsStandardLibrary([a, b, c])
            for d in [UInt8(0x41), 0x80, 0xBF, 0xC0] { assertSameAsStandardLibrary([a, b, c, d]) }
        } } }
    }

    /// Long text (past the eight-byte ASCII steps) with non-ASCII characters and damage at every
    /// position relative to a word boundary, including sequences cut by the end of the value.
    func testDamagedTextAtEveryAlignmentAgreesWithTheStandardLibrary() {
        let text = Array("Plain words, then café, naïve — 漢字 and 😀 emoji; more plain ASCII words to the end.".utf8)
        assertSameAsStandardLibrary(text)
        for cut in 0...text.count { assertSameAsStandardLibrary(Array(text[0..<cut])) }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 // a fixed sequence, so a failure repeats
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        for position in 0..<text.count {
            for bad: UInt8 in [0x80, 0xC0, 0xE0, 0xED, 0xF4, 0xFF] {
                var damaged = text
                damaged[position] = bad
                assertSameAsStandardLibrary(damaged)
            }
        }
        for _ in 0..<2_000 {
            var damaged = text
            damaged[next() % damaged.count] = UInt8(next() & 0xFF)
            damaged[next() % damaged.count] = UInt8(next() & 0xFF)
            assertSameAsStandardLibrary(damaged)
        }
    }
}
