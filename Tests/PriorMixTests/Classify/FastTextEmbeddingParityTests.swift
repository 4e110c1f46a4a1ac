import Foundation
import XCTest
@testable import PriorMix

/// The engine's tokenizer and embedding lookup against the `fasttext` package piece by piece, on
/// real text (corpus-dev documents): how each line splits into words and labels, every word's id
/// and subword (character n-gram) ids, the word vectors, the input rows, the sentence vector (the
/// hidden layer every prediction starts from) and every label's probability. Two models: the
/// shipped `taxonomy/models/learned.bin` on the normalised text it is used on, and a model the
/// `fasttext` package trains here with character n-grams (2–5) and word bigrams on raw text, whose
/// subwords exercise UTF-8 n-grams and the bucket hashing the shipped model does not use.
/// (FastTextCompatibilityTests compares predictions; this compares what they are made of.)
final class FastTextEmbeddingParityTests: XCTestCase {
    static let corpusPath = packageRoot + "/../shared/corpus-dev/labeled.jsonl"

    /// Texts written for this test: accents, CJK, emoji, a combining mark, math symbols, a token
    /// that looks like a label, tabs and other separators fastText splits on.
    static let handWritten = [
        "Crème brûlée — a naïve café recipe with 数据 and 🙂 emoji",
        "λ-calculus: ∑ x² ≤ 1 for every x ∈ ℝ, by the lemma",
        "e\u{301}tude of the cafe\u{301}\tsecond\u{0B}third\u{0C}fourth\rfifth",
        "__label__law the tenant shall pay __label__nonsense rent",
        "  leading and trailing spaces  ",
        "",
    ]
    /// Extra words, among them canonically equivalent pairs (composed and decomposed é; Greek
    /// omega and the ohm sign): different bytes, so different words and n-grams to fastText.
    static let extraWords = ["zzqxv", "brûléeish", "数据库", "🙂🙂", "</s>", "a", "\u{3A9}", "\u{2126}", "caf\u{E9}", "cafe\u{301}"]

    /// Documents of corpus-dev: every `step`-th, starting at `offset`, newlines read as spaces.
    func corpusTexts(step: Int, offset: Int = 0) throws -> [String] {
        try XCTSkipUnless(FileManager.default.fileExists(atPath: Self.corpusPath), "corpus-dev not beside the checkout")
        let lines = try readJSONLines(Self.corpusPath)
        return stride(from: offset, to: lines.count, by: step).compactMap { lines[$0]["text"] as? String }
            .map { $0.replacingOccurrences(of: "\n", with: " ") }
    }

