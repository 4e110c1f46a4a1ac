import XCTest
@testable import PriorMix

/// The learned classifier, its combination with the lexicon, the bundle that ships them, the
/// leave-package-out holdout that chooses the combination, and temperature calibration.
final class LearnedClassifierTests: XCTestCase {
    private var taxonomy: CategoryTaxonomy { get throws { try CategoryTaxonomy.load(directory: packageRoot + "/taxonomy") } }

    /// Short texts written for this test, three "packages" per category.
    private static let vocabularies: [String: [String]] = [
        "code": ["function", "return", "pointer", "struct", "compile", "variable", "loop", "array"],
        "food": ["flour", "butter", "oven", "simmer", "garlic", "recipe", "bake", "sauce"],
        "law": ["shall", "clause", "party", "hereby", "statute", "court", "liable", "tenant"],
        "mathematics": ["theorem", "lemma", "proof", "integral", "prime", "matrix", "vector", "bound"],
    ]

    private static func examples() -> [PackageHoldout.Example] {
        var random = SplitMix64(seed: 3)
        var examples: [PackageHoldout.Example] = []
        for category in vocabularies.keys.sorted() {
            for package in 0..<3 {
                for _ in 0..<12 {
                    let own = vocabularies[category]!
                    let words = (0..<30).map { index -> String in
                        index % 3 == 0 ? ["the", "and", "of", "with", "this"][Int(random.next() % 5)] : own[Int(random.next() % UInt64(own.count))]
                    }
                    examples.append(.init(text: words.joined(separator: " "), category: category, package: "pypi:\(category)-\(package)"))
                }
            }
        }
        return examples
    }

    private static func trainer() -> FastTextTrainer {
        var trainer = FastTextTrainer()
        trainer.args.dim = 8
        trainer.args.epoch = 5
        trainer.args.wordNgrams = 1
        trainer.args.bucket = 0
        trainer.learningRate = 0.5
        return trainer
    }

    private func model() throws -> FastTextModel {
        let examples = Self.examples()
        return try Self.trainer().train { visit in for example in examples { try visit(FastTextText.normalize(example.text), [example.category]) } }
    }

    func testCombinationIsAWeightedProductOfTheTwoProbabilityVectors() {
        let lexicon = LogSpace.normalized([0, 1, 2].map { Double($0) })
        let learned = LogSpace.normalized([2, 1, 0].map { Double($0) })
        for (a, b) in zip(CombinedClassifier.combine(lexicon: lexicon, learned: learned, learnedWeight: 0, temperature: 1), lexicon) {
            XCTAssertEqual(a, b, accuracy: 1e-12)
        }
        let onlyLearned = CombinedClassifier.combine(lexicon: lexicon, learned: learned, learnedWeight: 1, temperature: 1)
        for (a, b) in zip(onlyLearned, learned) { XCTAssertEqual(a, b, accuracy: 1e-12) }
        let half = CombinedClassifier.combine(lexicon: lexicon, learned: learned, learnedWeight: 0.5, temperature: 1)
        for value in half { XCTAssertEqual(exp(value), 1.0 / 3, accuracy: 1e-12, "opposite opinions of equal weight cancel") }
        // A temperature above one flattens, below one sharpens; probabilities always add up to one.
        let flat = CombinedClassifier.combine(lexicon: lexicon, learned: nil, learnedWeight: 0.5, temperature: 4)
        let sharp = CombinedClassifier.combine(lexicon: lexicon, learned: nil, learnedWeight: 0.5, temperature: 0.25)
        XCTAssertLessThan(exp(flat[2]), exp(lexicon[2]))
        XCTAssertGreaterThan(exp(sharp[2]), exp(lexicon[2]))
        for vector in [half, flat, sharp] { XCTAssertEqual(vector.reduce(0) { $0 + exp($1) }, 1, accuracy: 1e-12) }
    }

