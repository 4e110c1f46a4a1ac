import ArgumentParser
import Foundation
import PriorMix

/// `priormix report INPUT...` and `priormix report --merge PART.json...`
///
/// ```
/// $ priormix report out/classified --html out/report.html
/// 42 documents, 312,405 bytes, 80,123 estimated tokens from 1 input
/// category     documents  share    bytes  share  est. tokens  share  …
/// $ priormix report part-a/annotated.jsonl.zst --json -o a.json   # on one machine
/// $ priormix report part-b/annotated.jsonl.zst --json -o b.json   # on another
/// $ priormix report --merge a.json b.json --markdown              # the whole corpus
/// ```
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Category statistics of annotated corpora and shard sets: terminal table, JSON, Markdown, HTML page.",
        discussion: """
            Reads annotated JSONL or Parquet (priormix classify) and shard sets (their manifest.json; token files are \
            not read), any number of files or directories, merged into one report: per category documents, \
            bytes, estimated tokens, shares and means; the paper's Table 4 layout; distributions of \
            classifier confidence, reasoning density and visual descriptiveness; for shard sets the \
            recipe's target beside the achieved composition. --json writes the derived summary and the \
            integer counts behind it; --merge adds up such files exactly, so reports made on parts of a \
            corpus combine into the report of the whole.
            """
    )

    @Argument(help: "Annotated JSONL files, shard set directories or manifest.json files, or directories holding them; with --merge, report JSON files.")
    var inputs: [String]
    @Flag(help: "Merge report JSON files written by --json instead of reading corpora.") var merge = false
    @Flag(help: "Write the report as JSON (summary and mergeable counts).") var json = false
    @Flag(help: "Write the report as Markdown.") var markdown = false
    @Option(help: "Also write a self-contained HTML page with charts to this file.") var html: String?
    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.") var output: String?
    @Flag(help: "Count lines that are not annotated documents and go on, instead of stopping at the first.") var skipInvalid = false
    @Option(help: "Worker threads (default: all cores). The report is identical for any value.")
    var threads = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "No progress line.") var quiet = false
    @Option(help: "This process's rank: report on its share of the inputs (default: $SLURM_ARRAY_TASK_ID or $SLURM_PROCID, else 0).")
    var rank: Int?
    @Option(help: "Number of ranks (default: $SLURM_ARRAY_TASK_COUNT or $SLURM_NTASKS, else 1); merge the ranks' --json with --merge.")
    var worldSize: Int?

    func validate() throws {
        if json && markdown { throw ValidationError("--json and --markdown exclude each other") }
        guard threads > 0 else { throw ValidationError("--threads must be positive") }
        for input in inputs where !FileManager.default.fileExists(atPath: input) {
            throw ValidationError("\(input): no such file or directory")
        }
    }

    /// Skipped lines beyond this many are counted, not listed.
    private static let listedInvalidLines = 10

    func run() throws {
        let report: CorpusReport
        if merge {
            report = try inputs.reduce(into: CorpusReport()) { $0.merge(try CorpusReport.load(path: $1)) }
        } else {
            var reader = CorpusReportReader()
            reader.threads = threads
            reader.skipInvalid = skipInvalid
            reader.showProgress = !quiet
            var listed = 0
            reader.onInvalidLine = { error in
                listed += 1
                if listed <= Self.listedInvalidLines { log("priormix: skipped: \(error)") }
            }
            report = try reader.read(paths: inputs, ranks: try RankSelection.resolve(rank: rank, worldSize: worldSize))
            if listed > Self.listedInvalidLines { log("priormix: skipped \(listed) invalid lines in all (\(Self.listedInvalidLines) listed)") }
        }
        let summary = ReportSummary(report)
        let bytes: [UInt8] = json ? Array(try report.jsonData()) + [0x0A] : Array((markdown ? summary.markdown : summary.terminalText).utf8)
        if let output {
            try AtomicOutputFile.write(bytes, to: output)
        } else {
            FileHandle.standardOutput.write(Data(bytes))
        }
        if let html {
            try AtomicOutputFile.write(Array(summary.html.utf8), to: html)
            log("report: wrote \(html)")
        }
    }
}
