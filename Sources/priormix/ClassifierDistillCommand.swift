import ArgumentParser
import Foundation
import PriorMix

struct ClassifierDistill: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "distill",
        abstract: "Label a deterministic sample of a corpus with an LLM and train the learned classifier on the labels.",
        discussion: """
            $ priormix classifier distill corpus/ --llm-endpoint http://127.0.0.1:8000/v1 --llm-model qwen2.5-7b-instruct --sample 2000 -o distilled.bin
            $ priormix classify corpus/ --model distilled.bin -o classified/
            The chat model is asked for one of the 16 category ids (the prompt lists them with their \
            descriptions from taxonomy/categories.yaml). Answers are cached (--llm-cache, by default \
            beside the model), so a rerun asks only about new documents. The labels used are written \
            beside the model (distilled.labels.jsonl). OPENAI_API_KEY, when set, is sent as a bearer token.
            """
    )

    @Argument(help: "Corpus files or directories (anything ingest reads, or JSONL).") var inputs: [String]
    @Option(name: .shortAndLong, help: "Model file to write (.bin); the labels go beside it (NAME.labels.jsonl).") var output: String
    @Option(help: "OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1.") var llmEndpoint: String
    @Option(help: "Model name on the server.") var llmModel: String
    @Option(help: "Documents to sample and label.") var sample: Int
    @Option(help: "Cache file for the LLM's answers (JSONL; default: NAME.llm-cache.jsonl beside the model).") var llmCache: String?
    @Option(help: "Requests sent at once.") var requestsInFlight = 4
    @Option(help: "Attempts per request on 429, 5xx and timeouts (backoff doubles from --llm-backoff; Retry-After is honoured).")
    var llmAttempts = 5
    @Option(help: "First backoff in seconds.") var llmBackoff = 1.0
    @Option(help: "Longest wait between attempts in seconds (also caps Retry-After).") var llmMaxBackoff = 30.0
    @Option(help: "Seconds one request may take.") var llmTimeout = 120.0
    @Option(help: "Questions per document while the answer is not a category id.") var answerAttempts = 3
    @Option(help: "Characters of each document sent (its beginning).") var maxPromptCharacters = 4000
    @Flag(help: "Print the summary as JSON.") var json = false
    @OptionGroup var reader: ReaderArguments
    @OptionGroup var taxonomy: TaxonomyArguments
    @OptionGroup var training: LearnedTrainingArguments

    func validate() throws {
        guard sample > 0 else { throw ValidationError("--sample must be positive") }
        guard let url = URL(string: llmEndpoint), url.scheme != nil, url.host != nil else {
            throw ValidationError("--llm-endpoint must be a URL such as http://127.0.0.1:8000/v1")
        }
        guard requestsInFlight > 0, llmAttempts > 0, answerAttempts > 0, maxPromptCharacters > 0 else {
            throw ValidationError("--requests-in-flight, --llm-attempts, --answer-attempts and --max-prompt-characters must be positive")
        }
        guard llmBackoff >= 0, llmMaxBackoff >= 0, llmTimeout > 0 else { throw ValidationError("backoffs must not be negative, the timeout must be positive") }
    }

    func run() throws {
        let client = ChatCompletionsClient(endpoint: URL(string: llmEndpoint)!, model: llmModel,
                                           apiKey: ProcessInfo.processInfo.environment["OPENAI_API_KEY"], maxAttempts: llmAttempts,
                                           initialBackoff: llmBackoff, maxBackoff: llmMaxBackoff, timeout: llmTimeout)
        if let warning = client.apiKeyWarning { log("priormix: warning: \(warning)") }
        let prompt = CategoryPrompt(taxonomy: try taxonomy.load(), maxCharacters: maxPromptCharacters)
        let cachePath = llmCache ?? Distiller.sidecarPath(forModel: output, suffix: ".llm-cache.jsonl")
        let labeler = try LLMCategoryLabeler(client: client, prompt: prompt, cachePath: cachePath, answerAttempts: answerAttempts)
        var distiller = Distiller(labeler: labeler, trainer: training.trainer(), sampleSize: sample)
        // One --seed (the training option) seeds the sample too: the same seed picks the same documents whatever the thread count.
        distiller.seed = training.seed
        distiller.requestsInFlight = requestsInFlight
        distiller.corpus.reader = reader.readerOptions
        distiller.corpus.threads = reader.threads

        var result = try distiller.run(inputs: inputs)
        for error in result.readErrors { log("priormix: error: \(error)") }
        let report = result.failureReport
        var writeError: Error?
        if report?.everyRequestFailed != true {
            do { try result.write(modelPath: output) } catch { writeError = error }
        }
        let summary = result.summary
        try summary.writeToStandardOutput(json: json) {
            var lines = ["classifier distill: sampled \(summary.sampled) of \(summary.documentsRead) documents (seed \(summary.seed))"
                         + (summary.quarantined > 0 ? ", \(summary.quarantined) quarantined" : ""),
                         "requested \(summary.requested), answered \(summary.answered), cached \(summary.cached), "
                         + "garbage \(summary.garbage), failed \(summary.failed) (\(summary.httpRequests) HTTP requests)"]
            let counts = CategoryTaxonomy.categoryIDs.filter { summary.labels[$0, default: 0] > 0 }.map { "\($0) \(summary.labels[$0]!)" }
            lines.append("labels: " + (counts.isEmpty ? "none" : counts.joined(separator: ", ")))
            if let model = summary.model, let labels = summary.labelsFile, let trained = result.model {
                lines.append("→ \(model) (\(trained.dictionary.wordCount) words × \(trained.dimension)), labels → \(labels)")
            }
            return lines.joined(separator: "\n")
        }
        if let garbage = summary.firstGarbage {
            log("priormix: warning: \(summary.garbage) documents got no category id after \(answerAttempts) questions; the first answer: \(garbage.debugDescription)")
        }
        if let report {
            log("priormix: \(report.everyRequestFailed ? "error" : "warning"): \(report.message)")
            if report.everyRequestFailed { throw ExitCode.failure }
        }
        if let writeError { throw writeError }
        if !result.readErrors.isEmpty { throw ExitCode.failure }
    }
}
