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
            "priormix" object: category, confidence, top-3, method, bytes), OUT/quarantine.jsonl and \
            OUT/summary.json (documents and bytes per category).
            """
    )

    @Argument(help: "Files or directories to read.") var inputs: [String]
    @Option(name: .shortAndLong, help: "Output directory.") var output: String
    @Option(help: "A fastText model (.bin) to classify with instead of the default lexicon classifier.") var model: String?
    @Flag(help: "Give the model raw text (for fastText models trained outside PriorMix).") var rawText = false
    @Flag(help: "Let a known source name (taxonomy/sources.yaml) decide the category.") var trustSource = false
    @OptionGroup var taxonomy: TaxonomyArguments
    @OptionGroup var reader: ReaderArguments
    @Flag(help: "Write plain annotated.jsonl instead of zstd-compressed.") var noCompress = false
    @Flag(help: "Print the run summary as JSON on standard output.") var json = false
    @Flag(help: "No progress line.") var quiet = false

    func validate() throws {
        for input in inputs where !FileManager.default.fileExists(atPath: input) {
            throw ValidationError("\(input): no such file or directory")
        }
        if let model, !FileManager.default.fileExists(atPath: model) { throw ValidationError("\(model): no such model file") }
    }

    func run() throws {
        let taxonomy = try self.taxonomy.load()
        let classifier: DocumentClassifier = try model.map { FastTextClassifier(model: try FastTextModel.load(path: $0), preprocess: !rawText) }
            ?? LexiconClassifier(taxonomy: taxonomy)
        let annotator = DocumentAnnotator(classifier: classifier, taxonomy: taxonomy, trustSource: trustSource)
        var configuration = IngestPipeline.Configuration()
        configuration.command = "classify"
        configuration.documentsName = "annotated"
        configuration.reader = reader.readerOptions
        configuration.threads = reader.threads
        configuration.compressOutput = !noCompress
        configuration.showProgress = !quiet
        let pipeline = IngestPipeline(configuration: configuration) { document, out, statistics in
            annotator.encode(document, into: &out, statistics: &statistics)
        }
        let summary = try pipeline.run(inputs: inputs, outputDirectory: output)
        if json {
            FileHandle.standardOutput.write(try summary.jsonData())
            print()
        } else {
            print(summary.humanLine)
            print(CategoryTable(statistics: summary.categories ?? CategoryStatistics()).text)
        }
        for error in summary.errors { log("priormix: error: \(error)") }
        if !summary.complete { throw ExitCode.failure }
    }
}
