import XCTest
@testable import PriorMix

final class ClassifierTests: XCTestCase {
    static let taxonomyDirectory = packageRoot + "/taxonomy"

    private func taxonomy() throws -> CategoryTaxonomy { try CategoryTaxonomy.load(directory: Self.taxonomyDirectory) }

    private func labelled(_ path: String) throws -> [(text: String, category: String)] {
        var examples: [(String, String)] = []
        try LabeledCorpus(path: path).forEach { examples.append(($0, $1[0])) }
        return examples
    }

    func testTaxonomyHasTheSixteenCategoriesAndSourceMappings() throws {
        let taxonomy = try taxonomy()
        XCTAssertEqual(taxonomy.categories.map(\.id), CategoryTaxonomy.categoryIDs)
        XCTAssertTrue(taxonomy.categories.allSatisfy { $0.lexicon.count >= 20 && !$0.description.isEmpty })
        XCTAssertEqual(taxonomy.category(forSource: "RedPajamaArXiv"), "academia")
        XCTAssertEqual(taxonomy.category(forSource: "starcoder"), "code")
        XCTAssertEqual(taxonomy.category(forSource: "c4-train.00001-of-01024"), "web_crawl")
        XCTAssertEqual(taxonomy.category(forSource: "s3://bucket/dolma/open-web-math/part-3.json.gz"), "mathematics")
        XCTAssertNil(taxonomy.category(forSource: "my-private-crawl-2024"))
    }

    func testBrokenTaxonomyNamesTheFileAndTheProblem() throws {
        let directory = try makeTemporaryDirectory(self)
        let original = try String(contentsOfFile: Self.taxonomyDirectory + "/categories.yaml", encoding: .utf8)
        try write(original.replacingOccurrences(of: "signals: {recipe: 5.0}", with: "signals: {recipes: 5.0}"), to: directory + "/categories.yaml")
        XCTAssertThrowsError(try CategoryTaxonomy.load(directory: directory)) { error in
            XCTAssertTrue("\(error)".contains(directory + "/categories.yaml"), "\(error)")
            XCTAssertTrue("\(error)".contains("unknown signal 'recipes'"), "\(error)")
        }
        try write("categories: [unclosed", to: directory + "/categories.yaml")
        XCTAssertThrowsError(try CategoryTaxonomy.load(directory: directory)) { error in
            XCTAssertTrue("\(error)".contains("invalid YAML"), "\(error)")
        }
    }

    func testProbabilitiesAreCalibratedDistributions() throws {
        let classifier = LexiconClassifier(taxonomy: try taxonomy())
        for (text, _) in try labelled(packageRoot + "/Tests/Fixtures/classifier/labeled.jsonl").prefix(20) {
            let probabilities = classifier.probabilities(text)
            XCTAssertEqual(probabilities.reduce(0, +), 1, accuracy: 1e-9)
            let prediction = classifier.classify(text)
            XCTAssertEqual(prediction.top.count, 3)
            XCTAssertEqual(prediction.top.map(\.probability), prediction.top.map(\.probability).sorted(by: >))
            XCTAssertEqual(prediction.confidence, probabilities.max()!, accuracy: 1e-12)
        }
        // An empty or meaningless text is not confidently anything.
        XCTAssertLessThan(classifier.classify("").confidence, 0.5)
    }

    /// A regression guard on the project's own labelled fixtures (written for the project, six per category).
    func testDefaultClassifierOnProjectFixtures() throws {
        let classifier = LexiconClassifier(taxonomy: try taxonomy())
        let examples = try labelled(packageRoot + "/Tests/Fixtures/classifier/labeled.jsonl")
        XCTAssertEqual(examples.count, 96)
        let evaluation = ClassifierEvaluation(truth: examples.map(\.category), predicted: examples.map { classifier.classify($0.text).category })
        XCTAssertGreaterThanOrEqual(evaluation.accuracy, 0.70, evaluation.table)
        XCTAssertEqual(evaluation.confusion.joined().reduce(0, +), 96)
    }

