import ArgumentParser
import Foundation
import PriorMix

/// `priormix ingest INPUT... -o OUT`
///
/// ```
/// $ priormix ingest samples/jsonl samples/html samples/warc/crawl.warc.gz -o out/ingest
/// ingest: read 41 = written 38 + filtered 3 + quarantined 0 from 0.1 MB in 0.05 s → out/ingest/documents.jsonl.zst
/// ```
struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read raw corpora (JSONL, text/code trees, HTML, WARC, MediaWiki XML) into normalized JSONL.",
        discussion: """
            Writes OUT/documents.jsonl.zst (or .jsonl with --no-compress), OUT/quarantine.jsonl (rejected \
            records with file, line or byte offset, and reason) and OUT/summary.json. Compression of inputs \
            (zstd, gzip) is detected from their first bytes. Exits 1 if any input could not be read to the end.
            """
    )

    @Argument(help: "Files or directories to read.")
    var inputs: [String]

    @Option(name: .shortAndLong, help: "Output directory.")
    var output: String

    @OptionGroup var reader: ReaderArguments

    @Flag(help: "Write plain documents.jsonl instead of zstd-compressed.")
    var noCompress = false

    @Flag(help: "Print the run summary as JSON on standard output.")
    var json = false

    @Flag(help: "No progress line.")
    var quiet = false

    @OptionGroup var ranks: RankArguments

    func validate() throws {
        for input in inputs where !FileManager.default.fileExists(atPath: input) {
            throw ValidationError("\(input): no such file or directory")
        }
    }

    func run() throws {
        var configuration = IngestPipeline.Configuration()
        configuration.reader = reader.readerOptions
        configuration.threads = reader.threads
        configuration.compressOutput = !noCompress
        configuration.showProgress = !quiet
        configuration.fingerprint = configuration.reader.extractionFingerprint
        let pipeline = IngestPipeline(configuration: configuration)
        let summary = try ranks.run(pipeline, inputs: inputs, output: output)
        try printResult(summary, json: json) { summary.humanLine }
        for error in summary.errors { log("priormix: error: \(error)") }
        if !summary.complete { throw ExitCode.failure }
    }
}
