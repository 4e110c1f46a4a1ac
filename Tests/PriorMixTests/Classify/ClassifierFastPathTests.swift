import XCTest
@testable import PriorMix

/// The default classifier's fast paths give exactly what the plain ways give: tokens cut from raw
/// text equal the tokens of its normalised form, the learned model's probabilities of raw text
/// equal (to the bit) those of its normalised bytes, the dictionary's word table finds what a
/// search of the entries finds, and the term tables' filter never hides a term.
final class ClassifierFastPathTests: XCTestCase {
    /// Texts with what the normalisation treats specially: case, every kind of whitespace, NUL and
    /// other control bytes, punctuation runs, digits, UTF-8, and long words.
    private static let edgeTexts: [String] = [
        "", " ", "\n\n", "a", "A", ".", "...", "Hello, World!", "  leading and trailing  ",
        "tab\tseparated\u{0B}vertical\u{0C}feed\rreturn\nnewline", "nul\u{0}inside", "bell\u{07}kept\u{1F}too\u{7F}",
        "snake_case and camelCase, x^2 + y^2 = z^2; f(x) -> [a, b] {c} <d> @e #f $g %h &i *j |k ~l `m` 'n' \"o\"",
        "Ünïcödé Wörds — “quoted” ‘single’ … naïve café ÉCOLE Straße ΑΒΓ αβγ 中文字符",
        "ABCDEFGH abcdefgh ABCDEFGHIJKLMNOP internationalization INTERNATIONALIZATION 12345678 1,000.50",
        "__label__code is not a label here", "end with punctuation!?", "MiXeD CaSe WoRdS",
    ]

    private static func corpusTexts() throws -> [String] {
        var texts = edgeTexts
        for path in [packageRoot + "/samples/jsonl/dolma-style.jsonl", packageRoot + "/../shared/corpus-dev/labeled.jsonl"]
        where FileManager.default.fileExists(atPath: path) {
            var count = 0
            try LabeledCorpus(path: path, labelField: "text").forEach { text, _ in
                if count < 400 { texts.append(text) }
                count += 1
            }
        }
        return texts
    }

    private static func tokens(ofNormalized text: String) -> [([UInt8], UInt32)] {
        var found: [([UInt8], UInt32)] = []
        FastTextText.normalizedBytes(text).withUnsafeBufferPointer { bytes in
            FastTextDictionary.forEachToken(of: bytes) { found.append((Array($0), FastTextDictionary.hash($0))) }
        }
        return found
    }

