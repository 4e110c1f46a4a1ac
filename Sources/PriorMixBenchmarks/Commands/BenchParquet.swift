import ArgumentParser
import Foundation
import PriorMix

struct BenchParquet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parquet",
        abstract: "MB/s of text read from a generated FineWeb-shaped Parquet file, beside pyarrow on the same file."
    )

    @Option(help: "Size of the generated corpus in MB (as JSONL before conversion).")
    var sizeMb = 200

    @Option(help: "Where to keep the generated file and outputs.")
    var workDirectory = ".build/bench"

    @Option(help: "Worker threads for the ingest row.")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Timed runs per row (the best is kept).")
    var repeats = 3

    @Option(help: "Time this Parquet file (with a text column) instead of the generated one.")
    var input: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        let result = try ParquetBenchmark(sizeMB: sizeMb, workDirectory: workDirectory, threads: threads, repeats: repeats, input: input).run { log($0) }
        try result.writeToStandardOutput(json: json) { result.table }
    }
}
