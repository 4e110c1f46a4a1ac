import ArgumentParser
import Foundation
import PriorMix

/// `priormix classifier train|eval|holdout|fit|distill|bootstrap|learn-lexicon|explain`
struct ClassifierCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classifier",
        abstract: "Train, evaluate and bootstrap the 16-category classifier.",
        subcommands: [ClassifierTrain.self, ClassifierEval.self, ClassifierHoldout.self, ClassifierFit.self, ClassifierDistill.self, ClassifierBootstrap.self, ClassifierLearnLexicon.self, ClassifierExplain.self]
    )
}

/// Options shared by commands that load the taxonomy.
struct TaxonomyArguments: ParsableArguments {
    @Option(help: "The taxonomy directory (default: ./taxonomy or the one beside the executable's package).")
    var taxonomy: String?

    var directory: String {
        get throws { try taxonomy ?? TaxonomyLocator.taxonomyDirectory() }
    }

    func load() throws -> CategoryTaxonomy {
        try CategoryTaxonomy.load(directory: try directory)
    }
}

/// Options for training the fastText-compatible engine.
struct TrainingArguments: ParsableArguments {
    @Option(help: "Embedding dimension.") var dim = 32
    @Option(help: "Epochs.") var epoch = 25
    @Option(help: "Learning rate.") var lr = 1.0
    @Option(help: "Word n-gram length (1 = unigrams only).") var wordNgrams = 2
    @Option(help: "Hash buckets for n-grams.") var bucket = 500_000
    @Option(help: "Minimum word count.") var minCount = 1
    @Option(help: "Loss: softmax or ova (one-vs-all).") var loss = "softmax"
    @Option(help: "Random seed.") var seed: UInt64 = 42

    func trainer() throws -> FastTextTrainer {
        var trainer = FastTextTrainer(dim: dim, epoch: epoch, learningRate: lr, wordNgrams: wordNgrams, bucket: bucket, minCount: minCount, seed: seed)
        switch loss {
        case "softmax": trainer.args.loss = .softmax
        case "ova": trainer.args.loss = .oneVsAll
        default: throw ValidationError("--loss must be softmax or ova")
        }
        return trainer
    }
}

extension FastTextTrainer {
    /// The options `classifier train` and the learned classifier's commands share; buckets are only
    /// allocated when word n-grams are asked for.
    init(dim: Int, epoch: Int, learningRate: Double, wordNgrams: Int, bucket: Int, minCount: Int, seed: UInt64) {
        self.init()
        args.dim = Int32(dim)
        args.epoch = Int32(epoch)
        args.wordNgrams = Int32(wordNgrams)
        args.bucket = Int32(wordNgrams > 1 ? bucket : 0)
        args.minCount = Int32(minCount)
        self.learningRate = learningRate
        self.seed = seed
    }
}

struct ClassifierTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a fastText-compatible model on labelled JSONL (the model loads in fasttext too).",
        discussion: """
            $ priormix classifier train labeled.jsonl -o model.bin
            Each line needs a text and a label (a string, or a list of strings).
            """
    )

    @Argument(help: "Labelled JSONL file.") var input: String
    @Option(name: .shortAndLong, help: "Model file to write (.bin).") var output: String
    @Option(help: "Field holding the text.") var textField = "text"
    @Option(help: "Field holding the label(s).") var labelField = "category"
    @OptionGroup var training: TrainingArguments

    func run() throws {
        let corpus = LabeledCorpus(path: input, textField: textField, labelField: labelField)
        var skipped = 0
        let model = try training.trainer().train { visit in skipped = try corpus.forEach { try visit(FastTextText.normalize($0), $1) } }
        try model.save(path: output)
        print("classifier train: \(model.labels.count) labels, \(model.dictionary.wordCount) words → \(output)"
              + (skipped > 0 ? " (\(skipped) lines without text or label skipped)" : ""))
    }
}

struct ClassifierEval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Accuracy, macro-F1, per-category precision/recall and the confusion matrix on labelled JSONL."
    )

    @Argument(help: "Labelled JSONL file.") var input: String
    @Option(help: "A fastText model; without it the --classifier kind is evaluated.") var model: String?
    @Option(help: "lexicon, learned or combined (default: combined).") var classifier: ClassifierKind = .combined
    @Option(help: "Field holding the text.") var textField = "text"
    @Option(help: "Field holding the label.") var labelField = "category"
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Flag(help: "Give the model raw text (for fastText models trained outside PriorMix).") var rawText = false
    @OptionGroup var taxonomy: TaxonomyArguments

    func run() throws {
        let classifier: DocumentClassifier = try model.map { FastTextClassifier(model: try FastTextModel.load(path: $0), preprocess: !rawText) }
            ?? self.classifier.classifier(taxonomy: taxonomy.load(), directory: taxonomy.directory, required: true).0
        var truth: [String] = [], predictions: [CategoryPrediction] = []
        try LabeledCorpus(path: input, textField: textField, labelField: labelField).forEach { text, labels in
            truth.append(labels[0])
            predictions.append(classifier.classify(text))
        }
        let evaluation = ClassifierEvaluation(truth: truth, predictions: predictions)
        try evaluation.writeToStandardOutput(json: json) { evaluation.table }
    }
}