    private static func tokens(cutFromRaw text: String) -> [([UInt8], UInt32)] {
        var found: [([UInt8], UInt32)] = []
        var text = text
        text.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, bytes.count)) { scratch in
                FastTextNormalizedTokens(text: bytes, scratch: scratch.baseAddress!).forEachToken { found.append((Array($0), $1)) }
            }
        }
        return found
    }

    func testTokensCutFromRawTextAreThoseOfTheNormalizedText() throws {
        for text in try Self.corpusTexts() {
            let expected = Self.tokens(ofNormalized: text)
            let cut = Self.tokens(cutFromRaw: text)
            XCTAssertEqual(cut.map(\.0), expected.map(\.0), "tokens of \(text.prefix(60).debugDescription)")
            XCTAssertEqual(cut.map(\.1), expected.map(\.1), "hashes of \(text.prefix(60).debugDescription)")
        }
        // Every byte value, alone and between letters.
        for byte in UInt8(0)...UInt8(0x7F) {
            let text = String(decoding: [0x41, byte, 0x62, byte, byte], as: UTF8.self)
            XCTAssertEqual(Self.tokens(cutFromRaw: text).map(\.0), Self.tokens(ofNormalized: text).map(\.0), "byte \(byte)")
        }
    }

    func testShippedModelGivesTheSameProbabilitiesForRawTextAsForItsNormalizedBytes() throws {
        guard let (_, model) = try LearnedModelBundle.load(directory: packageRoot + "/taxonomy/models") else {
            throw XCTSkip("no shipped learned model")
        }
        for text in try Self.corpusTexts() {
            let expected = FastTextText.normalizedBytes(text).withUnsafeBufferPointer { model.probabilities(utf8: $0) }
            var text = text
            let fast = text.withUTF8 { model.probabilities(normalizing: $0) }
            XCTAssertEqual(fast.map(\.bitPattern), expected.map(\.bitPattern), "probabilities of \(text.prefix(60).debugDescription)")
        }
    }

    /// Models with character n-grams and word n-grams take the general way over the same tokens.
    func testModelWithNgramsGivesTheSameProbabilitiesForRawTextAsForItsNormalizedBytes() throws {
        let texts = try Self.corpusTexts()
        var trainer = FastTextTrainer()
        trainer.args.dim = 8
        trainer.args.epoch = 1
        trainer.args.wordNgrams = 2
        trainer.args.bucket = 5000
        trainer.args.minn = 2
        trainer.args.maxn = 4
        let model = try trainer.train { visit in
            for (index, text) in texts.enumerated() { try visit(FastTextText.normalize(text), ["c\(index % 3)"]) }
        }
        for text in texts {
            let expected = FastTextText.normalizedBytes(text).withUnsafeBufferPointer { model.probabilities(utf8: $0) }
            var text = text
            let fast = text.withUTF8 { model.probabilities(normalizing: $0) }
            XCTAssertEqual(fast.map(\.bitPattern), expected.map(\.bitPattern), "probabilities of \(text.prefix(60).debugDescription)")
        }
    }

    /// A dictionary of more words than the frequent-word table holds, with repeated words (the
    /// last entry counts, as in fastText), words of 7 to 9 and 15 to 26 bytes sharing their first
    /// bytes, and one word with a NUL byte.
    private static func dictionary(withNUL: Bool) -> (FastTextDictionary, [[UInt8]: Int32]) {
        var random = SplitMix64(seed: 19)
        // First (among the frequent entries) words of 7 to 9 and 15 to 26 bytes sharing their
        // first bytes, one repeated among the frequent entries and one repeated after them.
        var words: [[UInt8]] = ["abcdefg", "abcdefgh", "abcdefghi", "abcdefgh", "a", "abcdefghijklmno", "abcdefghijklmnop", "abcdefghijklmnopq",
                                "abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwxyZ", "abcdefghijklmnop"].map { Array($0.utf8) }
        let letters = Array("abcdefghijklmnopqrstuvwxyzé".utf8)
        for index in 0..<(FastTextFrequentWords.capacity + 3000) {
            let length = [2, 3, 5, 7, 8, 9, 12, 17, 20][index % 9]
            words.append((0..<length).map { _ in letters[Int(random.next() % UInt64(letters.count))] })
        }
        words.append(Array("abcdefghi".utf8))
        if withNUL { words.append([0x61, 0x00]) }
        var expected: [[UInt8]: Int32] = [:]
        for (index, word) in words.enumerated() { expected[word] = Int32(index) }
        var args = FastTextArgs()
        args.bucket = 0
        args.wordNgrams = 1
        let entries = words.map { FastTextDictionary.Entry(word: $0, count: 1, type: .word) }
        return (FastTextDictionary(entries: entries, tokenCount: 0, args: args), expected)
    }

    func testInlineWordTablesFindTheLastEntryOfEveryWordAndNothingElse() {
        for withNUL in [false, true] {
            let (dictionary, expected) = Self.dictionary(withNUL: withNUL)
            for (word, entry) in expected {
                let hash = FastTextDictionary.hash(word)
                XCTAssertEqual(dictionary.id(of: word, hash: hash), entry, "\(word) (NUL word: \(withNUL))")
                let frequent = word.withUnsafeBufferPointer { dictionary.frequentEntry($0, hash: hash) }
                XCTAssertEqual(frequent, entry < FastTextFrequentWords.capacity ? entry : -1, "\(word) among the frequent words")
                let rare = word.withUnsafeBufferPointer { dictionary.rareEntry($0, hash: hash) }
                XCTAssertEqual(rare, entry < FastTextFrequentWords.capacity ? -1 : entry, "\(word) among the other words")
            }
            // Absent words: prefixes and extensions of present ones, and the NUL spelling of "a".
            var absent: [[UInt8]] = ["abcdef", "abcdefghij", "abcdefgi", "zzzzzzzzzzzzzzzzzzzzz", "", "abcdefghijklmnoq", "abcdefghijklmnopqrstuvwxyy",
                                     "abcdefghijklmnopqr", "a\u{0}\u{0}"].map { Array($0.utf8) }
            if !withNUL { absent.append([0x61, 0x00]) }
            for word in absent where expected[word] == nil {
                XCTAssertNil(dictionary.id(of: word, hash: FastTextDictionary.hash(word)), "\(word) (NUL word: \(withNUL))")
                XCTAssertEqual(word.withUnsafeBufferPointer { dictionary.frequentEntry($0, hash: FastTextDictionary.hash(word)) }, -1)
                XCTAssertEqual(word.withUnsafeBufferPointer { dictionary.rareEntry($0, hash: FastTextDictionary.hash(word)) }, -1)
            }
            // The hash filter in front of the tables passes every word (above) and turns most
            // others away before any table is read.
            var random = SplitMix64(seed: 23)
            var turnedAway = 0
            for _ in 0..<20_000 {
                let word = (0..<6).map { _ in UInt8(0x30 + random.next() % 40) }
                let hash = FastTextDictionary.hash(word)
                if !dictionary.mayHold(hash: hash) {
                    turnedAway += 1
                    XCTAssertNil(expected[word])
                }
            }
            XCTAssertGreaterThan(turnedAway, 18_000, "absent words the filter turns away")
        }
    }

    /// The tagger's per-thread term stamps carry nothing from one document to the next: a text
    /// tagged again after others gets the same scores, and stamps cleared on wrapping start over.
    func testTaggerStampsCarryNothingBetweenDocuments() throws {
        let tagger = try LexiconTagger(taxonomyDirectory: packageRoot + "/taxonomy/labels")
        let texts = Array(try Self.corpusTexts().suffix(40))
        let first = texts.map { tagger.tag($0) }
        for (text, tags) in zip(texts.reversed(), first.reversed()) { XCTAssertEqual(tagger.tag(text), tags) }
        let stamps = TermStamps()
        stamps.values = [3, 9]
        XCTAssertEqual(stamps.reserve(2), 1)
        XCTAssertEqual(stamps.reserve(Int(UInt32.max) - 2), 1, "a reservation past the counter's end starts over")
        XCTAssertEqual(stamps.values, [0, 0])
    }

    func testTermTableFilterNeverHidesAStoredTerm() {
        var random = SplitMix64(seed: 7)
        var table = TermHashTable(capacity: 5000)
        var stored: [UInt64: Int32] = [:]
        for index in 0..<5000 {
            let hash = random.next()
            table.insert(hash, value: Int32(index))
            stored[hash] = Int32(index)
        }
        table.insert(0, value: 77)  // hash 0 is folded onto 1
        for (hash, value) in stored { XCTAssertEqual(table.value(for: hash), value) }
        XCTAssertEqual(table.value(for: 0), 77)
        var misses = 0
        for _ in 0..<20000 {
            let hash = random.next()
            guard stored[hash] == nil, hash > 1 else { continue }
            XCTAssertEqual(table.value(for: hash), -1)
            misses += 1
        }
        XCTAssertGreaterThan(misses, 19000)
    }
}
