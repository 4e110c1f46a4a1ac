import Foundation
import XCTest
@testable import PriorMix

/// The filter stage's shortcuts must give what the plain way gives: a rewritten text's characters
/// and words handed on by C4 and PII equal those decoded and split from the new string, reused
/// tables count like fresh ones, and the JSON writer's sixteen-byte escape scan escapes what the
/// byte-by-byte table does.
final class FilterShortcutTests: XCTestCase {
    /// corpus-dev's texts (every fifth) and texts built to exercise citations, blank and
    /// whitespace-only lines, line breaks other than "\n" and leading or trailing blanks.
    private func texts() throws -> [String] {
        var texts = [
            FilterStageTests.prose,
            "  First kept line here today.\n\n  A line without an end\nSecond kept line [12] goes on [edit].  \n\tThird kept line is [citation needed] here.  ",
            "Line one ends well enough.\u{2028}Line two also ends well.\r\nLine three ends [3].\u{85}Don't stop (e.g. here).\u{0B}Mr. Smith's U.S. trip costs $5.00!",
            "Quotes \"inside\" a kept line, and a \\ backslash.\nAnother: it's 3:30 p.m., isn't it?\n[1][2] Citations only at the start of this line.",
            " \n \n ", "",
        ]
        texts += try developmentCorpusTexts(every: 5)
        return texts
    }

    func testC4HandsOnTheCharactersAndWordsOfItsRewrittenText() throws {
        var rewrites = 0
        for exhaustive in [false, true] {
            for text in try texts() {
                let outcome = C4QualityRule().evaluate(FilterText(text), exhaustive: exhaustive)
                guard let rewritten = outcome.rewrittenText else {
                    XCTAssertNil(outcome.rewrittenScalars)
                    continue
                }
                rewrites += 1
                let plain = FilterText(rewritten)
                XCTAssertEqual(outcome.rewrittenScalars, plain.scalars, String(text.prefix(80)))
                XCTAssertEqual(outcome.rewrittenWords, plain.words, String(text.prefix(80)))
                XCTAssertNotEqual(rewritten, text)
            }
        }
        XCTAssertGreaterThan(rewrites, 10)
    }

    func testPIIHandsOnTheCharactersOfItsMaskedText() {
        let text = "Write to jane.doe@example.net or ops@mail.example.com from 8.8.8.8, not 10.0.0.1."
        let outcome = PIIMaskingRule().evaluate(FilterText(text), exhaustive: false)
        let rewritten = try? XCTUnwrap(outcome.rewrittenText)
        XCTAssertEqual(outcome.rewrittenScalars, rewritten.map { FilterText($0).scalars })
        XCTAssertEqual(outcome.counts, [2, 1])
    }

    /// The stage, run on one text after another on the same thread (tables reused, sized up and
    /// down), measures what it measures on each text alone in a fresh thread.
    func testReusedTablesMeasureLikeFreshOnes() throws {
        let rules = try FilterRuleSet.load(path: packageRoot + "/taxonomy/filters/gopher.yaml").rules
        let texts = try texts()
        @Sendable func values(_ text: String) -> [[Double]] { rules.map { $0.evaluate(FilterText(text), exhaustive: true).values } }
        let reused = texts.map(values)
        final class Box: @unchecked Sendable { var values: [[Double]] = [] }
        for (index, text) in texts.enumerated() where index % 3 == 0 {
            // A new thread has new tables.
            let fresh = Box()
            let done = DispatchSemaphore(value: 0)
            let thread = Thread { fresh.values = values(text); done.signal() }
            thread.start()
            done.wait()
            XCTAssertEqual(fresh.values.map { $0.map { $0.isNaN ? -1 : $0 } }, reused[index].map { $0.map { $0.isNaN ? -1 : $0 } },
                           String(text.prefix(80)))
        }
    }

