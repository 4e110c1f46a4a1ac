import ArgumentParser
import Foundation
import PriorMix

/// `priormix bench extract`
///
/// ```
/// $ priormix bench extract --pages out/wed/pages
/// 884 pages, 129.5 MB of HTML
/// extractor                 threads  pages/s  MB/s  MB/s per core
/// PriorMix --extract main         1      …
/// ```
struct BenchExtract: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Pages/s and MB/s of HTML extraction (main content and all text) on one core and all, beside trafilatura when installed."
    )

    @Option(help: "Directory of .html pages (default: out/wed/pages when present — the dev set unpacked as its README says — else samples/html).")
    var pages: String?

    @Option(help: "Repeat the pages until at least this many MB of HTML.") var minimumMb = 20
    @Option(help: "Threads for the multi-core rows.") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Where to keep the page list for the peer.") var workDirectory = ".build/bench"
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let directory = pages ?? (FileManager.default.fileExists(atPath: "out/wed/pages") ? "out/wed/pages" : "samples/html")
        let (loaded, paths) = try ExtractBenchmark.load(directory: directory, minimumMB: minimumMb)
        log("bench extract: \(loaded.count) pages from \(directory)")
        let result = try ExtractBenchmark(pages: loaded, pagePaths: paths, threads: threads, workDirectory: workDirectory).run { log($0) }
        try result.writeToStandardOutput(json: json) { result.table }
    }
}
