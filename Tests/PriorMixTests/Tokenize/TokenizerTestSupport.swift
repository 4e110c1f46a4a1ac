import Foundation
import XCTest
@testable import PriorMix

/// Shared material for the tokenizer tests: the comparison corpus (real text read at test time,
/// the samples, and generated adversarial text), id files written by the Python peers, and a
/// helper that reports the first differing token with context.
enum TokenizerFixtures {
    /// The development corpus CI keeps beside the clone (never copied into the repository).
    static let developmentCorpus = packageRoot + "/../shared/corpus-dev/labeled.jsonl"

    /// Every text the parity tests encode: at least 4 MB.
    static let comparisonCorpus: [String] = {
        var documents: [String] = []
        if let texts = try? JSONLTexts.read(path: developmentCorpus) { documents += texts }
        documents += sampleTexts()
        documents += adversarialDocuments(seed: 1, count: 1500)
        documents += pathologicalDocuments()
        // Without the development corpus, generated text keeps the corpus at its size.
        var seed: UInt64 = 100
        while documents.reduce(0, { $0 + $1.utf8.count }) < 4_000_000 {
            documents += adversarialDocuments(seed: seed, count: 500)
            seed += 1
        }
        return documents
    }()

    /// A smaller slice for the less common configurations (keeps debug-build test time down).
    static var smallCorpus: [String] {
        Array(comparisonCorpus.prefix(300)) + adversarialDocuments(seed: 2, count: 400) + pathologicalDocuments().map { String($0.prefix(20_000)) }
    }

    /// Text to train test tokenizers on: real prose and code plus some of everything adversarial.
    static var trainingTexts: [String] {
        Array(comparisonCorpus.prefix(700)) + sampleTexts() + adversarialDocuments(seed: 3, count: 200)
    }

    /// Every text file under samples/ (written for the project), read whole.
    static func sampleTexts() -> [String] {
        let root = packageRoot + "/samples"
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var texts: [String] = []
        while let relative = walker.nextObject() as? String {
            let path = root + "/" + relative
            guard let data = FileManager.default.contents(atPath: path),
                  let text = String(data: data, encoding: .utf8), !text.contains("\u{0}") else { continue }
            texts.append(text)
        }
        return texts.sorted()
    }

    /// Pieces that stress every alternative of every pattern: contractions in any case, long
    /// digit runs in several scripts, every kind of whitespace, CRLF, marks after letters,
    /// title case and modifier letters, emoji sequences, CJK, RTL scripts, special tokens inline.
    static let fragments: [String] = [
        "hello", "Hello", "HELLO", "hELLO", "HTTPServer", "iPhone", "McDonald's", "ÉCOLE", "naïve", "façade", "Straße",
        "'s", "'S", "'t", "'T", "'re", "'RE", "'Re", "'ve", "'VE", "'m", "'M", "'ll", "'LL", "'lL", "'d", "'D", "'ſ", "'x", "'", "''", "don't", "WON'T", "it’s",
        "0", "7", "42", "123", "1234", "12345678901234567890", "3.14159", "1,000,000", "٠١٢٣٤٥٦٧", "०१२३४", "１２３", "Ⅻ", "x²", "½", "⑳",
        " ", "  ", "   ", "\t", "\t\t", "\n", "\n\n", "\r\n", "\r\n\r\n", "\r", " \n", "\n ", " \n \n", "\u{A0}", "\u{3000}", "\u{2028}", "\u{2029}",
        "\u{85}", "\u{B}", "\u{C}", "\u{200B}", "\u{FEFF}", "\u{1680}", "\u{2003}", " \u{A0} ",
        ".", "...", "!!", "?!", "--", "—", "/", "//", "/**/", "(", ")", "[x]", "{}", "<", ">", "<<>>", "&&", "#include", "@user", "$100", "€5", "a/b/c", "http://example.org/a/b",
        "e\u{301}", "E\u{301}\u{302}", "\u{301}", "\u{301}\u{301}A", "a\u{20DD}", "ǅ", "ǅungla", "ʰ", "Aʰb", "ˈstress", "ǈ", "Ǉ",
        "😀", "👍🏽", "👨‍👩‍👧‍👦", "❤️", "🇫🇷", "1️⃣", "🏳️‍🌈",
        "日本語", "中文字符", "한국어", "カタカナ", "ひらがな", "ไทย", "हिन्दी", "नमस्ते", "العربية", "مَرْحَبًا", "עברית", "Ελληνικά", "Русский", "ქართული",
        "<|endoftext|>", "<|begin_of_text|>", "<|end", "|>", "<mask>", " <mask> ", "[SEP]",
        "\u{0}", "\u{1}", "\u{1F}", "\u{7F}", "\u{E000}", "\u{FFFE}", "\u{10FFFF}", "\u{E0041}", "\u{FE0F}", "\u{E0100}", "\u{FFFD}",
        "x", "y", "z", "a", "I", "A", "the", "of", "and", "to", "in",
    ]

