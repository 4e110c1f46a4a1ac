import Foundation
import XCTest
@testable import PriorMix

/// The word splitter's shortcut for ASCII letters followed by one mark ("word," "end." "Mr.")
/// must give the tokens of the full affix loop, special cases and their merging included.
final class SpacyWordSplitterShortcutTests: XCTestCase {
    /// The tokens of one chunk by the full path (then merged as `splitChunk` merges).
    private func fullPath(_ chunk: [Unicode.Scalar]) -> [SpacyWordSplitter.Token] {
        SpacyWordSplitter.tokens(of: chunk) {
            SpacyWordSplitter.splitChunk($0, 0, $0.count, shape: .other, english: .english, classes: CharacterTable.lookup, into: &$1)
        }
    }

    private func tokenized(_ chunk: [Unicode.Scalar]) -> [SpacyWordSplitter.Token] {
        var tokens: [SpacyWordSplitter.Token] = []
        chunk.withUnsafeBufferPointer { SpacyWordSplitter.tokenize($0, 0..<$0.count, spaces: false, into: &tokens) }
        return tokens
    }

    func testWordThenMarkGivesTheFullPathsTokens() {
        let marks = (0x21...0x7E).compactMap(Unicode.Scalar.init).filter { SpacyWordSplitter.isMark($0.value) }
        XCTAssertEqual(marks.count, 31)  // ASCII punctuation without "$"
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".unicodeScalars)
        // Words near the special cases (contractions without their apostrophe, abbreviations,
        // emoticon letters) and ordinary ones, then every one- and two-letter word.
        var words = ["dont", "Dont", "cant", "wont", "im", "Im", "id", "ive", "lets", "Lets", "its", "ill", "hell", "shell", "were", "well",
                     "gonna", "gotta", "cannot", "Cannot", "doin", "goin", "nothin", "em", "ol", "ll", "nuff", "vs", "co", "Co", "Inc",
                     "Ltd", "Jan", "Sept", "Mr", "Mrs", "Dr", "St", "Ph", "am", "pm", "US", "USA", "ABC", "NY", "XD", "xD", "XDD", "the",
                     "word", "Hello", "WORLD", "aB", "youll", "theyd", "whats", "Y", "yall", "cos", "cause", "bout", "clock"]
        for first in letters {
            words.append(String(first))
            for second in letters { words.append(String(first) + String(second)) }
        }
        var checked = 0
        var split = 0
        for word in words {
            for mark in marks {
                let chunk = Array(word.unicodeScalars) + [mark]
                let expected = fullPath(chunk)
                let got = tokenized(chunk)
                XCTAssertEqual(got, expected, "\(word)\(mark)")
                // Followed by whitespace within 16 characters, the chunk is classified from masks.
                XCTAssertEqual(tokenized(chunk + Array(repeating: " ", count: 16)), expected, "\(word)\(mark) ")
                checked += 1
                if expected.count > 1 { split += 1 }
            }
        }
        XCTAssertEqual(checked, words.count * 31)
        // Most marks are suffixes; some are not (and special cases keep a few chunks whole).
        XCTAssertGreaterThan(split, checked / 2)
        XCTAssertLessThan(split, checked)
    }

    /// On real text: every chunk through the full path gives the words `FilterText` splits.
    func testCorpusWordsEqualTheFullPaths() throws {
        let texts = try developmentCorpusTexts(every: 7) + [
            "Mr. Smith's U.S. trip, e.g. here: it's 3:30 p.m., isn't it? Dont stop; Lets go! (Yes) \"quoted\" end.",
            "a. b, c; d: e! f? g) h] i} j' k\" l% m* n+ o- p/ q< r= s> t@ u\\ v^ w_ x` y| z~ A# B&",
        ]
        var shortcuts = 0
        for text in texts {
            let scalars = Array(text.unicodeScalars)
            var expected: [SpacyWordSplitter.Token] = []
            scalars.withUnsafeBufferPointer { s in
                var index = 0
                while index < s.count {
                    if PythonCharacters.isSpace(s[index]) { index += 1; continue }
                    let start = index
                    while index < s.count, !PythonCharacters.isSpace(s[index]) { index += 1 }
                    let chunk = Array(s[start..<index])
                    let wordThenMark = chunk.count >= 2 && SpacyWordSplitter.isMark(chunk[chunk.count - 1].value)
                        && chunk.dropLast().allSatisfy { ($0.value | 0x20) &- 0x61 < 26 }
                    if wordThenMark { shortcuts += 1 }
                    for token in fullPath(chunk) {
                        expected.append(.init(start: token.start + Int32(start), end: token.end + Int32(start), isSpace: false))
                    }
                }
            }
            XCTAssertEqual(FilterText(text).words, expected, String(text.prefix(80)))
        }
        XCTAssertGreaterThan(shortcuts, 1000)
    }
}