    /// Also read back: the scanner's search for the end of a string stops where the writer's does,
    /// so the member's value ends at the closing quote and decodes to the text.
    func testEscapeScanEscapesWhatTheTableDoes() throws {
        var random = SplitMix64(seed: 11)
        // Characters of one to three UTF-8 bytes and plain runs longer than a step, so escapes fall at
        // every offset of the sixteen-byte steps and whole steps pass without one.
        let alphabet = ["a", "b", " ", "\"", "\\", "\n", "\t", "\r", "\u{01}", "\u{1F}", "/", "é", "€", "\u{7F}",
                        "plain words here", "más texto sin nada", "0123456789abcdef", "\u{1B}", "~", "\u{80}"]
        for length in 0..<48 {
            for _ in 0..<40 {
                let text = (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }.joined()
                var written: [UInt8] = []
                JSONWriter.appendString(text, to: &written)
                var expected: [UInt8] = [UInt8(ascii: "\"")]
                for byte in text.utf8 {
                    switch byte {
                    case UInt8(ascii: "\""): expected += Array("\\\"".utf8)
                    case UInt8(ascii: "\\"): expected += Array("\\\\".utf8)
                    case 0x0A: expected += Array("\\n".utf8)
                    case 0x09: expected += Array("\\t".utf8)
                    case 0x0D: expected += Array("\\r".utf8)
                    case 0x08: expected += Array("\\b".utf8)
                    case 0x0C: expected += Array("\\f".utf8)
                    case ..<0x20: expected += Array(String(format: "\\u%04x", byte).utf8)
                    default: expected.append(byte)
                    }
                }
                expected.append(UInt8(ascii: "\""))
                XCTAssertEqual(written, expected, text)
                let line = Array(#"{"text":"#.utf8) + written + [UInt8(ascii: "}")]
                let members = try line.withUnsafeBufferPointer { try JSONScanner.members(of: $0) }
                XCTAssertEqual(members.first?.value.count, written.count, text)
                let decoded = line.withUnsafeBufferPointer { JSONScanner.decodeString($0, range: members[0].value) }
                XCTAssertEqual(decoded.text, text)
            }
        }
    }

    /// C4's one-pass phrase scan (a vector search for the bracket, a table of first and second
    /// letters for the phrases) finds what a plain search of the ASCII-lower-cased line finds,
    /// on lines built from pieces of the phrases in both cases, characters whose `| 0x20` is a
    /// letter or a bracket without being one (`[`, `@`, NUL), and phrases at either end.
    func testC4PhraseScanFindsWhatAPlainSearchFinds() {
        var random = SplitMix64(seed: 23)
        let pieces = ["lorem ipsum", "LOREM IPSUM", "Lorem", " ipsum", "javascript", "JavaScript", "java", "script",
                      "terms of use", "Terms Of Use", "privacy policy", "Privacy", "cookie policy", "COOKIE", "uses cookies",
                      "use of cookies", "use cookies", "Use Cookies", "use", "cookies", "{", "[", "@", "\u{0}", "\u{60}",
                      "lo", "ja", "te", "pr", "co", "us", "x", " ", "é", "\u{2028}", "US", "LO"]
        var seen = [0, 0, 0, 0]
        for length in 0..<14 {
            for _ in 0..<300 {
                let line = (0..<length).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
                let scalars = Array(line.unicodeScalars)
                var lowered = ""
                lowered.unicodeScalars.append(contentsOf: scalars.map { C4QualityRule.asciiLowercased($0) })
                let expected = (loremIpsum: lowered.contains("lorem ipsum"), javascript: lowered.contains("javascript"),
                                curlyBracket: lowered.contains("{"),
                                policy: ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"]
                                    .contains { lowered.contains($0) })
                let found = scalars.withUnsafeBufferPointer { C4QualityRule.phrases($0) }
                XCTAssertEqual(found.loremIpsum, expected.loremIpsum, line)
                XCTAssertEqual(found.javascript, expected.javascript, line)
                XCTAssertEqual(found.curlyBracket, expected.curlyBracket, line)
                XCTAssertEqual(found.policy, expected.policy, line)
                for (index, flag) in [found.loremIpsum, found.javascript, found.curlyBracket, found.policy].enumerated() where flag { seen[index] += 1 }
            }
        }
        XCTAssertTrue(seen.allSatisfy { $0 > 50 }, "\(seen)")
    }

    /// Strings appended to a buffer that fills up at every length grow it and keep every byte.
    func testStringsAppendedToAFullBufferKeepTheirBytes() {
        var random = SplitMix64(seed: 5)
        var out: [UInt8] = []
        var expected: [UInt8] = []
        for _ in 0..<2000 {
            let length = Int(random.next() % 40)
            let text = String(repeating: "a", count: length)
            JSONWriter.appendString(text, to: &out)
            expected += [UInt8(ascii: "\"")] + Array(text.utf8) + [UInt8(ascii: "\"")]
            out.append(UInt8(ascii: ","))
            expected.append(UInt8(ascii: ","))
        }
        XCTAssertEqual(out, expected)
    }
}