    static func adversarialDocuments(seed: UInt64, count: Int) -> [String] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            var text = ""
            let pieces = 5 + Int(random.next() % 300)
            for _ in 0..<pieces {
                text += fragments[Int(random.next() % UInt64(fragments.count))]
                if random.next() % 3 == 0 { text += " " }
            }
            if random.next() % 4 == 0 { text += ["  ", "\n", "\n  ", " \n", "\r\n", "\t"][Int(random.next() % 6)] }
            return text
        }
    }

    /// Megabyte-scale inputs that would be quadratic for a naive matcher or merger.
    static func pathologicalDocuments() -> [String] {
        var random = SplitMix64(seed: 9)
        return [
            String((0..<120_000).map { _ in Character(Unicode.Scalar(UInt8(97 + random.next() % 26))) }),
            String((0..<60_000).map { _ in Character(Unicode.Scalar(UInt8(48 + random.next() % 10))) }),
            String(repeating: " ", count: 50_000) + "end",
            String(repeating: "\n", count: 20_000) + String(repeating: " ", count: 20_000),
            String(repeating: "'s", count: 20_000),
            String((0..<20_000).map { _ in Character(Unicode.Scalar(UInt32(0x4E00 + random.next() % 3000))!) }),
            String(repeating: "ab", count: 30_000) + String(repeating: "=", count: 30_000),
            String(repeating: "e\u{301}", count: 20_000),
            String(repeating: "ABC\u{2B0}", count: 10_000),
        ]
    }

    static func writeJSONL(_ documents: [String], to path: String) throws {
        var bytes: [UInt8] = []
        for document in documents {
            var writer = JSONWriter()
            writer.beginObject()
            writer.member("text", string: document)
            writer.endObject()
            bytes += writer.bytes
            bytes.append(0x0A)
        }
        try write(bytes, to: path)
    }

    /// Per document: u32 count, then u32 ids (what the Python scripts write with `array('I')`).
    static func readIDs(_ path: String) throws -> [[UInt32]] {
        let data = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        var words = [UInt32](repeating: 0, count: data.count / 4)
        let wordCount = words.count
        words.withUnsafeMutableBytes { $0.copyBytes(from: data.prefix(wordCount * 4)) }
        var result: [[UInt32]] = []
        var i = 0
        while i < words.count {
            let n = Int(words[i])
            result.append(Array(words[(i + 1)..<(i + 1 + n)]))
            i += 1 + n
        }
        return result
    }

    /// Fails with the first differing document and token, shown as text, if the ids differ.
    static func assertSameIDs(_ ours: [[UInt32]], _ reference: [[UInt32]], documents: [String], tokenizer: Tokenizer, label: String,
                              file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(ours.count, reference.count, "\(label): document count", file: file, line: line)
        var mismatches = 0
        for (index, (a, b)) in zip(ours, reference).enumerated() where a != b {
            mismatches += 1
            if mismatches > 3 { continue }
            let at = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
            func show(_ ids: [UInt32]) -> String {
                ids[max(0, at - 3)..<min(ids.count, at + 4)].map { "\($0):\(tokenizer.decode([$0]).debugDescription)" }.joined(separator: " ")
            }
            XCTFail("\(label): document \(index) (\(documents[index].prefix(60).debugDescription)…) differs at token \(at): ours \(show(a)) reference \(show(b))",
                    file: file, line: line)
        }
        XCTAssertEqual(mismatches, 0, "\(label): \(mismatches) of \(reference.count) documents differ", file: file, line: line)
    }
}
