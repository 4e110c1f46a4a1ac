import XCTest
@testable import PriorMix

/// lid.176.ftz (product-quantized, hierarchical softmax) against the real `fasttext` package on real
/// text of many languages and on malformed text: labels identical in the same order, probabilities
/// within 1e-4, for k = 1, k = 5 and every label (what datatrove's LanguageFilter asks for).
final class LanguageIdentificationParityTests: XCTestCase {
    static let modelPath = packageRoot + "/" + LanguageIdentifier.defaultModelPath
    static let corpusPath = packageRoot + "/../shared/corpus-dev/labeled.jsonl"
    static let pagesArchive = packageRoot + "/../shared/web-extraction-dev/web-extraction-dev.tar.zst"

    /// The model `make models` fetched; missing, the test fails under `make test` and is skipped elsewhere.
    private func model() throws -> FastTextModel {
        guard FileManager.default.fileExists(atPath: Self.modelPath) else {
            if ProcessInfo.processInfo.environment["PRIORMIX_REQUIRE_PEERS"] != nil {
                XCTFail("\(Self.modelPath) is missing: run `make models`")
            }
            throw XCTSkip("lid.176.ftz not fetched (make models)")
        }
        return try FastTextModel.load(path: Self.modelPath)
    }

    /// Main text of every fourth page of the web-extraction dev set (German, English, Spanish,
    /// Polish, French, Chinese, Arabic, Russian, Japanese …), read from the archive at test time.
    private func pageTexts() throws -> [String] {
        try XCTSkipUnless(FileManager.default.fileExists(atPath: Self.pagesArchive), "web-extraction-dev not beside the checkout")
        let directory = try makeTemporaryDirectory(self)
        let (untar, _) = try runProcess("/usr/bin/env", ["tar", "--zstd", "-xf", Self.pagesArchive, "-C", directory])
        XCTAssertEqual(untar.status, 0, untar.stderr)
        let pages = try FileManager.default.contentsOfDirectory(atPath: directory + "/pages").sorted()
        return try stride(from: 0, to: pages.count, by: 4).compactMap { index in
            let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/pages/" + pages[index]))
            return HTMLText.extract(bytes)?.text
        }
    }

    /// Every `step`-th document of corpus-dev (manuals, licences, literature, news: mostly English).
    private func corpusTexts(step: Int = 10) throws -> [String] {
        try XCTSkipUnless(FileManager.default.fileExists(atPath: Self.corpusPath), "corpus-dev not beside the checkout")
        let lines = try readJSONLines(Self.corpusPath)
        return stride(from: 0, to: lines.count, by: step).compactMap { lines[$0]["text"] as? String }
    }

