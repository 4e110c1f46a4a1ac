import XCTest
@testable import PriorMix

/// The engine against the real `fasttext` package, both ways: models trained by fastText predict
/// the same here, and models written here load and predict the same in fastText.
final class FastTextCompatibilityTests: XCTestCase {
    /// Labelled lines with per-label vocabularies, shared words, non-ASCII words (which exercise
    /// fastText's sign-extended hashing) and label noise.
    static func trainingLines(count: Int, seed: UInt64) -> [(String, String)] {
        let vocabularies: [String: [String]] = [
            "code": ["function", "return", "loop", "array", "compile", "pointer", "struct", "héap", "void", "int"],
            "food": ["flour", "butter", "oven", "simmer", "crème", "brûlée", "garlic", "pan", "salt", "bake"],
            "law": ["shall", "clause", "party", "hereby", "statute", "court", "liable", "§", "tenant", "breach"],
            "mathematics": ["theorem", "lemma", "proof", "integral", "∑", "prime", "matrix", "vector", "bound", "λ"],
        ]
        let shared = ["the", "a", "of", "and", "to", "in", "is", "数据", "🙂", "with"]
        var random = SplitMix64(seed: seed)
        let labels = vocabularies.keys.sorted()
        return (0..<count).map { _ in
            let label = labels[Int(random.next() % UInt64(labels.count))]
            let own = vocabularies[label]!
            let words = (0..<(6 + Int(random.next() % 20))).map { _ -> String in
                let roll = random.next() % 10
                if roll < 5 { return own[Int(random.next() % UInt64(own.count))] }
                if roll < 9 { return shared[Int(random.next() % UInt64(shared.count))] }
                let other = vocabularies[labels[Int(random.next() % UInt64(labels.count))]]!
                return other[Int(random.next() % UInt64(other.count))]
            }
            return (words.joined(separator: " "), label)
        }
    }

    static let probes = [
        "the theorem has a short proof with an integral bound",
        "bake the flour and butter in the oven with salt",
        "the tenant shall be liable for any breach of this clause",
        "return the pointer to the struct in the loop",
        "unknownword anotherunknown 数据 🙂",
        "crème brûlée with λ and ∑ over the héap",
        "a",
    ]

