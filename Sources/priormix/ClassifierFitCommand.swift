import ArgumentParser
import Foundation
import PriorMix

/// Training options of the learned classifier; the defaults keep the shipped model small (a few MB)
/// and were chosen by leave-package-out recall on the training corpus.
struct LearnedTrainingArguments: ParsableArguments {
    @Option(help: "Embedding dimension of the learned model.") var dim = 16
    @Option(help: "Epochs.") var epoch = 25
    @Option(help: "Learning rate.") var lr = 1.0
    @Option(help: "Word n-gram length (1 = unigrams only).") var wordNgrams = 1
    @Option(help: "Hash buckets for word n-grams (used when --word-ngrams > 1).") var bucket = 200_000
    @Option(help: "Minimum word count.") var minCount = 3
    @Option(help: "Random seed.") var seed: UInt64 = 42

    func trainer() -> FastTextTrainer {
        FastTextTrainer(dim: dim, epoch: epoch, learningRate: lr, wordNgrams: wordNgrams, bucket: bucket, minCount: minCount, seed: seed)
    }
}

/// Labelled JSONL files whose `source` names a Debian or PyPI package: what the learned classifier
/// trains on and is cross-validated on.
struct PackageCorpusArguments: ParsableArguments {
    @Argument(help: "Labelled JSONL files ({text, category, source}).") var inputs: [String]
    @Option(help: "Field naming each document's source; its package is the held-out unit.") var sourceField = "source"
    @Option(help: "Regular expression whose first capture group (or whole match) is the package key.")
    var sourcePattern = #"^((?:debian|pypi):[A-Za-z0-9.+_]+(?:-[A-Za-z][A-Za-z0-9.+_]*)*)"#
    @Option(help: "Field holding the text.") var textField = "text"
    @Option(help: "Field holding the label.") var labelField = "category"
    @Option(help: "Train on words found in at least this many packages (1 keeps every word).") var minPackages = 1
    @Flag(help: "Combine without per-category offsets (log-prior corrections fitted on the held-out predictions).") var noCategoryOffsets = false

    /// The holdout these arguments and the given training options describe.
    func holdout(trainer: FastTextTrainer, folds: Int, threads: Int) -> PackageHoldout {
        var holdout = PackageHoldout(trainer: trainer)
        holdout.folds = folds
        holdout.threads = threads
        holdout.minimumPackages = minPackages
        holdout.categoryOffsets = !noCategoryOffsets
        return holdout
    }

    func examples() throws -> [PackageHoldout.Example] {
        let pattern: NSRegularExpression
        do { pattern = try NSRegularExpression(pattern: sourcePattern) } catch {
            throw ValidationError("--source-pattern is not a valid regular expression: \(sourcePattern)")
        }
        var examples: [PackageHoldout.Example] = []
        for input in inputs {
            var withoutSource = 0
            try LabeledCorpus(path: input, textField: textField, labelField: labelField).forEach(alsoReading: sourceField) { text, labels, source in
                guard let source else { withoutSource += 1; return }
                examples.append(.init(text: text, category: labels[0], package: SourceHoldout.sourceKey(source, pattern: pattern)))
            }
            if withoutSource > 0 { log("priormix: \(input): \(withoutSource) documents without a '\(sourceField)' field left out") }
        }
        guard !examples.isEmpty else {
            throw PriorMixError(.malformedInput, "no labelled document has a string '\(sourceField)' field", file: inputs.first)
        }
        return examples
    }
}

