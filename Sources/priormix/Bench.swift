import ArgumentParser
import Foundation
import PriorMix

/// `priormix bench …`: throughput and memory measurements, printed as a table (or JSON).
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure throughput and peak memory of PriorMix stages.",
        subcommands: [BenchIngest.self, BenchTokenize.self]
    )
}

struct BenchIngest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "MB/s of jsonl.zst → normalized jsonl.zst on a generated corpus, peak RSS, and `zstd -d` as the ceiling."
    )

    @Option(help: "Size of the generated corpus in MB (uncompressed JSONL).")
    var sizeMb = 200

    @Option(help: "Where to keep the generated corpus and outputs.")
    var workDirectory = ".build/bench"

    @Option(help: "Worker threads for the measured run.")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        let result = try IngestBenchmark(sizeMB: sizeMb, workDirectory: workDirectory, threads: threads).run { log($0) }
        if json {
            FileHandle.standardOutput.write(try result.jsonData())
            print()
        } else {
            print(result.table)
        }
    }
}
