import Foundation
import XCTest
@testable import PriorMix

/// tokenizer.json reading: every unsupported piece is refused with an error naming it, and
/// malformed files name the file and the byte offset.
final class TokenizerJSONTests: XCTestCase {
    /// A minimal valid byte-level tokenizer.json with one merge, with `edit` applied to its text.
    func json(_ edit: (String) -> String = { $0 }) -> String {
        let vocab = (0..<256).map { b -> String in
            var quoted: [UInt8] = []
            JSONWriter.appendString(String(ByteLevelAlphabet.character(for: UInt8(b))), to: &quoted)
            return String(decoding: quoted, as: UTF8.self) + ": \(b)"
        }.joined(separator: ", ")
        let text = """
            {"version": "1.0", "truncation": null, "padding": null,
             "added_tokens": [{"id": 999, "content": "<|endoftext|>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}],
             "normalizer": null,
             "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
                {"type": "Split", "pattern": {"Regex": "\(SplitPattern.llama3.regex.replacingOccurrences(of: "\\", with: "\\\\"))"}, "behavior": "Isolated", "invert": false},
                {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false}]},
             "post_processor": null,
             "decoder": {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true},
             "model": {"type": "BPE", "dropout": null, "unk_token": null, "continuing_subword_prefix": null, "end_of_word_suffix": null,
                       "fuse_unk": false, "byte_fallback": false, "ignore_merges": false,
                       "vocab": {\(vocab), "ab": 256}, "merges": ["a b"]}}
            """
        return edit(text)
    }

    func load(_ text: String) throws -> Tokenizer {
        let directory = try makeTemporaryDirectory(self)
        try write(text, to: directory + "/tokenizer.json")
        return try Tokenizer.load(path: directory + "/tokenizer.json")
    }

    func testMinimalFileLoadsAndAssignsAddedTokenIDsAsHFDoes() throws {
        let tokenizer = try load(json())
        XCTAssertEqual(tokenizer.encode("ab a"), [256, 32, 97], "\" a\" is one piece; a space byte is its own id")
        XCTAssertEqual(tokenizer.encode("ab"), [256])
        // HF ignores the id written in added_tokens: a new token takes the next id after the vocabulary.
        XCTAssertEqual(tokenizer.endOfTextID, 257)
        XCTAssertEqual(tokenizer.vocabularySize, 258)
        XCTAssertEqual(tokenizer.encode("ab<|endoftext|>"), [256, 257])
        XCTAssertEqual(tokenizer.encodeOrdinary("<|endoftext|>"), Array("<|endoftext|>".utf8).map(UInt32.init), "plain text: one id per byte here")
        XCTAssertEqual(tokenizer.decode([256, 257]), "ab<|endoftext|>")
        XCTAssertEqual(tokenizer.decode([256, 257], skipSpecialTokens: true), "ab")
        XCTAssertNil(tokenizer.beginOfTextID)
    }

    func testUnsupportedPiecesAreRefusedByName() throws {
        let cases: [(String, String, String)] = [
            (#""normalizer": null"#, #""normalizer": {"type": "NFC"}"#, "normalizer 'NFC'"),
            (#""truncation": null"#, #""truncation": {"max_length": 512}"#, "truncation is set"),
            (#""padding": null"#, #""padding": {"strategy": "BatchLongest"}"#, "padding is set"),
            (#""type": "BPE""#, #""type": "WordPiece""#, "model WordPiece"),
            (#""dropout": null"#, #""dropout": 0.1"#, "model.dropout"),
            (#""continuing_subword_prefix": null"#, ###""continuing_subword_prefix": "##""###, "model.continuing_subword_prefix"),
            (#""behavior": "Isolated""#, #""behavior": "MergedWithNext""#, "Split behavior 'MergedWithNext'"),
            (#""invert": false"#, #""invert": true"#, "Split with invert: true"),
            (##"{"Regex": ""##, ##"{"Regex": "\\s+|"##, "Split regex \\s+|"),
            (#""post_processor": null"#, #""post_processor": {"type": "RobertaProcessing"}"#, "post_processor 'RobertaProcessing'"),
            (#""decoder": {"type": "ByteLevel""#, #""decoder": {"type": "WordPiece""#, "decoder 'WordPiece'"),
            (#"{"type": "Sequence", "pretokenizers": ["#, #"{"type": "Sequence", "pretokenizers": [{"type": "Whitespace"}, "#, "pre_tokenizer 'Whitespace'"),
            (#""version": "1.0""#, #""version": "2.0""#, "version '2.0'"),
        ]
        for (find, replacement, expected) in cases {
            let text = json { $0.replacingOccurrences(of: find, with: replacement) }
            XCTAssertNotEqual(text, json(), "the edit for \(expected) applies")
            XCTAssertThrowsError(try load(text), expected) { error in
                XCTAssertTrue("\(error)".contains("unsupported tokenizer.json piece: \(expected)") || "\(error)".contains(expected), "\(error)")
                XCTAssertTrue("\(error)".contains("tokenizer.json"), "names the file: \(error)")
            }
        }
    }

    func testSplitAfterByteLevelIsRefused() throws {
        let text = json {
            $0.replacingOccurrences(of: #"{"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false}]"#,
                                    with: #"{"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false}, {"type": "Split", "pattern": {"Regex": "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+"}, "behavior": "Isolated", "invert": false}]"#)
        }
        XCTAssertThrowsError(try load(text)) { XCTAssertTrue("\($0)".contains("pre-tokenizer after ByteLevel"), "\($0)") }
    }

    func testMalformedFilesNameOffsetAndProblem() throws {
        XCTAssertThrowsError(try load("{\"version\": \"1.0\", \"model\": [1, 2,]}")) { error in
            XCTAssertTrue("\(error)".contains("tokenizer.json: not valid JSON: invalid JSON value (at byte 34)"), "\(error)")
        }
        XCTAssertThrowsError(try load(json { $0.replacingOccurrences(of: #"["a b"]"#, with: #"["a c"]"#) })) { error in
            XCTAssertTrue("\(error)".contains("merge 0 ('a c') makes 'ac', which is not in the vocabulary"), "\(error)")
        }
        XCTAssertThrowsError(try load(json { $0.replacingOccurrences(of: #"["a b"]"#, with: #"["a b c"]"#) })) { error in
            XCTAssertTrue("\(error)".contains("merge 0 'a b c' should be two tokens"), "\(error)")
        }
        XCTAssertThrowsError(try Tokenizer.load(path: "/nonexistent/tokenizer.json")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/tokenizer.json: no such file")
        }
    }

    func testMergesAsPairsAndEscapedStringsParse() throws {
        let tokenizer = try load(json { $0.replacingOccurrences(of: #"["a b"]"#, with: #"[["\u0061", "b"]]"#) })
        XCTAssertEqual(tokenizer.encode("ab"), [256])
    }

    func testSerializedDefinitionReadsBackIdentically() throws {
        let tokenizer = try load(json())
        let again = try load(String(decoding: TokenizerJSON.serialize(tokenizer.definition), as: UTF8.self))
        XCTAssertEqual(again.definition.vocabulary.map(\.0), tokenizer.definition.vocabulary.map(\.0))
        XCTAssertEqual(again.definition.steps, tokenizer.definition.steps)
        XCTAssertEqual(again.definition.addedTokens, tokenizer.definition.addedTokens)
        XCTAssertEqual(again.encode("ab ab<|endoftext|>"), tokenizer.encode("ab ab<|endoftext|>"))
    }
}
