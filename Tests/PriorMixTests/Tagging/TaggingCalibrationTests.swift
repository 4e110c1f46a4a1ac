import XCTest
@testable import PriorMix

/// The calibration loop end to end: `classify` with an LLM tagger (the stub server) labels a
/// sample, `tagger train` fits the fast model to those labels, and the model then tags new text.
extension TaggingLLMTests {
    func testLLMLabelledSampleTrainsTheFastTagger() throws {
        let server = try startServer(mode: "labels", extra: ["--max-requests", "400"])
        let directory = try makeTemporaryDirectory(self)
        var random = SplitMix64(seed: 9)
        let kinds = [
            "def solve(items):\n    total = 0\n    for item in items:\n        total += item\n    return total",
            "The red lantern hung beside the harbour gate, its glass catching the evening light.",
            "We state the theorem and prove it by induction on the number of vertices.",
            "Our hypothesis is that soil moisture drives the observed growth rates.",
            "The committee meets on Tuesdays to discuss the annual budget and staffing.",
        ]
        var lines = ""
        var distinct = Set<String>()
        for index in 0..<150 {
            let text = kinds[Int(random.next() % UInt64(kinds.count))] + " Note \(index % 7)."
            distinct.insert(text)
            lines += "{\"id\":\"d\(index)\",\"text\":\(String(decoding: try JSONSerialization.data(withJSONObject: [text]).dropFirst().dropLast(), as: UTF8.self))}\n"
        }
        try write(lines, to: directory + "/sample.jsonl")
        let categories = try CategoryTaxonomy.load(directory: packageRoot + "/taxonomy")
        let annotator = DocumentAnnotator(classifier: LexiconClassifier(taxonomy: categories), taxonomy: categories,
                                          tagger: LexiconTagger(taxonomy: try LabelTaxonomy.load(directory: packageRoot + "/taxonomy/labels")),
                                          llmTagger: try makeTagger(server, cachePath: directory + "/cache.jsonl"))
        var configuration = StageRunner.Configuration()
        configuration.stages = StageChain(annotator)
        configuration.showProgress = false
        configuration.documentsName = "annotated"
        let summary = try StageRunner(configuration: configuration)
            .run(inputs: [directory + "/sample.jsonl"], outputDirectory: directory + "/labelled")
        XCTAssertEqual(summary.categories?.taggerFallbacks, 0)
        XCTAssertEqual(try server.requests().count, distinct.count, "one request per distinct segment; the cache answers repeats")

        var trainer = FastTextTrainer()
        trainer.args.loss = .oneVsAll
        trainer.args.dim = 16
        trainer.args.bucket = 20_000
        trainer.args.epoch = 25
        trainer.learningRate = 1.0
        var segments = 0
        let model = try trainer.train { visit in
            segments = try TaggerTraining.forEachSegment(in: [summary.outputs["documents"]!], taggerPrefix: "llm", visit)
        }
        XCTAssertEqual(segments, 150)
        try model.save(path: directory + "/tagger.bin")
        let tagger = try ModelTagger(model: try FastTextModel.load(path: directory + "/tagger.bin"), name: directory + "/tagger.bin")
        let code = tagger.tag("def count(values):\n    n = 0\n    for v in values:\n        n += 1\n    return n")
        XCTAssertTrue(code.labels.contains(.codeReasoning), "\(code.segments)")
        XCTAssertFalse(code.labels.hasVisual)
        let scene = tagger.tag("A red flag flew beside the harbour steps.")
        XCTAssertTrue(scene.labels.hasVisual, "\(scene.segments)")
        XCTAssertFalse(tagger.tag("The committee meets to discuss staffing.").labels.hasReasoning)
    }
}