    func testLearnedProbabilitiesFollowTheTaxonomyOrderAndAbstainOnUnknownText() throws {
        let learned = LearnedClassifier(model: try model())
        let logs = try XCTUnwrap(learned.logProbabilities("the proof of the theorem bounds the integral"))
        XCTAssertEqual(logs.count, CategoryTaxonomy.categoryIDs.count)
        XCTAssertEqual(logs.reduce(0) { $0 + exp($1) }, 1, accuracy: 1e-9)
        XCTAssertEqual(learned.classify("the proof of the theorem bounds the integral").category, "mathematics")
        XCTAssertEqual(learned.classify("simmer the garlic in butter").category, "food")
        XCTAssertLessThan(exp(logs[CategoryTaxonomy.categoryIDs.firstIndex(of: "politics")!]), 1e-4, "a category the model never saw")

        let combined = CombinedClassifier(lexicon: LexiconClassifier(taxonomy: try taxonomy), learned: learned, learnedWeight: 0.5, temperature: 1)
        let lexiconOnly = CombinedClassifier(lexicon: LexiconClassifier(taxonomy: try taxonomy), learned: learned, learnedWeight: 0, temperature: 1)
        XCTAssertEqual(lexiconOnly.classify("simmer the garlic in butter").method, "lexicon", "with weight 0 only the lexicon votes")
        let both = combined.classify("The tenant shall be liable to the other party under this clause of the statute.")
        XCTAssertEqual(both.method, "lexicon+learned")
        XCTAssertEqual(both.category, "law")
        XCTAssertLessThanOrEqual(both.top.map(\.probability).reduce(0, +), 1 + 1e-9)
    }

    func testPackagesAreDealtSoAFoldHoldsOutAtMostOnePackageOfACategory() {
        var holdout = PackageHoldout(trainer: Self.trainer())
        holdout.folds = 3
        let examples = Self.examples()
        let folds = holdout.foldAssignment(examples)
        var foldOfPackage: [String: Set<Int>] = [:]
        for (example, fold) in zip(examples, folds) { foldOfPackage[example.package, default: []].insert(fold) }
        XCTAssertTrue(foldOfPackage.values.allSatisfy { $0.count == 1 }, "a package's documents stay together")
        for category in Self.vocabularies.keys {
            let used = (0..<3).compactMap { foldOfPackage["pypi:\(category)-\($0)"]?.first }
            XCTAssertEqual(Set(used).count, 3, "\(category): its three packages go to three folds")
        }
    }

    func testHoldoutPredictsEveryDocumentWithoutItsPackageAndIsDeterministic() throws {
        var holdout = PackageHoldout(trainer: Self.trainer())
        holdout.folds = 3
        holdout.weights = [0, 0.5, 1]
        let lexicon = LexiconClassifier(taxonomy: try taxonomy)
        let examples = Self.examples()
        let result = try holdout.run(examples, lexicon: lexicon)
        XCTAssertEqual(result.documents, examples.count)
        XCTAssertEqual(result.packages, 12)
        XCTAssertEqual(result.byPackage.count, 12)
        XCTAssertTrue([0, 0.5, 1].contains(result.learnedWeight))
        // On text this separable a model that never saw the package still learns its category.
        XCTAssertGreaterThan(result.learned.macroAll, 0.9)
        XCTAssertGreaterThanOrEqual(result.combined.macroAll + result.combined.macroDistinctive + 1e-9,
                                    min(result.lexicon.macroAll + result.lexicon.macroDistinctive, result.learned.macroAll + result.learned.macroDistinctive),
                                    "the chosen weight is at least as good as the worse end of the grid")
        // The lexicon's figures are its own decisions, independent of folds.
        let lexiconCorrect = examples.filter { lexicon.classify($0.text).category == $0.category }.count
        XCTAssertEqual(result.lexicon.accuracy, Double(lexiconCorrect) / Double(examples.count), accuracy: 1e-12)
        XCTAssertEqual(result.shares.map(\.trueShare).reduce(0, +), 1, accuracy: 1e-9)
        XCTAssertEqual(result.shares.map(\.expected).reduce(0, +), 1, accuracy: 1e-6)
        XCTAssertEqual(try holdout.run(examples, lexicon: lexicon), result, "seeded training: the same every run")
    }

    func testTemperatureFitRecoversTheTemperatureThatGeneratedTheLabels() {
        // Labels drawn from softmax(logits / 2.5): the log-loss minimum is near t = 2.5.
        var random = SplitMix64(seed: 9)
        var rows: [[Double]] = [], truth: [Int] = []
        for _ in 0..<4000 {
            let logits = (0..<4).map { _ in Double(random.next() % 1000) / 100 }
            let probabilities = LogSpace.normalized(logits.map { $0 / 2.5 }).map(exp)
            var u = Double(random.next() >> 11) / Double(1 << 53), label = 0
            while label < 3 && u >= probabilities[label] { u -= probabilities[label]; label += 1 }
            rows.append(logits)
            truth.append(label)
        }
        let fitted = PackageHoldout.fitTemperature { t in
            PackageHoldout.scores(rows.map { LogSpace.normalized($0.map { $0 / t }) }, truth: truth, categories: ["a", "b", "c", "d"]).logLoss
        }
        XCTAssertEqual(fitted, 2.5, accuracy: 0.25)
    }