struct ClassifierHoldout: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "holdout",
        abstract: "Leave-package-out recall of the lexicon, the learned model and their combination.",
        discussion: """
            $ priormix classifier holdout out/train-corpus/labeled.jsonl ../shared/corpus-dev/labeled.jsonl
            Packages (from each document's source) are dealt to --folds folds, category by category, so
            every document is predicted by a model trained without its package; the table gives recall
            per held-out package, per category and macro over the distinctive seven and all sixteen, the
            combination's chosen weight and temperature, and true, counted and expected category shares.
            """
    )

    @OptionGroup var corpus: PackageCorpusArguments
    @Option(help: "Folds (with at most this many packages in a category, each fold holds out one of them).") var folds = 10
    @Option(help: "Training threads (one fold per thread).") var threads = 2
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Option(help: "Also write every document's out-of-package log-probabilities (lexicon and learned) to this JSONL file.")
    var predictions: String?
    @OptionGroup var taxonomy: TaxonomyArguments
    @OptionGroup var training: LearnedTrainingArguments

    func run() throws {
        let holdout = corpus.holdout(trainer: training.trainer(), folds: folds, threads: threads)
        let examples = try corpus.examples()
        let outOfFold = try holdout.outOfFold(examples, lexicon: LexiconClassifier(taxonomy: try taxonomy.load()))
        if let predictions {
            let file = try AtomicOutputFile(path: predictions)
            for line in try outOfFold.jsonLines(examples) { try file.write(line) }
            try file.commit()
        }
        let result = try holdout.run(examples, outOfFold: outOfFold)
        try result.writeToStandardOutput(json: json) { result.table }
    }
}

struct ClassifierFit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Train the learned classifier and choose its combination with the lexicon (writes taxonomy/models).",
        discussion: """
            $ python3 scripts/build-training-corpus.py --download
            $ priormix classifier fit out/train-corpus/labeled.jsonl ../shared/corpus-dev/labeled.jsonl -o taxonomy/models
            Runs the leave-package-out holdout to choose the learned weight and the temperatures, then
            trains on everything and writes learned.bin and classifier.json (checksum, weights, figures).
            """
    )

    @OptionGroup var corpus: PackageCorpusArguments
    @Option(name: .shortAndLong, help: "Directory to write learned.bin and classifier.json into.") var output: String
    @Option(help: "Folds of the holdout that chooses the weights.") var folds = 10
    @Option(help: "Training threads.") var threads = 2
    @OptionGroup var taxonomy: TaxonomyArguments
    @OptionGroup var training: LearnedTrainingArguments

    func run() throws {
        let examples = try corpus.examples()
        let holdout = corpus.holdout(trainer: training.trainer(), folds: folds, threads: threads)
        let result = try holdout.run(examples, lexicon: LexiconClassifier(taxonomy: try taxonomy.load()))
        print(result.table)
        let model = try holdout.trainOnAll(examples)
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let modelPath = output + "/learned.bin"
        try model.save(path: modelPath)
        let digest = SHA256.hex(of: try Data(contentsOf: URL(fileURLWithPath: modelPath)))
        let bundle = LearnedModelBundle(
            model: "learned.bin", modelSHA256: digest, learnedWeight: result.learnedWeight, temperature: result.temperature,
            learnedTemperature: result.learnedTemperature, trainedOn: corpus.inputs.map { ($0 as NSString).lastPathComponent },
            command: (["priormix"] + CommandLine.arguments.dropFirst()).joined(separator: " "),
            holdoutMacroDistinctive: ["lexicon": result.lexicon.macroDistinctive, "learned": result.learned.macroDistinctive, "combined": result.combined.macroDistinctive],
            holdoutMacroAll: ["lexicon": result.lexicon.macroAll, "learned": result.learned.macroAll, "combined": result.combined.macroAll],
            categoryOffsets: result.categoryOffsets.isEmpty ? nil : result.categoryOffsets)
        try AtomicOutputFile.write(Array(try bundle.jsonData()) + [0x0A], to: output + "/" + LearnedModelBundle.fileName)
        print("classifier fit: \(model.dictionary.wordCount) words × \(model.dimension) → \(modelPath) (\(digest.prefix(12))…), "
              + "weight \(String(format: "%.2f", result.learnedWeight)), temperature \(String(format: "%.2f", result.temperature))")
    }
}