struct ClassifierLearnLexicon: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn-lexicon",
        abstract: "Learn word lists for the default classifier from labelled JSONL (a readable YAML file).",
        discussion: """
            $ priormix classifier learn-lexicon labelled.jsonl -o taxonomy/learned-lexicon.yaml
            then name the file in taxonomy/categories.yaml: learned_lexicons: [learned-lexicon.yaml]
            """
    )

    @Argument(help: "Labelled JSONL files.") var inputs: [String]
    @Option(name: .shortAndLong, help: "YAML file to write.") var output: String
    @Option(help: "Field holding the text.") var textField = "text"
    @Option(help: "Field holding the label.") var labelField = "category"
    @Option(help: "Words kept per category.") var wordsPerCategory = 400
    @Option(help: "How many times more frequent in the category than elsewhere a word must be.") var minRatio = 4.0
    @Option(help: "Documents of the category that must contain the word.") var minDocuments = 3

    func run() throws {
        var learner = LexiconLearner()
        learner.wordsPerCategory = wordsPerCategory
        learner.minimumRatio = minRatio
        learner.minimumDocuments = minDocuments
        var count = 0
        for input in inputs {
            try LabeledCorpus(path: input, textField: textField, labelField: labelField).forEach { text, labels in
                do { try learner.add(text: text, category: labels[0]) } catch let error as PriorMixError {
                    throw PriorMixError(error.code, error.message + " (labelled document \(count + 1))", file: input, hint: error.hint)
                }
                count += 1
            }
        }
        let learned = learner.learn()
        try AtomicOutputFile.write(Array(learner.yaml(learned, origin: inputs.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")).utf8), to: output)
        print("classifier learn-lexicon: \(count) documents → \(learned.values.map(\.count).reduce(0, +)) words for \(learned.count) categories → \(output)")
    }
}

struct ClassifierExplain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show the default classifier's signals and per-category scores for one text file (or - for stdin)."
    )

    @Argument(help: "A text file, or - for standard input.") var input: String
    @OptionGroup var taxonomy: TaxonomyArguments

    func run() throws {
        let data = input == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: input))
        let text = String(decoding: data, as: UTF8.self)
        let classifier = LexiconClassifier(taxonomy: try taxonomy.load())
        let (scores, signals) = classifier.scores(text)
        let probabilities = classifier.probabilities(text)
        print("words \(signals.wordCount)")
        for (signal, value) in zip(TextSignals.Signal.allCases, signals.values) where value > 0 {
            print("  signal \(signal.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0)) \(String(format: "%.3f", value))")
        }
        let terms = classifier.matchedTerms(text)
        for (rank, index) in scores.indices.sorted(by: { scores[$0] > scores[$1] }).enumerated() {
            print("  \(CategoryTaxonomy.categoryIDs[index].padding(toLength: 18, withPad: " ", startingAt: 0)) score \(String(format: "%6.2f", scores[index]))  p \(String(format: "%.3f", probabilities[index]))")
            // The words behind the three best scores.
            if rank < 3 && !terms[index].isEmpty {
                print("      " + terms[index].prefix(12).map { "\($0.term)×\($0.count)" }.joined(separator: " "))
            }
        }
    }
}

struct ClassifierBootstrap: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bootstrap",
        abstract: "Self-train a fastText-compatible model on the confidently classified part of your corpus.",
        discussion: """
            $ priormix classifier bootstrap my-corpus/ -o model.bin
            $ priormix classify my-corpus/ --model model.bin -o classified/
            """
    )

    @Argument(help: "Corpus files or directories (anything ingest reads).") var inputs: [String]
    @Option(name: .shortAndLong, help: "Model file to write (.bin).") var output: String
    @Option(help: "Keep documents the default classifier labels with at least this confidence.") var minConfidence = 0.3
    @Option(help: "At most this many training documents per category.") var perCategoryCap = 20_000
    @OptionGroup var taxonomy: TaxonomyArguments
    @OptionGroup var reader: ReaderArguments
    @OptionGroup var training: TrainingArguments

    func run() throws {
        var bootstrapper = Bootstrapper(classifier: LexiconClassifier(taxonomy: try taxonomy.load()))
        bootstrapper.minimumConfidence = minConfidence
        bootstrapper.perCategoryCap = perCategoryCap
        bootstrapper.trainer = try training.trainer()
        bootstrapper.ingest.reader = reader.readerOptions
        bootstrapper.ingest.threads = reader.threads
        bootstrapper.ingest.showProgress = false
        let work = NSTemporaryDirectory() + "priormix-bootstrap-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: work) }
        let result = try bootstrapper.run(inputs: inputs, workDirectory: work)
        try result.model.save(path: output)
        let used = result.used.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        print("classifier bootstrap: \(result.used.values.reduce(0, +)) of \(result.read) documents used (\(used)) → \(output)")
    }
}