    func testOffsetsCorrectAnOverCalledCategoryAndLowerTheWeightedLogLoss() {
        // Category 0 gets a head start of 1.5 on every document: documents of 1 and 2 are read as 0.
        var random = SplitMix64(seed: 4)
        var rows: [[Double]] = [], truth: [Int] = []
        for index in 0..<600 {
            let label = index % 3
            var row = (0..<3).map { _ in Double(random.next() % 1000) / 1000 }
            row[label] += 1
            row[0] += 1.5
            rows.append(LogSpace.normalized(row))
            truth.append(label)
        }
        let categories = ["a", "b", "c"]
        let offsets = PackageHoldout.fitOffsets(rows, truth: truth, categories: categories)
        XCTAssertLessThan(offsets[0], offsets[1] - 1, "the over-called category is lowered")
        XCTAssertLessThan(offsets[0], offsets[2] - 1)
        let before = PackageHoldout.scores(rows, truth: truth, categories: categories)
        let after = PackageHoldout.scores(rows.map { LogSpace.normalized(zip($0, offsets).map { $0 + $1 }) }, truth: truth, categories: categories)
        XCTAssertGreaterThan(after.macroAll, before.macroAll + 0.2)
        XCTAssertLessThan(after.logLoss, before.logLoss)
        XCTAssertEqual(PackageHoldout.fitOffsets(rows, truth: truth, categories: categories), offsets, "the same predictions give the same offsets")
        // The offsets enter before the temperature divides.
        let combined = CombinedClassifier.combine(lexicon: rows[0], learned: rows[1], learnedWeight: 0.25, temperature: 2, offsets: offsets)
        let expected = LogSpace.normalized((0..<3).map { (index: Int) -> Double in
            let mixed: Double = 0.75 * rows[0][index] + 0.25 * rows[1][index]
            return (mixed + offsets[index]) / 2
        })
        for (a, b) in zip(combined, expected) { XCTAssertEqual(a, b, accuracy: 1e-12) }
    }

    func testHoldoutFitsOffsetsPerCategoryOnlyWhenAsked() throws {
        var holdout = PackageHoldout(trainer: Self.trainer())
        holdout.folds = 3
        holdout.weights = [0, 0.5, 1]
        let lexicon = LexiconClassifier(taxonomy: try taxonomy)
        let result = try holdout.run(Self.examples(), lexicon: lexicon)
        XCTAssertEqual(Set(result.categoryOffsets.keys), Set(CategoryTaxonomy.categoryIDs))
        XCTAssertTrue(result.categoryOffsets.values.allSatisfy(\.isFinite))
        holdout.categoryOffsets = false
        let plain = try holdout.run(Self.examples(), lexicon: lexicon)
        XCTAssertTrue(plain.categoryOffsets.isEmpty)
        XCTAssertEqual(plain.combinedWithoutOffsets, result.combinedWithoutOffsets, "the same weight without offsets either way")
    }

    func testBundleChecksTheModelChecksumAndRefusesPaths() throws {
        let directory = try makeTemporaryDirectory(self)
        let model = try model()
        try model.save(path: directory + "/learned.bin")
        let digest = SHA256.hex(of: try Data(contentsOf: URL(fileURLWithPath: directory + "/learned.bin")))
        var bundle = LearnedModelBundle(model: "learned.bin", modelSHA256: digest, learnedWeight: 0.4, temperature: 1.3, learnedTemperature: 0.9,
                                        trainedOn: ["x.jsonl"], command: "priormix classifier fit x.jsonl -o d",
                                        holdoutMacroDistinctive: [:], holdoutMacroAll: [:])
        try AtomicOutputFile.write(Array(try bundle.jsonData()), to: directory + "/classifier.json")
        let loaded = try XCTUnwrap(try LearnedModelBundle.load(directory: directory))
        XCTAssertEqual(loaded.bundle, bundle)
        XCTAssertEqual(loaded.model.labels, model.labels)
        XCTAssertNil(try LearnedModelBundle.load(directory: directory + "/nowhere"))

        // Offsets travel with the bundle into the combined classifier; an unknown category is refused.
        bundle.categoryOffsets = ["code": -1.5, "mathematics": 0.5]
        try AtomicOutputFile.write(Array(try bundle.jsonData()), to: directory + "/classifier.json")
        let withOffsets = try XCTUnwrap(try LearnedModelBundle.load(directory: directory))
        let combined = withOffsets.bundle.combined(lexicon: LexiconClassifier(taxonomy: try taxonomy), model: withOffsets.model)
        XCTAssertEqual(combined.categoryOffsets, CategoryTaxonomy.categoryIDs.map { ["code": -1.5, "mathematics": 0.5][$0] ?? 0 })
        bundle.categoryOffsets = ["astrology": 1]
        try AtomicOutputFile.write(Array(try bundle.jsonData()), to: directory + "/classifier.json")
        XCTAssertThrowsError(try LearnedModelBundle.load(directory: directory)) { error in
            XCTAssertTrue("\(error)".contains("astrology") && "\(error)".contains("classifier.json"), "\(error)")
        }
        bundle.categoryOffsets = nil

        bundle.modelSHA256 = String(repeating: "0", count: 64)
        try AtomicOutputFile.write(Array(try bundle.jsonData()), to: directory + "/classifier.json")
        XCTAssertThrowsError(try LearnedModelBundle.load(directory: directory)) { error in
            XCTAssertTrue("\(error)".contains("checksum") && "\(error)".contains("learned.bin"), "\(error)")
        }
        bundle.model = "../learned.bin"
        try AtomicOutputFile.write(Array(try bundle.jsonData()), to: directory + "/classifier.json")
        XCTAssertThrowsError(try LearnedModelBundle.load(directory: directory))
    }

