import XCTest
@testable import PriorMix

/// `classifier learn-lexicon`: measured word lists that the default classifier can load beside
/// the hand-written ones.
final class LexiconLearnerTests: XCTestCase {
    private let fixtures = packageRoot + "/Tests/Fixtures/classifier/labeled.jsonl"
    private var binary: String { priormixBinary }

    private func learnFromFixtures() throws -> LexiconLearner {
        var learner = LexiconLearner()
        learner.minimumDocuments = 2
        try LabeledCorpus(path: fixtures).forEach { try learner.add(text: $0, category: $1[0]) }
        return learner
    }

    func testLearnsDistinctiveWordsAndSkipsSharedOnes() throws {
        let learned = try learnFromFixtures().learn()
        let words = learned.mapValues { Set($0.map(\.word)) }
        XCTAssertEqual(learned.count, 16)
        // Words every category uses are nobody's; weights stay in the hand-written lexicons' range.
        for common in ["the", "and", "of", "is"] { XCTAssertFalse(words.values.contains { $0.contains(common) }, common) }
        XCTAssertTrue(learned.values.joined().allSatisfy { $0.weight >= 0.6 && $0.weight <= 3.0 })
        XCTAssertTrue(words["code"]!.contains("return"), "\(words["code"]!.sorted())")
        XCTAssertTrue(words["food"]!.contains { ["oven", "minutes", "salt", "butter"].contains($0) }, "\(words["food"]!.sorted())")
    }

    func testFileRoundTripsAndFeedsTheDefaultClassifier() throws {
        let directory = try makeTemporaryDirectory(self)
        let learner = try learnFromFixtures()
        let yaml = learner.yaml(learner.learn(), origin: "labeled.jsonl")
        let again = try learnFromFixtures()
        XCTAssertEqual(yaml, again.yaml(again.learn(), origin: "labeled.jsonl"), "the same input gives the same file")
        try write(yaml, to: directory + "/learned.yaml")
        let loaded = try LexiconLearner.load(path: directory + "/learned.yaml")
        let learned = learner.learn()
        XCTAssertEqual(loaded["law"]?.map(\.0), learned["law"]?.map(\.word))
        XCTAssertEqual(loaded["law"]?.map(\.1), learned["law"]?.map { ($0.weight * 10).rounded() / 10 })

        // A taxonomy naming the file gives the classifier those words on top of its own.
        let categories = try String(contentsOfFile: packageRoot + "/taxonomy/categories.yaml", encoding: .utf8)
        try write(categories + "\nlearned_lexicons: [learned.yaml]\nlearned_weight: 0.5\n", to: directory + "/categories.yaml")
        let plain = try CategoryTaxonomy.load(directory: packageRoot + "/taxonomy")
        let extended = try CategoryTaxonomy.load(directory: directory)
        for (before, after) in zip(plain.categories, extended.categories) {
            XCTAssertEqual(after.lexicon.count, before.lexicon.count + (learned[before.id]?.count ?? 0), before.id)
            XCTAssertEqual(after.lexicon.last?.1, learned[before.id]?.last.map { ($0.weight * 10).rounded() / 10 * 0.5 })
        }
    }

    func testBadLabelsAndBadFilesAreNamed() throws {
        var learner = LexiconLearner()
        XCTAssertThrowsError(try learner.add(text: "a recipe", category: "cooking")) { error in
            XCTAssertTrue("\(error)".contains("unknown category 'cooking'"), "\(error)")
        }
        let directory = try makeTemporaryDirectory(self)
        try write("version: 1\ncategories:\n  law: >-\n    statute:2.0 clause\n", to: directory + "/broken.yaml")
        XCTAssertThrowsError(try LexiconLearner.load(path: directory + "/broken.yaml")) { error in
            XCTAssertTrue("\(error)".contains(directory + "/broken.yaml"), "\(error)")
            XCTAssertTrue("\(error)".contains("expected word:weight, found 'clause'"), "\(error)")
        }
    }

    func testCommandWritesTheFileAndNamesABadDocument() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "priormix binary not built at \(binary)")
        let directory = try makeTemporaryDirectory(self)
        let (result, _) = try runProcess(binary, ["classifier", "learn-lexicon", fixtures, "-o", directory + "/learned.yaml", "--min-documents", "2"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("96 documents"), result.stdout)
        XCTAssertEqual(try LexiconLearner.load(path: directory + "/learned.yaml").count, 16)

        try write("{\"text\": \"the court held\", \"category\": \"law\"}\n{\"text\": \"stir well\", \"category\": \"cookery\"}\n", to: directory + "/bad.jsonl")
        let (bad, _) = try runProcess(binary, ["classifier", "learn-lexicon", directory + "/bad.jsonl", "-o", directory + "/bad.yaml"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains(directory + "/bad.jsonl") && bad.stderr.contains("labelled document 2"), bad.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/bad.yaml"), "no half-written output")
    }
}
