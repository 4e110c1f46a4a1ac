import XCTest
@testable import PriorMix

/// The calls model-filter rules make: every label's probability, one label's, and the text prepared
/// as datatrove's FastTextClassifierFilter prepares it (checked against Python itself).
final class FastTextClassifierScoresTests: XCTestCase {
    func testLabelProbabilitiesAreEveryPredictedLabel() throws {
        var trainer = FastTextTrainer()
        trainer.args.dim = 8
        trainer.args.bucket = 1000
        let examples = FastTextCompatibilityTests.trainingLines(count: 400, seed: 5)
        let model = try trainer.train { visit in for (text, label) in examples { try visit(text, [label]) } }
        let text = "the theorem has a short proof"
        let all = model.predict(text, k: 0)
        XCTAssertEqual(all.count, 4)
        let byLabel = model.labelProbabilities(text)
        XCTAssertEqual(Set(byLabel.keys), Set(model.labels))
        for prediction in all {
            XCTAssertEqual(byLabel[prediction.label], prediction.probability)
            XCTAssertEqual(model.probability(of: prediction.label, in: text), prediction.probability)
        }
        XCTAssertEqual(all.first?.label, "mathematics")
        XCTAssertNil(model.probability(of: "no-such-label", in: text))
        XCTAssertTrue(model.hasLabel("law"))
        XCTAssertFalse(model.hasLabel("__label__law"))
    }

    func testDatatroveClassifierTextMatchesPython() throws {
        let texts = ["  two\nlines\n", "\u{1C}\u{1F} sep \u{85}", "\u{3000}全角\u{3000}", "keep\u{200B}zero-width", "", " \n\t ",
                     "a\r\nb", "\u{2028}x\u{2029}", "tab\tinside\n\nend  ", "\u{A0}nbsp\u{A0}"]
        let script = """
            import json, sys
            print(json.dumps([[t.strip().replace("\\n", ""), t.strip().replace("\\n", " ")] for t in json.load(open(sys.argv[1]))]))
            """
        let directory = try makeTemporaryDirectory(self)
        try JSONSerialization.data(withJSONObject: texts).write(to: URL(fileURLWithPath: directory + "/texts.json"))
        let (result, stdout) = try runPython(script, arguments: [directory + "/texts.json"], requiring: "json")
        XCTAssertEqual(result.status, 0, result.stderr)
        let expected = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(stdout)) as? [[String]])
        for (text, pair) in zip(texts, expected) {
            XCTAssertEqual(FastTextModel.datatroveClassifierText(text), pair[0], text.debugDescription)
            XCTAssertEqual(FastTextModel.datatroveClassifierText(text, newlineReplacement: " "), pair[1], text.debugDescription)
        }
    }
}
