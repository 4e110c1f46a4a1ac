import ArgumentParser
import Foundation
import PriorMix

/// `priormix bench dedup`
///
/// ```
/// $ priormix bench dedup --size-mb 40
/// 2600 documents (600 injected variants); MinHash 5-word shingles, 14 bands x 8 rows
/// similarity   pairs  theory  PriorMix  datatrove
/// …
/// ```
struct BenchDedup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup",
        abstract: "MinHash dedup beside datatrove's four-stage pipeline: recall per similarity vs the S-curve, agreement of removed sets, MB/s per core, peak RSS per step."
    )

    @Option(help: "JSONL with id and text: real text to inject near-duplicates into (default: ../shared/corpus-dev/labeled.jsonl).")
    var corpus = "../shared/corpus-dev/labeled.jsonl"
    @Option(help: "Near-duplicate variants to inject (substitutions, insertions, boilerplate at several rates).") var variants = 600
    @Option(help: "Size of the speed corpus in MB (0: skip the speed rows).") var sizeMb = 20
    @Option(help: "Threads for the all-threads row.") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "Do not run datatrove (scripts/bench_dedup_peer.py).") var skipPeer = false
    @Option(help: "Where to keep the generated corpora and outputs.") var workDirectory = ".build/bench"
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let result = try DedupBenchmark(corpusPath: corpus, workDirectory: workDirectory, sizeMB: sizeMb, threads: threads,
                                        variants: variants, runPeer: !skipPeer).run { log($0) }
        try result.writeToStandardOutput(json: json) { result.table }
    }
}
