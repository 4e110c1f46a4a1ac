import ArgumentParser
import Foundation
import PriorMix

struct BenchFilter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filter",
        abstract: "MB/s of the filter stage on one core and on all, beside ingest alone and datatrove's pipeline on the same jsonl.zst, with per-rule agreement."
    )

    @Option(help: "A jsonl(.zst) file with `id` and `text` (default: ../shared/corpus-dev as jsonl.zst).") var input: String?
    @Option(help: "Rules file.") var rules = "taxonomy/filters/default.yaml"
    @Option(help: "Where to keep the corpus and outputs.") var workDirectory = ".build/bench"
    @Option(help: "Worker threads for the all-threads row.") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Rounds of timed runs: each runs every row once, PriorMix's and datatrove's in turn (each row keeps its least).")
    var repeats = 3
    @Option(help: "Other jsonl(.zst) text filtered untimed before each timed one-thread run, so lid.176's token cache holds other text's words, as in a long run (default: none, the cache starts empty).") var warmUp: String?
    @Flag(help: "Skip datatrove (it runs at well under 1 MB/s).") var noPeer = false
    @Flag(help: "Print the result as JSON.") var json = false

    func run() throws {
        let result = try FilterBenchmark(input: input, rules: rules, workDirectory: workDirectory, threads: threads,
                                         repeats: repeats, peer: !noPeer, warmUp: warmUp).run { log($0) }
        try result.writeToStandardOutput(json: json) { result.table }
    }
}
