import ArgumentParser
import Foundation
import PriorMix
import PriorMixTrainer

struct BenchTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Training tokens/s per model preset, beside the same model in PyTorch on the CPU when torch is installed."
    )

    @Option(help: "Presets to measure, comma-separated.") var presets = "tiny,small"
    @Option(help: "Vocabulary size of the benchmark model.") var vocabularySize = 4096
    @Option(help: "Sequences per step.") var batchSize = 8
    @Option(help: "Timed steps (after one untimed step).") var steps = 5
    @Option(help: "Measurements per side; the best counts.") var repeats = 3
    @Option(help: "Threads for both implementations.") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Python interpreter for the PyTorch rows (skipped when it lacks torch).") var python = ProcessInfo.processInfo.environment["PYTHON"] ?? "python3"
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        var benchmark = TrainBenchmark()
        benchmark.presets = try presets.split(separator: ",").map { name in
            guard let preset = ModelConfig.Preset(rawValue: String(name)) else { throw ValidationError("unknown preset '\(name)'") }
            return preset
        }
        benchmark.vocabularySize = vocabularySize
        benchmark.batchSize = batchSize
        benchmark.steps = steps
        benchmark.repeats = repeats
        benchmark.threads = threads
        benchmark.python = python
        let rows = try benchmark.run { log($0) }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            FileHandle.standardOutput.write(try encoder.encode(rows))
            print()
        } else {
            print(TrainBenchmark.table(rows))
        }
    }
}
