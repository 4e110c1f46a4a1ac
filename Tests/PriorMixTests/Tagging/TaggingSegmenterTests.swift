import XCTest
@testable import PriorMix

final class TaggingSegmenterTests: XCTestCase {
    /// Segments must tile the text: contiguous, from 0 to the byte count, none empty.
    func assertTiles(_ segments: [TextSegment], _ text: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(segments.first?.start, 0, file: file, line: line)
        XCTAssertEqual(segments.last?.end, text.utf8.count, file: file, line: line)
        for (previous, next) in zip(segments, segments.dropFirst()) {
            XCTAssertEqual(previous.end, next.start, file: file, line: line)
        }
        for segment in segments { XCTAssertLessThan(segment.start, segment.end, file: file, line: line) }
    }

    func slice(_ text: String, _ segment: TextSegment) -> String {
        String(decoding: Array(text.utf8)[segment.start..<segment.end], as: UTF8.self)
    }

    func testEmptyTextHasNoSegmentsAndShortTextOne() {
        XCTAssertEqual(Segmenter().segments(of: ""), [])
        let segments = Segmenter().segments(of: "One short line.")
        XCTAssertEqual(segments, [TextSegment(start: 0, end: 15, tokens: TokenEstimate.tokens("One short line."))])
    }

    func testTokenEstimateFollowsItsDocumentedRule() {
        XCTAssertEqual(TokenEstimate.tokens("abcd"), 1)
        XCTAssertEqual(TokenEstimate.tokens("abcde"), 2)
        // A run of whitespace weighs one byte: eight spaces of indentation cost a quarter token.
        XCTAssertEqual(TokenEstimate.tokens("ab" + String(repeating: " ", count: 8) + "c"), 1)
        // Each non-ASCII character is a token of its own.
        XCTAssertEqual(TokenEstimate.tokens("日本語"), 3)
        XCTAssertEqual(TokenEstimate.tokens("é"), 1)
    }

    func testCutsAtParagraphBreaksNearTheTarget() {
        let paragraph = String(repeating: "word ", count: 30) + "end."   // about 38 tokens
        let text = Array(repeating: paragraph, count: 10).joined(separator: "\n\n")
        let segments = Segmenter(targetTokens: 100).segments(of: text)
        assertTiles(segments, text)
        XCTAssertGreaterThan(segments.count, 3)
        for segment in segments.dropLast() {
            XCTAssertTrue(slice(text, segment).hasSuffix("end.\n\n"), "cut away from a paragraph break: \(slice(text, segment).suffix(20))")
            XCTAssertLessThanOrEqual(segment.tokens, 100)
            XCTAssertGreaterThanOrEqual(segment.tokens, 50, "segments stay at least half full")
        }
    }

    func testPrefersLineBreaksWhenParagraphsAreTooLong() {
        let line = String(repeating: "x", count: 60) + "\n"   // 16 tokens a line, no blank lines
        let text = String(repeating: line, count: 40)
        let segments = Segmenter(targetTokens: 100).segments(of: text)
        assertTiles(segments, text)
        for segment in segments { XCTAssertTrue(slice(text, segment).hasSuffix("\n")) }
    }

    func testAHugeLineIsCutAtWhitespace() {
        let text = Array(repeating: "alpha beta gamma delta", count: 2000).joined(separator: " ")
        let segments = Segmenter(targetTokens: 64).segments(of: text)
        assertTiles(segments, text)
        XCTAssertGreaterThan(segments.count, 100)
        for segment in segments.dropLast() {
            XCTAssertTrue(slice(text, segment).hasSuffix(" "), "a word was split")
            XCTAssertLessThanOrEqual(segment.tokens, 64)
        }
    }

    func testTextWithoutWhitespaceIsCutBetweenCharactersNeverInsideOne() {
        let text = String(repeating: "日本語のテキスト", count: 400) + String(repeating: "ü", count: 500)
        let segments = Segmenter(targetTokens: 50).segments(of: text)
        assertTiles(segments, text)
        let bytes = Array(text.utf8)
        for segment in segments {
            XCTAssertNotEqual(bytes[segment.start] & 0xC0, 0x80, "segment starts inside a UTF-8 sequence")
            XCTAssertNotNil(String(validating: bytes[segment.start..<segment.end], as: UTF8.self))
            XCTAssertLessThanOrEqual(segment.tokens, 50)
        }
    }

    func testATokenizerGivesExactCounts() {
        // A stand-in tokenizer: one token per whitespace-separated word.
        let counter: @Sendable (String) -> Int = { $0.split(whereSeparator: { $0 == " " || $0 == "\n" }).count }
        let paragraph = Array(repeating: "w", count: 30).joined(separator: " ")
        let text = Array(repeating: paragraph, count: 12).joined(separator: "\n\n")
        let segments = Segmenter(targetTokens: 100, tokenCounter: counter).segments(of: text)
        assertTiles(segments, text)
        XCTAssertEqual(segments.map(\.tokens), segments.map { counter(slice(text, $0)) })
        XCTAssertEqual(segments.map(\.tokens).reduce(0, +), 360)
        for segment in segments { XCTAssertLessThanOrEqual(segment.tokens, 100) }
    }

    func testATokenizerThatDisagreesWithTheEstimateStillGetsSegmentsThatFit() {
        // Three tokens a character: far more than the estimate, on one long unbroken line.
        let counter: @Sendable (String) -> Int = { $0.count * 3 }
        let text = String(repeating: "abcdefgh", count: 300)
        let segments = Segmenter(targetTokens: 90, tokenCounter: counter).segments(of: text)
        assertTiles(segments, text)
        for segment in segments { XCTAssertLessThanOrEqual(segment.tokens, 90) }
    }

    func testSegmentLengthComesFromTheTaxonomy() throws {
        let taxonomy = try LabelTaxonomy.load(directory: packageRoot + "/taxonomy/labels")
        XCTAssertEqual(LexiconTagger(taxonomy: taxonomy).segmenter.targetTokens, taxonomy.segmentTokens)
        XCTAssertEqual(taxonomy.segmentTokens, 1024)
    }
}
