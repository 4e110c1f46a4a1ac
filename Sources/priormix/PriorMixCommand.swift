import ArgumentParser
import Foundation
import PriorMix
import PriorMixBenchmarks
import PriorMixTrainer

/// `priormix`: the command-line front end. Each subcommand only parses arguments and wires library
/// stages together; all behaviour lives in the PriorMix library.
@main
struct PriorMixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "priormix",
        abstract: "Build pre-training data mixtures that plant visual priors in language models.",
        discussion: """
            Exit codes: 0 success, 1 error (including inputs that could not be read to the end), 2 usage.
            Results go to standard output; progress and diagnostics to standard error.
            """,
        subcommands: [Ingest.self, Filter.self, Classify.self, Run.self, Dedup.self, Mix.self, Report.self, Train.self, Sweep.self, Generate.self, Embed.self, Align.self,
                      ClassifierCommand.self, TaggerCommand.self, TokenizerCommand.self, Slurm.self, Bench.self]
    )

    /// Parses, runs, and maps failures to the documented exit codes (ArgumentParser's own
    /// validation code 64 becomes 2, the conventional usage code).
    static func main() {
        // Most commands never call BLAS; its worker threads would spin at start-up regardless.
        BLASThreads.stopIdleWorkers()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as PriorMixError {
            FileHandle.standardError.write(Data("priormix: error: \(error)\n".utf8))
            Foundation.exit(error.code == .usage ? 2 : 1)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

/// Options every corpus-reading command shares.
struct ReaderArguments: ParsableArguments {
    @Option(help: "Name of the JSONL field holding the text.")
    var textField = "text"

    @Option(help: "Name of the JSONL field holding the document id.")
    var idField = "id"

    @Option(help: "Documents larger than this many bytes are quarantined (for HTML: the extracted text).")
    var maxDocumentBytes = 1 << 20

    @Option(help: "Raw HTML pages (files, WARC responses) larger than this many bytes are quarantined unparsed.")
    var maxHtmlBytes = 32 << 20

    @Option(help: "What to keep of HTML pages: main (the main content: article, post, thread, listing) or all (every visible text).")
    var extract: ExtractionMode = .main

    @Option(help: "Read every input as this format instead of detecting it (\(InputFormat.allCases.map(\.rawValue).joined(separator: ", "))).")
    var format: InputFormat?

    @Option(help: "Worker threads (default: all cores). Output is identical for any value.")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard maxDocumentBytes > 0 else { throw ValidationError("--max-document-bytes must be positive") }
        guard maxHtmlBytes > 0, maxHtmlBytes <= Int(Int32.max) else { throw ValidationError("--max-html-bytes must be between 1 and 2147483647") }
        guard threads > 0 else { throw ValidationError("--threads must be positive") }
    }

    var readerOptions: ReaderOptions {
        ReaderOptions(maxDocumentBytes: maxDocumentBytes, textField: textField, idField: idField, format: format,
                      maxHTMLBytes: maxHtmlBytes, extraction: extract)
    }
}

extension InputFormat: ExpressibleByArgument {}
extension ExtractionMode: ExpressibleByArgument {}

/// The corpora a reading command takes (ingest, classify, run); all must exist before work starts.
struct InputArguments: ParsableArguments {
    @Argument(help: "Files or directories to read.") var inputs: [String]

    func validate() throws {
        for input in inputs where !FileManager.default.fileExists(atPath: input) {
            throw ValidationError("\(input): no such file or directory")
        }
    }
}

/// How a corpus-writing command writes and reports (ingest, classify, run).
struct OutputArguments: ParsableArguments {
    @Flag(help: "Write plain JSONL instead of zstd-compressed.") var noCompress = false
    @Flag(help: "Replace a finished run in the output directory (without it the run refuses to).") var overwrite = false
    @Flag(help: "Print the run summary as JSON on standard output.") var json = false
    @Flag(help: "No progress line.") var quiet = false
    @Option(help: "Format of the documents file: jsonl, or parquet (ZSTD, the annotation as typed columns).") var outputFormat: DocumentsFormat = .jsonl
}

enum DocumentsFormat: String, ExpressibleByArgument { case jsonl, parquet }

/// Which share of the inputs this process takes, for running one command as many Slurm tasks.
struct RankArguments: ParsableArguments {
    @Option(help: "This process's rank (default: $SLURM_ARRAY_TASK_ID or $SLURM_PROCID, else 0).") var rank: Int?
    @Option(help: "Number of ranks (default: $SLURM_ARRAY_TASK_COUNT or $SLURM_NTASKS, else 1).") var worldSize: Int?
    @Flag(help: "Assemble the finished ranks' parts into the final outputs (the step after a multi-rank run).") var finalize = false

    func resolve() throws -> RankSelection { try RankSelection.resolve(rank: rank, worldSize: worldSize) }

    /// Runs this rank's share, or with `--finalize` assembles every rank's parts.
    func run(_ pipeline: StageRunner, inputs: [String], output: String) throws -> RunSummary {
        finalize ? try pipeline.finalize(inputs: inputs, outputDirectory: output)
            : try pipeline.run(inputs: inputs, outputDirectory: output, ranks: try resolve())
    }
}

/// Prints `message` to standard error.
func log(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
