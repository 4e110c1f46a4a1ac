import Foundation
import XCTest
@testable import PriorMix

/// Gopher's n-gram measures skip work (longer n-grams counted only where shorter ones repeat,
/// duplicate n-gram probes skipped where the first characters start nowhere else); each value must
/// still be exactly what datatrove's definition gives, computed here the plain way with string keys.
final class GopherRepetitionExactnessTests: XCTestCase {
    /// datatrove's `find_top_duplicate` over `" ".join` n-grams and `find_all_duplicate` over
    /// `"".join` n-grams, as fractions of the text's characters.
    private func reference(_ words: [String], length: Int, rule: GopherRepetitionRule) -> [Double] {
        var values: [Double] = []
        for (n, _) in rule.topNGrams {
            guard words.count >= n else { values.append(.nan); continue }
            var counts: [String: Int] = [:]
            var order: [String] = []
            for first in 0...(words.count - n) {
                let key = words[first..<(first + n)].joined(separator: " ")
                if counts[key] == nil { order.append(key) }
                counts[key, default: 0] += 1
            }
            var best = order[0]
            for key in order where counts[key]! > counts[best]! { best = key }
            values.append(Double(best.unicodeScalars.count * counts[best]!) / Double(length))
        }
        for (n, _) in rule.duplicateNGrams {
            var seen = Set<String>()
            var repeated = 0
            var first = 0
            while first < words.count - n + 1 {
                let key = words[first..<(first + n)].joined()
                if seen.contains(key) {
                    repeated += key.unicodeScalars.count
                    first += n
                } else {
                    seen.insert(key)
                    first += 1
                }
            }
            values.append(Double(repeated) / Double(length))
        }
        return values
    }

    /// datatrove's paragraph and line measures: `find_duplicates` over `re.split(r"\n{2,}", text.strip())`
    /// and over `re.split(r"\n+", text)`, as shares of the pieces and of the text's characters.
    private func pieceReference(_ text: String) -> [Double] {
        let scalars = Array(text.unicodeScalars)
        func split(_ range: Range<Int>, minimumRun: Int) -> [String] {
            var pieces: [String] = []
            var piece = ""
            var index = range.lowerBound
            while index < range.upperBound {
                var end = index
                while end < range.upperBound, scalars[end] == "\n" { end += 1 }
                if end - index >= minimumRun {
                    pieces.append(piece)
                    piece = ""
                } else {
                    end = max(end, index + 1)
                    piece.unicodeScalars.append(contentsOf: scalars[index..<end])
                }
                index = end
            }
            return pieces + [piece]
        }
        func duplicates(_ pieces: [String]) -> (Int, Int) {
            var seen = Set<String>()
            var count = 0
            var characters = 0
            for piece in pieces where !seen.insert(piece).inserted {
                count += 1
                characters += piece.unicodeScalars.count
            }
            return (count, characters)
        }
        var lower = 0
        var upper = scalars.count
        while lower < upper, PythonCharacters.isSpace(scalars[lower]) { lower += 1 }
        while upper > lower, PythonCharacters.isSpace(scalars[upper - 1]) { upper -= 1 }
        let paragraphs = split(lower..<upper, minimumRun: 2)
        let lines = split(0..<scalars.count, minimumRun: 1)
        let (paragraphDuplicates, paragraphCharacters) = duplicates(paragraphs)
        let (lineDuplicates, lineCharacters) = duplicates(lines)
        let length = Double(scalars.count)
        return [Double(paragraphDuplicates) / Double(paragraphs.count), Double(paragraphCharacters) / length,
                Double(lineDuplicates) / Double(lines.count), Double(lineCharacters) / length]
    }

    /// Lines and paragraphs are counted in one scan, a paragraph keyed by its lines (the edge lines
    /// cut by the stripping): each value must still be what datatrove's splits give.
    func testLineAndParagraphMeasuresEqualThePlainDefinition() throws {
        var texts = [
            FilterStageTests.prose, FilterStageTests.spamList, String(repeating: FilterStageTests.prose, count: 3),
            "x", " ", "\n", "\n\n", " \t\n \n", "  hello\n\nhello  ", "\n\nA\nB\n\nA\nB\n\n", "a\n\n\nb\n\na\n\n\nb",
            "line\r\n\r\nline\r\n", " \t dup \n\n dup \n\n dup ", "a\nb\n\na\nb\nc\n\na\nb", "dup\n\ndup", "\u{85}a\n\na\u{3000}",
            " a\nb\n\na\nb ", "a\n \n\n \na", "ab\n\na\nb\n\nab", "\n a \n\n a \n",
        ]
        texts += try developmentCorpusTexts(every: 7)
        let rule = GopherRepetitionRule()
        for text in texts {
            let filterText = FilterText(text)
            guard filterText.count > 0 else { continue }
            let outcome = rule.evaluate(filterText, exhaustive: true)
            XCTAssertEqual(Array(outcome.values[0..<4]), pieceReference(text), String(text.prefix(80)).debugDescription)
        }
    }

    func testNGramMeasuresEqualThePlainDefinition() throws {
        var texts = [
            FilterStageTests.prose, FilterStageTests.spamList,
            String(repeating: FilterStageTests.prose, count: 3),
            // The same characters with the words broken differently repeat as "".join keys.
            "alpha beta gamma delta epsilonzeta eta theta iota kappa lambda and then alpha beta gamma delta epsilon zetaeta theta iota kappa lambda",
            "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g hi j k l m n o p q r s",
            "one two three four five six seven eight nine ten eleven twelve one two three four five six seven eight nine ten eleven twelve",
            "short", "",
        ]
        texts += try developmentCorpusTexts(every: 7)
        var rule = GopherRepetitionRule()
        // Every line and paragraph check off, so each text reaches the n-gram measures.
        rule.maxDuplicateLineFraction = nil
        rule.maxDuplicateParagraphFraction = nil
        rule.maxDuplicateLineCharacterFraction = nil
        rule.maxDuplicateParagraphCharacterFraction = nil
        for text in texts {
            let filterText = FilterText(text)
            guard filterText.count > 0 else { continue }
            let outcome = rule.evaluate(filterText, exhaustive: true)
            let measured = Array(outcome.values[4...])
            let expected = reference(filterText.wordStrings, length: filterText.count, rule: rule)
            XCTAssertEqual(measured.map { $0.isNaN ? -1 : $0 }, expected.map { $0.isNaN ? -1 : $0 }, String(text.prefix(80)))
        }
    }
}
