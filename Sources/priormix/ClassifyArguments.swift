import ArgumentParser
import Foundation
import PriorMix

extension ClassifierKind: ExpressibleByArgument {}

/// How documents are classified and tagged: the options of `classify` and of the classify stage
/// of `run`.
struct ClassifyArguments: ParsableArguments {
    @Option(help: "A fastText model (.bin) to classify with instead of the default classifier.") var model: String?
    @Option(help: "lexicon, learned or combined (default: combined, the lexicon and the learned model of taxonomy/models multiplied).")
    var classifier: ClassifierKind?
    @Flag(help: "Give the model raw text (for fastText models trained outside PriorMix).") var rawText = false
    @Flag(help: "Let a known source name (taxonomy/sources.yaml) decide the category.") var trustSource = false
    @Flag(help: "Skip the six content labels (category only).") var noTags = false
    @Option(help: "A fast tagger trained with `priormix tagger train` to use instead of the lexicon tagger.") var taggerModel: String?
    @Option(help: "OpenAI-compatible server for LLM tagging, e.g. http://127.0.0.1:8000/v1 (the fast tagger covers failures).")
    var llmEndpoint: String?
    @Option(help: "Model name for --llm-endpoint.") var llmModel: String?
    @Option(help: "Cache file for LLM answers (JSONL; reused across runs).") var llmCache: String?
    @OptionGroup var taxonomy: TaxonomyArguments

    func validate() throws {
        if let model, !FileManager.default.fileExists(atPath: model) { throw ValidationError("\(model): no such model file") }
        if model != nil && classifier != nil { throw ValidationError("--model and --classifier exclude each other") }
        if (llmEndpoint == nil) != (llmModel == nil) { throw ValidationError("--llm-endpoint and --llm-model go together") }
        if let llmEndpoint, URL(string: llmEndpoint)?.scheme == nil { throw ValidationError("--llm-endpoint must be a URL such as http://127.0.0.1:8000/v1") }
    }

    /// The --model file, else the --classifier kind (combined by default; a taxonomy directory
    /// without models falls back to the lexicon unless a kind was asked for).
    func chosenClassifier(_ taxonomy: CategoryTaxonomy) throws -> (DocumentClassifier, String) {
        if let model { return (FastTextClassifier(model: try FastTextModel.load(path: model), preprocess: !rawText), model) }
        return try (classifier ?? .combined).classifier(taxonomy: taxonomy, directory: try self.taxonomy.directory, required: classifier != nil)
    }

    private func fastTagger(_ labels: LabelTaxonomy) throws -> SegmentTagging {
        guard let taggerModel else { return LexiconTagger(taxonomy: labels) }
        return try ModelTagger(model: try FastTextModel.load(path: taggerModel), name: taggerModel)
    }

    /// The classify stage these options describe; the LLM cache defaults to OUTPUT/llm-cache.jsonl.
    func annotator(output: String) throws -> DocumentAnnotator {
        let taxonomy = try self.taxonomy.load()
        let (classifier, classifierFingerprint) = try chosenClassifier(taxonomy)
        let labels = try LabelTaxonomy.load(directory: try self.taxonomy.directory + "/labels")
        var llmTagger: LLMTagger?
        if let llmEndpoint, let llmModel, let url = URL(string: llmEndpoint) {
            let client = ChatCompletionsClient(endpoint: url, model: llmModel, apiKey: ProcessInfo.processInfo.environment["OPENAI_API_KEY"])
            if let warning = client.apiKeyWarning { log("priormix: warning: \(warning)") }
            llmTagger = try LLMTagger(taxonomy: labels, client: client, cachePath: llmCache ?? output + "/llm-cache.jsonl")
        }
        var annotator = DocumentAnnotator(classifier: classifier, taxonomy: taxonomy, trustSource: trustSource,
                                          tagger: noTags ? nil : try fastTagger(labels), llmTagger: noTags ? nil : llmTagger)
        annotator.fingerprint = ["model=\(model ?? classifierFingerprint)", "raw=\(rawText)", "trust=\(trustSource)", "tags=\(!noTags)",
                                 "tagger=\(taggerModel ?? "lexicon")", "llm=\(llmEndpoint ?? "")/\(llmModel ?? "")",
                                 "taxonomy=\(taxonomy.version)", "labels=\(labels.rubricVersion)"].joined(separator: " ")
        return annotator
    }
}
