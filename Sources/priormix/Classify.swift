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

    @OptionGroup var input: InputArguments
    @Option(name: .shortAndLong, help: "Output directory.") var output: String
    @OptionGroup var classify: ClassifyArguments
    @OptionGroup var reader: ReaderArguments
    @OptionGroup var outputOptions: OutputArguments
    @OptionGroup var ranks: RankArguments

    func run() throws {
        let annotator = try classify.annotator(output: output)
        var configuration = StageRunner.Configuration()
        configuration.command = "classify"
        configuration.documentsName = "annotated"
        configuration.stages = StageChain(annotator)
        try runStages(configuration, reader: reader, output: outputOptions, ranks: ranks, inputs: input.inputs, output: output, llmTagger: annotator.llmTagger)
    }
}

/// Runs a configured chain and prints its summary: one line, the category table and the label
/// shares when the chain classified, or the JSON summary. Shared by `classify` and `run`.
/// `base` with what the shared reader and output options decide.
func runnerConfiguration(_ base: StageRunner.Configuration, reader: ReaderArguments, output options: OutputArguments) -> StageRunner.Configuration {
    var configuration = base
    configuration.reader = reader.readerOptions
    configuration.threads = reader.threads
    configuration.compressOutput = !options.noCompress
    configuration.showProgress = !options.quiet
    configuration.overwrite = options.overwrite
    configuration.parquetOutput = options.outputFormat == .parquet
    return configuration
}

func runStages(_ base: StageRunner.Configuration, reader: ReaderArguments, output options: OutputArguments,
               ranks: RankArguments, inputs: [String], output: String, llmTagger: LLMTagger? = nil) throws {
    let configuration = runnerConfiguration(base, reader: reader, output: options)
    let summary = try ranks.run(StageRunner(configuration: configuration), inputs: inputs, output: output)
    try summary.writeToStandardOutput(json: options.json) {
        var lines = [summary.humanLine]
        if let filter = summary.filter { lines.append(FilterTable(statistics: filter).text) }
        if summary.outputs["documents"] != nil, let statistics = summary.categories {  // not one rank of several
            lines.append(CategoryTable(statistics: statistics).text)
            if !statistics.tags.categories.isEmpty {
                lines.append("\nsegments with each label, % (the paper's Table 4 layout)")
                lines.append(statistics.tags.terminalTable())
            }
            if let llmTagger {
                lines.append("llm tagger: \(llmTagger.requests) requests, \(llmTagger.cacheHits) cached answers, \(statistics.taggerFallbacks) documents fell back to the fast tagger")
            }
        }
        return lines.joined(separator: "\n")
    }
    for error in summary.errors { log("priormix: error: \(error)") }
    if let report = llmTagger?.failureReport {
        log("priormix: \(report.everyRequestFailed ? "error" : "warning"): \(report.message)")
        if report.everyRequestFailed { throw ExitCode.failure }
    }
    if !summary.complete { throw ExitCode.failure }
}
