import ArgumentParser
import Foundation
import PriorMix

/// `priormix classify INPUT... -o OUT`
///
/// ```
/// $ priormix classify samples/jsonl samples/code -o out/classified
/// classify: read 43 = written 42 + filtered 1 + quarantined 0 from 0.2 MB in 0.03 s → out/classified/annotated.jsonl.zst
/// category          documents   share      bytes
/// code                      9   21.4%     31,204
/// ```
struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read corpora and annotate every document with one of the 16 source categories.",
        discussion: """
            Reads everything `ingest` reads. Writes OUT/annotated.jsonl.zst (each document with a \
            "priormix" object: category, confidence, top-3, method, bytes, and the six content labels \
            per ~1024-token segment with reasoning and visual densities), OUT/quarantine.jsonl and \
            OUT/summary.json (documents and bytes per category, label shares per category).
            """
    )

    @Argument(help: "Files or directories to read.") var inputs: [String]
    @Option(name: .shortAndLong, help: "Output directory.") var output: String
    @Option(help: "A fastText model (.bin) to classify with instead of the default lexicon classifier.") var model: String?
    @Flag(help: "Give the model raw text (for fastText models trained outside PriorMix).") var rawText = false
    @Flag(help: "Let a known source name (taxonomy/sources.yaml) decide the category.") var trustSource = false
    @Flag(help: "Skip the six content labels (category only).") var noTags = false
    @Option(help: "A fast tagger trained with `priormix tagger train` to use instead of the lexicon tagger.") var taggerModel: String?
    @Option(help: "OpenAI-compatible server for LLM tagging, e.g. http://127.0.0.1:8000/v1 (the fast tagger covers failures).")
    var llmEndpoint: String?
    @Option(help: "Model name for --llm-endpoint.") var llmModel: String?
    @Option(help: "Cache file for LLM answers (JSONL; reused across runs).") var llmCache: String?
    @OptionGroup var taxonomy: TaxonomyArguments
    @OptionGroup var reader: ReaderArguments
    @Flag(help: "Write plain annotated.jsonl instead of zstd-compressed.") var noCompress = false
    @Flag(help: "Print the run summary as JSON on standard output.") var json = false
    @Flag(help: "No progress line.") var quiet = false
    @OptionGroup var ranks: RankArguments

    func validate() throws {
        for input in inputs where !FileManager.default.fileExists(atPath: input) {
            throw ValidationError("\(input): no such file or directory")
        }
        if let model, !FileManager.default.fileExists(atPath: model) { throw ValidationError("\(model): no such model file") }
        if (llmEndpoint == nil) != (llmModel == nil) { throw ValidationError("--llm-endpoint and --llm-model go together") }
        if let llmEndpoint, URL(string: llmEndpoint)?.scheme == nil { throw ValidationError("--llm-endpoint must be a URL such as http://127.0.0.1:8000/v1") }
    }

    private func fastTagger(_ labels: LabelTaxonomy) throws -> SegmentTagging {
        guard let taggerModel else { return LexiconTagger(taxonomy: labels) }
        return try ModelTagger(model: try FastTextModel.load(path: taggerModel), name: taggerModel)
    }

    func run() throws {
        let taxonomy = try self.taxonomy.load()
        let classifier: DocumentClassifier = try model.map { FastTextClassifier(model: try FastTextModel.load(path: $0), preprocess: !rawText) }
            ?? LexiconClassifier(taxonomy: taxonomy)
        let taxonomyDirectory = try self.taxonomy.directory
        let labels = try LabelTaxonomy.load(directory: taxonomyDirectory + "/labels")
        var llmTagger: LLMTagger?
        if let llmEndpoint, let llmModel, let url = URL(string: llmEndpoint) {
            let client = ChatCompletionsClient(endpoint: url, model: llmModel, apiKey: ProcessInfo.processInfo.environment["OPENAI_API_KEY"])
            llmTagger = try LLMTagger(taxonomy: labels, client: client, cachePath: llmCache ?? output + "/llm-cache.jsonl")
        }
        let annotator = DocumentAnnotator(classifier: classifier, taxonomy: taxonomy, trustSource: trustSource,
                                          tagger: noTags ? nil : try fastTagger(labels), llmTagger: noTags ? nil : llmTagger)
        var configuration = IngestPipeline.Configuration()
        configuration.command = "classify"
        configuration.documentsName = "annotated"
        configuration.reader = reader.readerOptions
        configuration.threads = reader.threads
        configuration.compressOutput = !noCompress
        configuration.showProgress = !quiet
        configuration.fingerprint = ["model=\(model ?? "lexicon")", "raw=\(rawText)", "trust=\(trustSource)", "tags=\(!noTags)",
                                     "tagger=\(taggerModel ?? "lexicon")", "llm=\(llmEndpoint ?? "")/\(llmModel ?? "")",
                                     "taxonomy=\(taxonomy.version)", "labels=\(labels.rubricVersion)",
                                     configuration.reader.extractionFingerprint].joined(separator: " ")
        let pipeline = IngestPipeline(configuration: configuration) { document, out, statistics in
            annotator.encode(document, into: &out, statistics: &statistics)
        }
        let summary = try ranks.run(pipeline, inputs: inputs, output: output)
        if json {
            FileHandle.standardOutput.write(try summary.jsonData())
            print()
        } else {
            print(summary.humanLine)
            if summary.outputs["documents"] == nil { return }  // one rank of several: its summary is written
            let statistics = summary.categories ?? CategoryStatistics()
            print(CategoryTable(statistics: statistics).text)
            if !statistics.tags.categories.isEmpty {
                print("\nsegments with each label, % (the paper's Table 4 layout)")
                print(statistics.tags.terminalTable())
            }
            if let llmTagger {
                print("llm tagger: \(llmTagger.requests) requests, \(llmTagger.cacheHits) cached answers, \(statistics.taggerFallbacks) documents fell back to the fast tagger")
            }
        }
        for error in summary.errors { log("priormix: error: \(error)") }
        if !summary.complete { throw ExitCode.failure }
    }
}