    func testShippedBundleLoadsAndTheDefaultIsTheCombination() throws {
        let directory = packageRoot + "/taxonomy"
        let (classifier, fingerprint) = try ClassifierKind.combined.classifier(taxonomy: try taxonomy, directory: directory, required: true)
        XCTAssertTrue(classifier is CombinedClassifier)
        XCTAssertTrue(fingerprint.hasPrefix("combined "))
        let (bundle, _) = try XCTUnwrap(try LearnedModelBundle.load(directory: directory + "/models"))
        let prediction = classifier.classify("The tenant shall pay the rent under clause 4 of this lease, and the landlord shall repair the roof.")
        XCTAssertEqual(prediction.method, bundle.learnedWeight > 0 ? "lexicon+learned" : "lexicon", "the model votes only with a weight")
        XCTAssertEqual(prediction.category, "law")
        // A taxonomy directory without models keeps working with the lexicon unless a kind is required.
        let bare = try makeTemporaryDirectory(self)
        let (fallback, _) = try ClassifierKind.combined.classifier(taxonomy: try taxonomy, directory: bare, required: false)
        XCTAssertTrue(fallback is LexiconClassifier)
        XCTAssertThrowsError(try ClassifierKind.learned.classifier(taxonomy: try taxonomy, directory: bare, required: true))
    }

    /// The shipped model on real text: PriorMix's preprocessing, word lookup and averaging give the
    /// probabilities the `fasttext` package gives for the same preprocessed lines.
    func testShippedModelPredictsAsTheFastTextPackageOnRealText() throws {
        let corpus = packageRoot + "/../shared/corpus-dev/labeled.jsonl"
        try XCTSkipUnless(FileManager.default.fileExists(atPath: corpus), "no ../shared/corpus-dev")
        let (_, model) = try XCTUnwrap(try LearnedModelBundle.load(directory: packageRoot + "/taxonomy/models"))
        var lines: [String] = []
        try LabeledCorpus(path: corpus).forEach { text, _ in if lines.count < 120 { lines.append(FastTextText.normalize(text)) } }
        let directory = try makeTemporaryDirectory(self)
        try JSONSerialization.data(withJSONObject: lines).write(to: URL(fileURLWithPath: directory + "/lines.json"))
        let script = """
            import fasttext, json, sys
            model = fasttext.load_model(sys.argv[1])
            out = []
            for line in json.load(open(sys.argv[2])):
                pairs = model.f.predict(line + "\\n", 16, 0.0, "strict")
                out.append({label[len("__label__"):]: prob for prob, label in pairs})
            print(json.dumps(out))
            """
        let (result, stdout) = try runPython(script, arguments: [packageRoot + "/taxonomy/models/learned.bin", directory + "/lines.json"], requiring: "fasttext")
        XCTAssertEqual(result.status, 0, result.stderr)
        let theirs = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(stdout)) as? [[String: Double]])
        XCTAssertEqual(theirs.count, lines.count)
        for (line, expected) in zip(lines, theirs) {
            let ours = Dictionary(uniqueKeysWithValues: model.predict(line, k: 16).map { ($0.label, $0.probability) })
            for (label, probability) in expected {
                XCTAssertEqual(ours[label] ?? -1, probability - 1e-5, accuracy: 1e-4, "\(label) for \(line.prefix(60))")
            }
        }
    }
}
