import XCTest
@testable import PriorMix

final class JSONScannerTests: XCTestCase {
    private func members(_ json: String) throws -> [JSONScanner.Member] {
        let bytes = Array(json.utf8)
        return try bytes.withUnsafeBufferPointer { try JSONScanner.members(of: $0) }
    }

    private func syntaxError(_ json: String, file: StaticString = #filePath, line: UInt = #line) -> JSONScanner.SyntaxError? {
        let bytes = Array(json.utf8)
        do {
            _ = try bytes.withUnsafeBufferPointer { try JSONScanner.members(of: $0) }
            XCTFail("expected a syntax error for \(json)", file: file, line: line)
            return nil
        } catch let error as JSONScanner.SyntaxError {
            return error
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
            return nil
        }
    }

    func testMembersKeepRawValueRanges() throws {
        let json = #"{"id": "x1", "n": -12.5e3, "ok": true, "nested": {"a": [1, {"b": null}], "s": "}]"}, "list": []}"#
        let found = try members(json)
        XCTAssertEqual(found.map(\.key), ["id", "n", "ok", "nested", "list"])
        XCTAssertEqual(found.map(\.kind), [.string, .number, .bool, .object, .array])
        let bytes = Array(json.utf8)
        XCTAssertEqual(String(decoding: bytes[found[3].value], as: UTF8.self), #"{"a": [1, {"b": null}], "s": "}]"}"#)
    }

    func testDecodesEscapesAndSurrogatePairs() throws {
        let json = #"{"text": "a\"b\\c\/d\n\t\u00e9\ud83d\ude00"}"#
        let bytes = Array(json.utf8)
        let found = try members(json)
        let decoded = bytes.withUnsafeBufferPointer { JSONScanner.decodeString($0, range: found[0].value) }
        XCTAssertEqual(decoded.text, "a\"b\\c/d\n\té😀")
        XCTAssertFalse(decoded.repaired)
    }

    func testLoneSurrogateAndInvalidUTF8AreRepaired() throws {
        var bytes = Array(#"{"text": "x\udc00y", "other": "ok"}"#.utf8)
        var found = try bytes.withUnsafeBufferPointer { try JSONScanner.members(of: $0) }
        var decoded = bytes.withUnsafeBufferPointer { JSONScanner.decodeString($0, range: found[0].value) }
        XCTAssertEqual(decoded.text, "x\u{FFFD}y")
        XCTAssertTrue(decoded.repaired)

        bytes = Array(#"{"text": "caf"#.utf8) + [0xE9] + Array(#" au lait"}"#.utf8)  // Latin-1 é
        found = try bytes.withUnsafeBufferPointer { try JSONScanner.members(of: $0) }
        decoded = bytes.withUnsafeBufferPointer { JSONScanner.decodeString($0, range: found[0].value) }
        XCTAssertEqual(decoded.text, "caf\u{FFFD} au lait")
        XCTAssertTrue(decoded.repaired)
    }

    func testRejectsMalformedLinesWithOffsets() {
        XCTAssertEqual(syntaxError(#"{"a": 1"#)?.message, "expected ',' or '}'")
        XCTAssertEqual(syntaxError(#"{"a": "unterminated}"#)?.message, "unterminated string")
        XCTAssertEqual(syntaxError(#"{"a": 1} trailing"#)?.offset, 9)
        XCTAssertEqual(syntaxError(#"{"a": tru}"#)?.message, "invalid literal")
        XCTAssertEqual(syntaxError(#"{"a": 01}"#)?.message, "expected ',' or '}'")
        XCTAssertEqual(syntaxError(#"{"a": "\x"}"#)?.message, "bad escape sequence")
        XCTAssertEqual(syntaxError("{\"a\": \"tab\there\"}")?.message, "control character inside a string")
        XCTAssertEqual(syntaxError(#"[1, 2]"#)?.message, "expected a JSON object")
        XCTAssertEqual(syntaxError("   ")?.message, "empty line")
        XCTAssertEqual(syntaxError(#"{"a": [1, 2}"#)?.message, "expected ',' or ']'")
    }

    func testDeepNestingIsAnErrorNotACrash() {
        let deep = "{\"a\": " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        XCTAssertTrue(syntaxError(deep)?.message.hasPrefix("nesting deeper") ?? false)
    }

    func testWriterEscapesControlCharacters() {
        var out: [UInt8] = []
        JSONWriter.appendString("a\u{01}b\"\\\r\n", to: &out)
        XCTAssertEqual(String(decoding: out, as: UTF8.self), #""a\u0001b\"\\\r\n""#)
    }
}