    /// What fastText says about `texts` under `model` (see Tests/Fixtures/python/fasttext_inspect.py).
    func inspect(model: String, texts: [String]) throws -> [String: Any] {
        let directory = try makeTemporaryDirectory(self)
        try JSONSerialization.data(withJSONObject: texts).write(to: URL(fileURLWithPath: directory + "/texts.json"))
        try JSONSerialization.data(withJSONObject: Self.extraWords).write(to: URL(fileURLWithPath: directory + "/words.json"))
        let (result, stdout) = try runPythonFile(packageRoot + "/Tests/Fixtures/python/fasttext_inspect.py",
                                                 arguments: [model, directory + "/texts.json", directory + "/words.json", "3000", "60"],
                                                 requiring: "fasttext")
        XCTAssertEqual(result.status, 0, result.stderr)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(stdout)) as? [String: Any])
    }

    func floats(_ value: Any?) -> [Float] { (value as? [NSNumber] ?? []).map { Float($0.doubleValue) } }

    /// Every piece equal: words, labels and ids exactly, vectors bit for bit, probabilities to 1e-4.
    func assertSameAsFastText(_ model: FastTextModel, modelPath: String, texts: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let theirs = try inspect(model: modelPath, texts: texts)
        let lines = try XCTUnwrap(theirs["lines"] as? [[String: Any]])
        XCTAssertEqual(lines.count, texts.count, file: file, line: line)
        var vectorsCompared = 0, wordsCompared = 0, maximumDifference: Float = 0
        func compare(_ ours: [Float], _ expected: [Float], _ what: @autoclosure () -> String) {
            XCTAssertEqual(ours.count, expected.count, what(), file: file, line: line)
            for (a, b) in zip(ours, expected) { maximumDifference = max(maximumDifference, abs(a - b)) }
            // Bit for bit: the same rows added in the same order, scaled by the same float.
            XCTAssertEqual(ours.map(\.bitPattern), expected.map(\.bitPattern), what(), file: file, line: line)
            vectorsCompared += 1
        }
        for (text, expected) in zip(texts, lines) {
            let split = model.dictionary.line(text)
            XCTAssertEqual(split.words, expected["words"] as? [String], "words of \(text.prefix(80))", file: file, line: line)
            XCTAssertEqual(split.labels, expected["labels"] as? [String], "labels of \(text.prefix(80))", file: file, line: line)
            compare(model.sentenceVector(text), floats(expected["sentence_vector"]), "sentence vector of \(text.prefix(80))")
            let ours = Dictionary(uniqueKeysWithValues: model.predict(text, k: model.labels.count).map { ($0.label, $0.probability) })
            let pairs = try XCTUnwrap(expected["probabilities"] as? [[Any]])
            XCTAssertEqual(ours.count, pairs.count, file: file, line: line)
            for pair in pairs {
                let label = try XCTUnwrap(pair[0] as? String)
                XCTAssertEqual(ours[label] ?? -1, (pair[1] as! NSNumber).doubleValue, accuracy: 1e-4, "\(label) for \(text.prefix(80))", file: file, line: line)
            }
        }
        // [word, id, subword ids, vector or null]; a list, since canonically equivalent words
        // ("café" composed and decomposed) are different words to fastText but one key to Swift.
        for entry in try XCTUnwrap(theirs["words"] as? [[Any]]) {
            let word = try XCTUnwrap(entry[0] as? String)
            XCTAssertEqual(model.dictionary.wordID(word) ?? -1, Int32(entry[1] as! Int), "id of \(word)", file: file, line: line)
            XCTAssertEqual(model.dictionary.subwordIDs(word), (entry[2] as! [Int]).map(Int32.init), "subwords of \(word)", file: file, line: line)
            if !(entry[3] is NSNull) { compare(model.wordVector(word), floats(entry[3]), "vector of \(word)") }
            wordsCompared += 1
        }
        for (row, expected) in try XCTUnwrap(theirs["rows"] as? [[NSNumber]]).enumerated() {
            compare(model.inputVector(row), expected.map { Float($0.doubleValue) }, "input row \(row)")
        }
        XCTAssertGreaterThan(wordsCompared, 1000, file: file, line: line)
        XCTAssertGreaterThan(vectorsCompared, 1000, file: file, line: line)
        XCTAssertLessThanOrEqual(maximumDifference, 0, file: file, line: line)
    }

    func testShippedLearnedModelSplitsAndEmbedsAsFastTextDoes() throws {
        let path = packageRoot + "/taxonomy/models/learned.bin"
        let model = try FastTextModel.load(path: path)
        // The shipped model sees normalised text (LearnedClassifier); raw text is compared as well.
        let documents = try corpusTexts(step: 7)
        XCTAssertGreaterThan(documents.count, 250)
        let texts = documents.map(FastTextText.normalize) + Self.handWritten.map(FastTextText.normalize) + Self.handWritten + documents.prefix(20)
        try assertSameAsFastText(model, modelPath: path, texts: texts)
    }

    func testCharacterNgramModelSplitsAndEmbedsAsFastTextDoes() throws {
        let directory = try makeTemporaryDirectory(self)
        let training = try corpusTexts(step: 3, offset: 1)
        try write(training.enumerated().map { "__label__l\($0.offset % 4) \($0.element)" }.joined(separator: "\n") + "\n", to: directory + "/train.txt")
        let script = """
            import fasttext, sys
            model = fasttext.train_supervised(input=sys.argv[1], thread=1, seed=3, verbose=0, dim=8, epoch=1, lr=0.5,
                                              minn=2, maxn=5, wordNgrams=2, bucket=50000, minCount=2)
            model.save_model(sys.argv[2])
            """
        let (trained, _) = try runPython(script, arguments: [directory + "/train.txt", directory + "/ngrams.bin"], requiring: "fasttext")
        XCTAssertEqual(trained.status, 0, trained.stderr)
        let model = try FastTextModel.load(path: directory + "/ngrams.bin")
        XCTAssertEqual(model.args.maxn, 5)
        let texts = try corpusTexts(step: 13) + Self.handWritten
        try assertSameAsFastText(model, modelPath: directory + "/ngrams.bin", texts: texts)
        // Unknown words still get vectors from their n-grams.
        XCTAssertFalse(model.dictionary.subwordIDs("brûléeish").isEmpty)
        XCTAssertNil(model.dictionary.wordID("brûléeish"))
    }
}
