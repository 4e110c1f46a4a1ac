import ArgumentParser
import Foundation
import PriorMix
import PriorMixTrainer

struct BenchAlign: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "align",
        abstract: "Seconds and peak memory of each alignment metric on generated paired features, optionally beside the numpy reference."
    )

    @Option(help: "Items (rows) per feature set.") var items = 10_000
    @Option(help: "Columns per feature set.") var width = 1_024
    @Option(help: "Metrics, comma-separated (default: all six).") var metrics = AlignmentMetric.allCases.map(\.rawValue).joined(separator: ",")
    @Option(help: "Neighbours for the k-NN metrics.") var k = 10
    @Option(help: "Threads.") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Timed runs per metric; the best counts.") var repeats = 2
    @Option(help: "Where to write the generated features.") var workDirectory = ".build/bench"
    @Flag(help: "Also time scripts/alignment_reference.py (numpy; needs memory for several n × n float64 matrices).") var reference = false
    @Option(help: "Python interpreter for --reference.") var python = ProcessInfo.processInfo.environment["PYTHON"] ?? "python3"
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        var benchmark = AlignBenchmark()
        benchmark.items = items
        benchmark.width = width
        benchmark.metrics = try metrics.split(separator: ",").map { name in
            guard let metric = AlignmentMetric(rawValue: String(name)) else { throw ValidationError("unknown metric '\(name)'") }
            return metric
        }
        benchmark.k = k
        benchmark.threads = threads
        benchmark.repeats = repeats
        benchmark.workDirectory = workDirectory
        benchmark.referencePython = reference ? python : nil
        let result = try benchmark.run { log($0) }
        try result.writeToStandardOutput(json: json) { result.table }
    }
}
