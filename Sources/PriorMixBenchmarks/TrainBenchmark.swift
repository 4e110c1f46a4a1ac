import Foundation
import PriorMix
import PriorMixTrainer

/// Training throughput (tokens/s through forward, backward and AdamW) per preset on random
/// tokens, beside the same model and step in PyTorch on the CPU when Python has torch. Each side
/// is measured `repeats` times, alternating, and the best run counts: on a shared machine the
/// slower runs measure the neighbours, not the code.
public struct TrainBenchmark {
    public struct Row: Codable, Sendable {
        public var preset: String
        public var parameters: Int
        public var tokensPerStep: Int
        public var tokensPerSecond: Double
        /// nil when PyTorch is not installed.
        public var pytorchTokensPerSecond: Double?
        public var ratio: Double? { pytorchTokensPerSecond.map { tokensPerSecond / $0 } }
    }

    public var presets: [ModelConfig.Preset] = [.tiny, .small]
    public var vocabularySize = 4096
    public var batchSize = 8
    public var steps = 5
    public var repeats = 3
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// Python with torch for the comparison rows; nil skips them.
    public var python: String? = ProcessInfo.processInfo.environment["PYTHON"] ?? "python3"

    public init() {}

    /// Uniform random ids: the data does not change the work of a step.
    struct RandomWindows: WindowSource {
        let vocabulary: UInt64
        let length: Int
        func window(step: Int, sequence: Int, inputs: UnsafeMutablePointer<Int32>, targets: UnsafeMutablePointer<Int32>) {
            var random = SplitMix64(seed: UInt64(step) << 32 | UInt64(sequence))
            var previous = Int32(random.next() % vocabulary)
            for i in 0..<length {
                inputs[i] = previous
                previous = Int32(random.next() % vocabulary)
                targets[i] = previous
            }
        }
    }

    public func run(report: (String) -> Void = { _ in }) throws -> [Row] {
        var rows: [Row] = []
        let torch = python.flatMap { TorchReference(python: $0) }
        if torch == nil { report("PyTorch not found (python -c 'import torch' failed): its column is skipped") }
        for preset in presets {
            let config = preset.config(vocabularySize: vocabularySize)
            var options = TrainingOptions()
            options.batchSize = batchSize
            options.threads = threads
            options.steps = steps + 1
            options.warmupSteps = 1
            let engine = StepEngine(model: try LlamaModel<Float>.initialized(config: config, seed: 42), options: options)
            let source = RandomWindows(vocabulary: UInt64(vocabularySize), length: config.contextLength)
            _ = try engine.step(0, source: source)  // first touch of every buffer
            var row = Row(preset: preset.rawValue, parameters: config.parameterCount, tokensPerStep: engine.tokensPerStep, tokensPerSecond: 0)
            for _ in 0..<max(1, repeats) {
                let clock = ContinuousClock()
                let start = clock.now
                for step in 1...steps { _ = try engine.step(step, source: source) }
                let rate = Double(steps * engine.tokensPerStep) / (clock.now - start).seconds
                row.tokensPerSecond = max(row.tokensPerSecond, rate)
                report(String(format: "%@: %.0f tokens/s (%d parameters, %d tokens a step)", preset.rawValue, rate, config.parameterCount, engine.tokensPerStep))
                if let torch {
                    let reference = try torch.tokensPerSecond(config: config, batchSize: batchSize, steps: steps, threads: threads)
                    row.pytorchTokensPerSecond = max(row.pytorchTokensPerSecond ?? 0, reference)
                    report(String(format: "%@ in PyTorch: %.0f tokens/s", preset.rawValue, reference))
                }
            }
            rows.append(row)
        }
        return rows
    }

    public static func table(_ rows: [Row]) -> String {
        var table = [["preset", "parameters", "tokens/step", "PriorMix tokens/s", "PyTorch tokens/s", "PriorMix / PyTorch"]]
        for row in rows {
            table.append([row.preset, ProgressLine.grouped(row.parameters), ProgressLine.grouped(row.tokensPerStep),
                          String(format: "%.0f", row.tokensPerSecond),
                          row.pytorchTokensPerSecond.map { String(format: "%.0f", $0) } ?? "skipped (no torch)",
                          row.ratio.map { String(format: "%.0f%%", $0 * 100) } ?? "-"])
        }
        return AlignedTable(rows: table, rightAligned: [1, 2, 3, 4, 5]).text
    }
}