    /// Text that has broken language identifiers: empty, whitespace only, a label-looking token,
    /// NUL and control bytes, scripts mixed inside one text and inside one word.
    static func malformedTexts(from real: [String]) -> [String] {
        let cjk = real.first { $0.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } } ?? "数据"
        let cyrillic = real.first { $0.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) } } ?? "данные"
        let latin = real[0]
        func head(_ text: String, _ count: Int) -> String { String(text.prefix(count)) }
        return [
            "", " ", "\n", " \t\r\n\u{0B}\u{0C} ", "\n\n\n",
            "__label__en", "__label__de some words __label__fr",
            "a\u{0}b\u{0}c", "\u{1}\u{2}\u{7F}",
            head(latin, 300) + " " + head(cjk, 300) + " " + head(cyrillic, 300),
            zip(head(latin, 200).split(separator: " "), head(cyrillic, 200).split(separator: " ")).map { "\($0)\($1)" }.joined(separator: " "),
            String(repeating: "é", count: 500), "🙂🙃 🙂", "x",
        ]
    }

    private func fastTextPredictions(_ texts: [String], ks: [Int]) throws -> [Int: [[(String, Double)]]] {
        let directory = try makeTemporaryDirectory(self)
        let textsPath = directory + "/texts.json"
        try JSONSerialization.data(withJSONObject: texts).write(to: URL(fileURLWithPath: textsPath))
        let (result, stdout) = try runPythonFile(packageRoot + "/Tests/Fixtures/python/fasttext_predict.py",
                                                 arguments: [Self.modelPath, textsPath, ks.map(String.init).joined(separator: ",")],
                                                 requiring: "fasttext")
        XCTAssertEqual(result.status, 0, result.stderr)
        let parsed = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(stdout)) as? [String: [[[Any]]]])
        var byK: [Int: [[(String, Double)]]] = [:]
        for k in ks {
            byK[k] = try XCTUnwrap(parsed[String(k)]).map { $0.map { ($0[0] as! String, ($0[1] as! NSNumber).doubleValue) } }
        }
        return byK
    }

    /// Same labels in the same order and probabilities within 1e-4; returns the number of texts that differ.
    @discardableResult
    private func assertSame(_ model: FastTextModel, _ texts: [String], _ theirs: [[(String, Double)]], k: Int,
                            file: StaticString = #filePath, line: UInt = #line) -> Int {
        var differing = 0
        for (index, (text, expected)) in zip(texts, theirs).enumerated() {
            let ours = model.predict(text, k: k)
            let same = ours.count == expected.count && zip(ours, expected).allSatisfy { $0.label == $1.0 && abs($0.probability - $1.1) <= 1e-4 }
            if !same {
                differing += 1
                XCTFail("text \(index) (\(text.utf8.count) bytes, k = \(k)): ours \(ours.map { "\($0.label) \($0.probability)" }), fastText's \(expected)",
                        file: file, line: line)
            }
        }
        return differing
    }

    func testLid176MatchesFastTextOnRealMultilingualText() throws {
        let model = try model()
        XCTAssertTrue(model.isQuantized)
        XCTAssertEqual(model.args.loss, .hierarchicalSoftmax)
        XCTAssertEqual(model.labels.count, 176)
        let texts = try pageTexts() + corpusTexts()
        let all = texts + Self.malformedTexts(from: texts)
        let theirs = try fastTextPredictions(all, ks: [1, 5, -1])
        assertSame(model, all, theirs[1]!, k: 1)
        assertSame(model, all, theirs[5]!, k: 5)
        // The identifier answers what datatrove's FT176LID does: every label ranked, the best kept.
        let identifier = LanguageIdentifier(model: model)
        var languages = Set<String>()
        for (index, (text, expected)) in zip(all, theirs[-1]!).enumerated() {
            let best = try XCTUnwrap(identifier.identify(text))
            XCTAssertEqual(best.language, expected[0].0)
            XCTAssertEqual(best.score, expected[0].1, accuracy: 1e-4)
            if index % 10 == 0 {
                let scores = identifier.scores(text)
                XCTAssertEqual(scores.map(\.language), expected.map(\.0))
                XCTAssertEqual(scores.last?.score ?? -1, expected.last?.1 ?? 0, accuracy: 1e-4)
            }
            languages.insert(best.language)
        }
        XCTAssertGreaterThanOrEqual(languages.count, 8, "the texts should cover many languages: \(languages.sorted())")

        // One identifier shared by threads gives each text the answer it gives alone.
        let sample = Array(all.prefix(40))
        let serial = sample.map { identifier.identify($0) }
        let results = ConcurrentResults(count: sample.count * 4)
        DispatchQueue.concurrentPerform(iterations: sample.count * 4) { index in
            results.set(index, identifier.identify(sample[index % sample.count]))
        }
        for index in 0..<sample.count * 4 { XCTAssertEqual(results.values[index], serial[index % sample.count]) }
    }

    /// One 5 MB line (real text joined with spaces, ending in a 100 kB word) asked for k = 1 and
    /// k = 5: no crash, fastText's answer.
    func testFiveMegabyteLineMatchesFastText() throws {
        let model = try model()
        let corpus = try corpusTexts(step: 1)
        var line = ""
        var index = 0
        while line.utf8.count < 4_900_000 { line += corpus[index % corpus.count] + " "; index += 1 }
        line += String(repeating: "ab", count: 50_000)
        let texts = [line]
        let theirs = try fastTextPredictions(texts, ks: [1, 5])
        assertSame(model, texts, theirs[1]!, k: 1)
        assertSame(model, texts, theirs[5]!, k: 5)
    }
}

/// Answers written from many threads, one slot each.
private final class ConcurrentResults: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [LanguagePrediction?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: LanguagePrediction?) { lock.withLock { values[index] = value } }
}