    /// fastText's own predictions for `probes`: [[label, probability], ...] per probe.
    private func fastTextPredictions(model: String, k: Int) throws -> [[(String, Double)]] {
        let script = """
            import fasttext, json, sys
            model = fasttext.load_model(sys.argv[1])
            out = []
            for line in json.load(open(sys.argv[2])):
                pairs = model.f.predict(line + "\\n", int(sys.argv[3]), 0.0, "strict")
                out.append([[label[len("__label__"):], prob] for prob, label in pairs])
            print(json.dumps(out))
            """
        let directory = try makeTemporaryDirectory(self)
        let probesPath = directory + "/probes.json"
        try JSONSerialization.data(withJSONObject: Self.probes).write(to: URL(fileURLWithPath: probesPath))
        let (result, stdout) = try runPython(script, arguments: [model, probesPath, String(k)], requiring: "fasttext")
        XCTAssertEqual(result.status, 0, result.stderr)
        let parsed = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(stdout)) as? [[[Any]]])
        return parsed.map { $0.map { ($0[0] as! String, ($0[1] as! NSNumber).doubleValue) } }
    }

    /// Same probability for every label fastText reports, and the same ranking except among labels
    /// whose probabilities tie within the tolerance (fastText's heap leaves their order unspecified).
    private func assertSamePredictions(_ model: FastTextModel, _ expected: [[(String, Double)]], k: Int,
                                       file: StaticString = #filePath, line: UInt = #line) {
        let tolerance = 1e-4
        for (probe, theirs) in zip(Self.probes, expected) {
            let ours = model.predict(probe, k: model.labels.count)
            let byLabel = Dictionary(uniqueKeysWithValues: ours.map { ($0.label, $0.probability) })
            for (label, probability) in theirs {
                // Both report exp(log(p + 1e-5)), as fastText's predict does.
                XCTAssertEqual(byLabel[label] ?? -1, probability, accuracy: tolerance, "\(label) for \(probe)", file: file, line: line)
            }
            for (rank, (label, probability)) in theirs.enumerated() where rank < ours.count && ours[rank].label != label {
                XCTAssertEqual(ours[rank].probability, probability, accuracy: tolerance,
                               "rank \(rank) of \(probe): \(ours[rank].label) vs \(label)", file: file, line: line)
            }
        }
    }

    private func trainWithFastText(options: String) throws -> String {
        let directory = try makeTemporaryDirectory(self)
        let trainPath = directory + "/train.txt"
        let lines = Self.trainingLines(count: 3000, seed: 11).map { "__label__\($0.1) \($0.0)" }
        try write(lines.joined(separator: "\n") + "\n", to: trainPath)
        let modelPath = directory + "/model.bin"
        let script = """
            import fasttext, sys
            model = fasttext.train_supervised(input=sys.argv[1], thread=1, seed=5, verbose=0, \(options))
            model.save_model(sys.argv[2])
            """
        let (result, _) = try runPython(script, arguments: [trainPath, modelPath], requiring: "fasttext")
        XCTAssertEqual(result.status, 0, result.stderr)
        return modelPath
    }

    func testModelsTrainedByFastTextPredictTheSame() throws {
        for options in [
            "dim=16, epoch=5, lr=0.5, wordNgrams=2, bucket=20000",
            "dim=12, epoch=5, lr=0.5, wordNgrams=3, bucket=5000, minn=2, maxn=4",
            "dim=16, epoch=5, lr=0.5, wordNgrams=2, bucket=20000, loss='ova'",
            "dim=10, epoch=3, lr=0.3, wordNgrams=1",
            "dim=16, epoch=5, lr=0.5, wordNgrams=2, bucket=20000, minn=2, maxn=4, loss='hs'",
        ] {
            let path = try trainWithFastText(options: options)
            let model = try FastTextModel.load(path: path)
            assertSamePredictions(model, try fastTextPredictions(model: path, k: 4), k: 4)
        }
    }

    func testModelsWrittenHereLoadAndPredictTheSameInFastText() throws {
        let directory = try makeTemporaryDirectory(self)
        let examples = Self.trainingLines(count: 3000, seed: 23)
        for loss in [FastTextArgs.Loss.softmax, .oneVsAll] {
            var trainer = FastTextTrainer()
            trainer.args.dim = 16
            trainer.args.bucket = 20_000
            trainer.args.loss = loss
            let model = try trainer.train { visit in for (text, label) in examples { try visit(text, [label]) } }
            let path = directory + "/ours-\(loss).bin"
            try model.save(path: path)
            assertSamePredictions(model, try fastTextPredictions(model: path, k: 4), k: 4)
            // And it learned: held-out accuracy on fresh lines.
            let heldOut = Self.trainingLines(count: 500, seed: 99)
            let correct = heldOut.filter { model.predict($0.0).first?.label == $0.1 }.count
            XCTAssertGreaterThan(Double(correct) / Double(heldOut.count), 0.8, "\(loss)")
            // Saving is deterministic and round-trips.
            let reloaded = try FastTextModel.load(path: path)
            try reloaded.save(path: path + ".again")
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), try Data(contentsOf: URL(fileURLWithPath: path + ".again")))
        }
    }

    func testTruncatedOrForeignModelFilesGiveClearErrors() throws {
        let directory = try makeTemporaryDirectory(self)
        try write("not a model at all", to: directory + "/junk.bin")
        XCTAssertThrowsError(try FastTextModel.load(path: directory + "/junk.bin")) { error in
            XCTAssertTrue("\(error)".contains("not a fastText model"), "\(error)")
        }
        var trainer = FastTextTrainer()
        trainer.args.dim = 4
        trainer.args.bucket = 100
        let model = try trainer.train { visit in try visit("some words here", ["a"]); try visit("other words", ["b"]) }
        try model.save(path: directory + "/small.bin")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/small.bin"))
        try bytes.prefix(bytes.count - 9).write(to: URL(fileURLWithPath: directory + "/cut.bin"))
        XCTAssertThrowsError(try FastTextModel.load(path: directory + "/cut.bin")) { error in
            XCTAssertTrue("\(error)".contains("model file ends while reading output matrix"), "\(error)")
        }
    }
}
