import ArgumentParser
import Foundation
import PriorMix

/// `priormix bench …` (or `priormix-bench …`): throughput and memory measurements, printed as a
/// table (or JSON).
public struct Bench: ParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Measure throughput and peak memory of PriorMix stages.",
        subcommands: [BenchIngest.self, BenchFilter.self, BenchClassify.self, BenchLID.self, BenchTokenize.self, BenchMix.self, BenchExtract.self, BenchTrain.self, BenchAlign.self, BenchParquet.self, BenchDedup.self]
    )

    public init() {}
}

struct BenchIngest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "MB/s of jsonl.zst → normalized jsonl.zst on a generated corpus, peak RSS, and `zstd -d` as the ceiling."
    )

    @Option(help: "Size of the generated corpus in MB (uncompressed JSONL).")
    var sizeMb = 200

    @Option(help: "Where to keep the generated corpus and outputs.")
    var workDirectory = ".build/bench"

    @Option(help: "Worker threads for the measured run.")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        let result = try IngestBenchmark(sizeMB: sizeMb, workDirectory: workDirectory, threads: threads).run { log($0) }
        try result.writeToStandardOutput(json: json) { result.table }
    }
}

struct BenchClassify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Documents/s and MB/s of classification (default classifier and a fastText model) beside the fasttext package."
    )

    @Option(help: "JSONL with a text field to classify (default: ../shared/corpus-dev/labeled.jsonl, else the samples).")
    var input: String?

    @Option(help: "Repeat the texts until at least this many MB.") var minimumMb = 20

    @Option(help: "Threads for the multi-core rows.") var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Where to keep the model and text files.") var workDirectory = ".build/bench"

    @Flag(help: "Print JSON.") var json = false

    @Option(help: "The taxonomy directory (default: ./taxonomy or the one beside the executable's package).")
    var taxonomy: String?

    @Option(help: "Input sizes in MB at which to measure the peak memory of `priormix classify` (comma-separated; empty: skip).")
    var memorySizesMb = "4,16,64,256"

    @Option(help: "Alternating rounds of the one-core comparison of classify with tags and the fasttext package (each side's fastest counts).")
    var rounds = 3

    func run() throws {
        let path = input ?? (FileManager.default.fileExists(atPath: "../shared/corpus-dev/labeled.jsonl")
            ? "../shared/corpus-dev/labeled.jsonl" : "samples/jsonl/dolma-style.jsonl")
        var texts: [String] = []
        try LabeledCorpus(path: path, labelField: "text").forEach { text, _ in texts.append(text) }
        guard !texts.isEmpty else { throw ValidationError("\(path): no texts") }
        let original = texts
        while texts.reduce(0, { $0 + $1.utf8.count }) < minimumMb * 1_000_000 { texts += original }
        log("bench classify: \(texts.count) documents from \(path)")
        let directory = try taxonomy ?? TaxonomyLocator.taxonomyDirectory()
        var benchmark = ClassifyBenchmark(texts: texts, taxonomy: try CategoryTaxonomy.load(directory: directory), threads: threads, workDirectory: workDirectory)
        let tagger = LexiconTagger(taxonomy: try LabelTaxonomy.load(directory: directory + "/labels"))
        benchmark.extraStages = [("tagger (six labels)", { _ = tagger.tag($0) })]
        if let (bundle, model) = try LearnedModelBundle.load(directory: directory + "/models") {
            benchmark.combined = bundle.combined(lexicon: LexiconClassifier(taxonomy: benchmark.taxonomy), model: model)
            benchmark.learnedModelPath = directory + "/models/" + bundle.model
        }
        benchmark.rounds = rounds
        var result = try benchmark.run { log($0) }
        let sizes = try memorySizesMb.split(separator: ",").map { piece -> Int in
            guard let size = Int(piece.trimmingCharacters(in: .whitespaces)), size > 0 else { throw ValidationError("--memory-sizes-mb: `\(piece)` is not a positive number") }
            return size
        }
        if !sizes.isEmpty {
            result.memory = try ClassifyMemoryBenchmark(source: path, sizesMB: sizes, threads: threads, workDirectory: workDirectory).run { log($0) }
        }
        try result.writeToStandardOutput(json: json) { result.table }
    }
}

struct BenchMix: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mix",
        abstract: "MB/s from annotated JSONL.zst to shards, peak RSS and composition error, on a generated corpus."
    )

    @Option(help: "Size of the generated annotated corpus in MB.") var sizeMb = 1000
    @Option(help: "Tokenizer.") var tokenizer = "samples/tokenizer/tokenizer.json"
    @Option(help: "Recipe.") var recipe = "taxonomy/recipes/mix6.yaml"
    @Option(help: "Where to keep the corpus and outputs.") var workDirectory = ".build/bench"
    @Option(help: "Worker threads.") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let result = try MixBenchmark(sizeMB: sizeMb, workDirectory: workDirectory, threads: threads, tokenizerPath: tokenizer, recipePath: recipe).run { log($0) }
        try result.writeToStandardOutput(json: json) { result.table }
    }
}
