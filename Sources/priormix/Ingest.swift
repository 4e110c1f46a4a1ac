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

    @OptionGroup var input: InputArguments

    @Option(name: .shortAndLong, help: "Output directory.")
    var output: String

    @OptionGroup var reader: ReaderArguments
    @OptionGroup var outputOptions: OutputArguments
    @OptionGroup var ranks: RankArguments

    func run() throws {
        try runStages(StageRunner.Configuration(), reader: reader, output: outputOptions, ranks: ranks, inputs: input.inputs, output: output)
    }
}