    /// Real text nobody here wrote, labelled by provenance: measured, with floors on the categories
    /// whose vocabulary is most distinctive so a regression shows.
    func testDefaultClassifierOnCorpusDev() throws {
        let path = packageRoot + "/../shared/corpus-dev/labeled.jsonl"
        try XCTSkipUnless(FileManager.default.fileExists(atPath: path), "corpus-dev not beside the checkout")
        let classifier = LexiconClassifier(taxonomy: try taxonomy())
        let examples = try labelled(path)
        let evaluation = ClassifierEvaluation(truth: examples.map(\.category), predictions: examples.map { classifier.classify($0.text) })
        print(evaluation.table)
        XCTAssertGreaterThanOrEqual(evaluation.accuracy, 0.65)
        let recall = Dictionary(uniqueKeysWithValues: evaluation.categories.map { ($0.category, $0.recall) })
        for (category, floor) in [("code", 0.85), ("law", 0.85), ("qa_forum", 0.85), ("literature", 0.75), ("mathematics", 0.7), ("medicine", 0.75)] {
            XCTAssertGreaterThanOrEqual(recall[category] ?? 0, floor, category)
        }
    }

    func testEvaluationCountsALabelInSecondPlaceAsANearMiss() {
        func prediction(_ ranked: String...) -> CategoryPrediction {
            CategoryPrediction(category: ranked[0], confidence: 0.5, top: ranked.map { ($0, 0.5) }, method: "lexicon")
        }
        let evaluation = ClassifierEvaluation(
            truth: ["food", "food", "food", "biology"],
            predictions: [prediction("food", "biology"), prediction("biology", "food", "medicine"),
                          prediction("medicine", "biology", "food"), prediction("medicine")])
        XCTAssertEqual(evaluation.accuracy, 0.25)
        XCTAssertEqual(evaluation.topTwoAccuracy, 0.5)
        let food = evaluation.categories.first { $0.category == "food" }!
        XCTAssertEqual(food.recall, 1.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(food.topTwoRecall!, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(evaluation.categories.first { $0.category == "biology" }?.topTwoRecall, 0)
        // Predicted but never true: no top-two figure to report.
        XCTAssertNil(evaluation.categories.first { $0.category == "medicine" }?.topTwoRecall)
        XCTAssertTrue(evaluation.table.contains("label in top two 50.0%"), evaluation.table)
        // Without rankings the table stays as before.
        XCTAssertFalse(ClassifierEvaluation(truth: ["food"], predicted: ["food"]).table.contains("top"))
    }

    func testMatchedTermsNameTheWordsBehindAScore() throws {
        let taxonomy = try taxonomy()
        let classifier = LexiconClassifier(taxonomy: taxonomy)
        let terms = classifier.matchedTerms("Whisk the flour into the butter, then bake the dough in a hot oven. More flour if sticky.")
        let food = terms[CategoryTaxonomy.categoryIDs.firstIndex(of: "food")!]
        XCTAssertEqual(food.first { $0.term == "flour" }?.count, 2)
        XCTAssertTrue(Set(food.map(\.term)).isSuperset(of: ["butter", "dough", "oven", "bake"]), "\(food)")
        // Two-word entries are reported as such.
        let politics = classifier.matchedTerms("The prime minister answered the opposition.")[CategoryTaxonomy.categoryIDs.firstIndex(of: "politics")!]
        XCTAssertTrue(politics.contains { $0.term == "prime minister" }, "\(politics)")
    }

    func testTrustedSourcesDecideAndOthersAreClassified() throws {
        let taxonomy = try taxonomy()
        let annotator = DocumentAnnotator(classifier: LexiconClassifier(taxonomy: taxonomy), taxonomy: taxonomy, trustSource: true)
        let code = Document(id: "1", text: "A paragraph of plain prose about gardens.", source: "starcoder")
        XCTAssertEqual(annotator.predict(code).category, "code")
        XCTAssertEqual(annotator.predict(code).method, "source")
        let redpajama = Document(id: "2", text: "Once upon a time.", source: "file.jsonl",
                                 fields: [RawJSONField(name: "meta", rawValue: Array(#"{"redpajama_set_name": "RedPajamaBook"}"#.utf8))])
        XCTAssertEqual(annotator.predict(redpajama).category, "literature")
        let unknown = Document(id: "3", text: "def f(x):\n    return x * 2\n", source: "mystery")
        XCTAssertEqual(annotator.predict(unknown).method, "lexicon")
        let untrusting = DocumentAnnotator(classifier: LexiconClassifier(taxonomy: taxonomy), taxonomy: taxonomy)
        XCTAssertEqual(untrusting.predict(code).method, "lexicon")
    }

    func testClassifyAnnotatesEveryDocumentDeterministically() throws {
        let directory = try makeTemporaryDirectory(self)
        let taxonomy = try taxonomy()
        let annotator = DocumentAnnotator(classifier: LexiconClassifier(taxonomy: taxonomy), taxonomy: taxonomy)
        let inputs = ["jsonl/dolma-style.jsonl", "code", "html", "wiki/simplewiki-sample-pages-articles.xml"].map { packageRoot + "/samples/" + $0 }
        var outputs: [Data] = []
        for threads in [1, 2] {
            var configuration = StageRunner.Configuration()
            configuration.stages = StageChain(annotator)
            configuration.command = "classify"
            configuration.documentsName = "annotated"
            configuration.threads = threads
            configuration.showProgress = false
            let summary = try StageRunner(configuration: configuration)
                .run(inputs: inputs, outputDirectory: directory + "/out\(threads)")
            let statistics = try XCTUnwrap(summary.categories)
            XCTAssertEqual(statistics.categories.values.reduce(0) { $0 + $1.documents }, summary.totals.written)
            XCTAssertEqual(statistics.categories.values.reduce(0) { $0 + $1.bytes }, summary.totals.writtenTextBytes)
            let documents = try readJSONLines(summary.outputs["documents"]!)
            for document in documents {
                let annotation = try XCTUnwrap(document["priormix"] as? [String: Any])
                XCTAssertTrue(CategoryTaxonomy.categoryIDs.contains(annotation["category"] as? String ?? ""))
                XCTAssertEqual((annotation["top"] as? [[Any]])?.count, 3)
            }
            XCTAssertEqual(documents.first { ($0["id"] as? String)?.hasSuffix("dijkstra.py") == true }.flatMap { ($0["priormix"] as? [String: Any])?["category"] as? String }, "code")
            outputs.append(try Data(contentsOf: URL(fileURLWithPath: summary.outputs["documents"]!)))
        }
        XCTAssertEqual(outputs[0], outputs[1])
    }

    func testBootstrapTrainsALoadableModelFromConfidentDocuments() throws {
        let directory = try makeTemporaryDirectory(self)
        var bootstrapper = Bootstrapper(classifier: LexiconClassifier(taxonomy: try taxonomy()))
        bootstrapper.trainer.args.dim = 16
        bootstrapper.trainer.args.bucket = 10_000
        bootstrapper.trainer.args.epoch = 10
        bootstrapper.ingest.showProgress = false
        let result = try bootstrapper.run(inputs: [packageRoot + "/Tests/Fixtures/classifier/labeled.jsonl"], workDirectory: directory + "/work")
        XCTAssertEqual(result.read, 96)
        XCTAssertGreaterThan(result.used.values.reduce(0, +), 30)
        try result.model.save(path: directory + "/model.bin")
        let classifier = FastTextClassifier(model: try FastTextModel.load(path: directory + "/model.bin"))
        let prediction = classifier.classify("def main():\n    for i in range(10):\n        print(i)\n    return 0")
        XCTAssertEqual(prediction.method, "model")
        XCTAssertTrue(result.model.labels.contains(prediction.category))
    }
}
