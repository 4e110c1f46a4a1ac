import Dispatch
import Foundation
import PriorMix

/// Trains a `LlamaModel<Float>` on a shard set: each optimizer step draws `batchSize ×
/// accumulation` windows (`WindowSampler`), splits every micro-batch across worker threads that
/// each own a workspace and a gradient buffer, sums the workers' gradients in a fixed order, clips
/// the global norm and applies AdamW under the warm-up + cosine schedule. Validation loss, overall
/// and per category, goes to `log.jsonl` and `loss.svg`; checkpoints resume bit-for-bit.
public final class Trainer {
    public let shards: ShardSet
    public let shardsPath: String
    public let config: ModelConfig
    public let options: TrainingOptions
    public let runDirectory: String
    /// Stop (with a checkpoint) after this step even though the schedule runs to `options.steps`:
    /// a budget cut that a later `resume` continues as if nothing had happened.
    public var stopAfter: Int?
    public var report: (String) -> Void = { _ in }

    public var model: LlamaModel<Float> { engine.model }
    let engine: StepEngine
    private let evaluation: EvaluationSet

    public struct Summary: Sendable {
        public var steps: Int
        public var tokensPerStep: Int
        public var tokensPerSecond: Double
        public var initialValidationLoss: Double?
        public var finalTrainLoss: Double?
        public var finalValidationLoss: Double?
        public var finalValidationByCategory: [String: Double]
    }

    public struct Evaluation: Sendable {
        public var loss: Double
        public var byCategory: [String: Double]
    }

    public init(shardsPath: String, config: ModelConfig, options: TrainingOptions, runDirectory: String) throws {
        try options.validate()
        shards = try ShardSet(path: shardsPath)
        self.shardsPath = shardsPath
        guard config.vocabularySize == shards.vocabularySize else {
            throw PriorMixError(.usage, "the model has \(config.vocabularySize) token ids but the shards' tokenizer has \(shards.vocabularySize)", file: shardsPath)
        }
        self.config = config
        self.options = options
        self.runDirectory = runDirectory
        engine = StepEngine(model: try LlamaModel<Float>.initialized(config: config, seed: options.seed), options: options)
        evaluation = EvaluationSet(validation: shards.validation, length: config.contextLength, maximumWindows: options.evaluationWindows)
    }

    var tokensPerStep: Int { engine.tokensPerStep }

    public func run(resume: Bool = false) throws -> Summary {
        try FileManager.default.createDirectory(atPath: runDirectory, withIntermediateDirectories: true)
        let sampler = try WindowSampler(shards: shards.train, length: config.contextLength, seed: options.seed)
        var start = 0
        if resume, let last = try Checkpoint.list(runDirectory: runDirectory).last {
            let directory = runDirectory + "/" + Checkpoint.name(step: last)
            let state = try Checkpoint.loadState(directory: directory)
            let changed = (state.model == config ? [] : ["the model"]) + options.scheduleDifferences(from: state.options)
            guard changed.isEmpty else {
                throw PriorMixError(.usage, "the checkpoint was trained with other settings (\(changed.joined(separator: ", ")))",
                                    file: directory + "/trainer_state.json",
                                    hint: "resume with the same model and training options, or train into a new run directory")
            }
            if state.options.threads != options.threads {
                report("note: the checkpoint was trained with \(state.options.threads) threads, this run uses \(options.threads); losses will differ in rounding from an uninterrupted run")
            }
            let loaded = try Checkpoint.loadModel(directory: directory)
            model.parameters.copy(from: loaded.parameters)
            try Checkpoint.loadOptimizer(engine.optimizer, step: state.optimizerStep, directory: directory)
            start = state.step
            report("resuming from \(directory)")
        } else if resume {
            report("no checkpoint in \(runDirectory): starting from step 0")
        }
        // A fresh start (no checkpoint to resume) begins a fresh log.
        if start == 0 { try? FileManager.default.removeItem(atPath: runDirectory + "/log.jsonl") }
        let log = try TrainingLog(path: runDirectory + "/log.jsonl", resumingAt: start > 0 ? start : nil)
        try writeRunDescription()

        if evaluation.windows.isEmpty {
            report("note: the shard set has no validation shards, so no validation loss is measured (hold out documents with the recipe's validation_share)")
        }
        var summary = Summary(steps: options.steps, tokensPerStep: tokensPerStep, tokensPerSecond: 0, finalValidationByCategory: [:])
        if start == 0 {
            let initial = try evaluate()
            summary.initialValidationLoss = initial.loss
            try log.append(type: "eval", step: 0, numbers: [("val_loss", initial.loss)], byCategory: initial.byCategory)
            report(String(format: "step 0: validation loss %.4f (ln vocabulary %.4f)", initial.loss, log1p(Double(config.vocabularySize - 1))))
        }
        let end = max(start, min(options.steps, stopAfter ?? options.steps))
        let clock = ContinuousClock()
        let began = clock.now
        var windowLoss = 0.0, windowSteps = 0
        var windowStart = clock.now
        for step in start..<end {
            let (loss, norm) = try engine.step(step, source: sampler)
            summary.finalTrainLoss = loss
            windowLoss += loss
            windowSteps += 1
            let done = step + 1
            if done % options.logInterval == 0 || done == end {
                let seconds = (clock.now - windowStart).seconds
                let rate = Double(windowSteps * tokensPerStep) / max(seconds, 1e-9)
                try log.append(type: "train", step: done, numbers: [("loss", loss), ("lr", options.learningRate(at: step)), ("grad_norm", norm),
                                                                   ("tokens", Double(done * tokensPerStep)), ("tokens_per_second", rate)])
                report(String(format: "step %d/%d: loss %.4f (mean of last %d %.4f), lr %.2e, grad norm %.3f, %.0f tokens/s",
                              done, options.steps, loss, windowSteps, windowLoss / Double(windowSteps), options.learningRate(at: step), norm, rate))
                windowLoss = 0
                windowSteps = 0
                windowStart = clock.now
            }
            let evaluate = (options.evaluationInterval > 0 && done % options.evaluationInterval == 0) || done == options.steps
            if evaluate {
                let result = try self.evaluate()
                summary.finalValidationLoss = result.loss
                summary.finalValidationByCategory = result.byCategory
                try log.append(type: "eval", step: done, numbers: [("val_loss", result.loss)], byCategory: result.byCategory)
                report(String(format: "step %d: validation loss %.4f", done, result.loss))
                try writeChart(log)
            }
            if done % options.checkpointInterval == 0 || done == end {
                try saveCheckpoint(step: done)
            }
        }
        if end > start {
            summary.tokensPerSecond = Double((end - start) * tokensPerStep) / max((clock.now - began).seconds, 1e-9)
        }
        try writeChart(log)
        return summary
    }

    /// Mean next-token loss over the validation windows, overall (token-weighted) and per category.
    public func evaluate() throws -> Evaluation {
        let windows = evaluation.windows
        guard !windows.isEmpty else { return Evaluation(loss: .nan, byCategory: [:]) }
        let losses = engine.losses(of: windows.map { ($0.shard, $0.offset, $0.length) })
        var sums = [Double](repeating: 0, count: evaluation.categories.count), counts = [Int](repeating: 0, count: evaluation.categories.count)
        for (window, loss) in zip(windows, losses) {
            sums[window.category] += loss
            counts[window.category] += window.length
        }
        var byCategory: [String: Double] = [:]
        for (index, category) in evaluation.categories.enumerated() { byCategory[category] = sums[index] / Double(counts[index]) }
        return Evaluation(loss: sums.reduce(0, +) / Double(counts.reduce(0, +)), byCategory: byCategory)
    }

    private func saveCheckpoint(step: Int) throws {
        let state = Checkpoint.State(step: step, optimizerStep: engine.optimizer.step, tokensSeen: step * tokensPerStep,
                                     model: config, options: options, shards: shardsPath)
        try Checkpoint.save(model: model, optimizer: engine.optimizer, state: state, tokenizerFile: shards.tokenizerFile,
                            runDirectory: runDirectory, keep: options.keepCheckpoints)
    }

    private func writeRunDescription() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        struct Description: Encodable {
            var shards: String
            var model: ModelConfig
            var parameters: Int
            var options: TrainingOptions
            var tokensPerStep: Int
        }
        let description = Description(shards: shardsPath, model: config, parameters: config.parameterCount, options: options, tokensPerStep: tokensPerStep)
        try AtomicOutputFile.write(Array(try encoder.encode(description)), to: runDirectory + "/run.json")
    }

    private func writeChart(_ log: TrainingLog) throws {
        var train: [(x: Double, y: Double)] = [], validation: [(x: Double, y: Double)] = []
        var categories: [String: [(x: Double, y: Double)]] = [:]
        for record in log.records {
            guard let step = record["step"] as? Int else { continue }
            if record["type"] as? String == "train", let loss = record["loss"] as? Double { train.append((Double(step), loss)) }
            if record["type"] as? String == "eval" {
                if let loss = record["val_loss"] as? Double { validation.append((Double(step), loss)) }
                for (category, loss) in record["val_loss_by_category"] as? [String: Double] ?? [:] { categories[category, default: []].append((Double(step), loss)) }
            }
        }
        let series = [LineChart.Series(label: "train", points: train), LineChart.Series(label: "validation (all)", points: validation)]
            + categories.keys.sorted().map { LineChart.Series(label: "val " + $0, points: categories[$0]!) }
        let chart = LineChart(title: "Loss — \((runDirectory as NSString).lastPathComponent)", xLabel: "step", yLabel: "loss (nats/token)", series: series)
        try AtomicOutputFile.write(Array(chart.svg.utf8), to: runDirectory + "/loss.svg")
    }
}

extension Duration {
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}

extension Trainer {
    /// One optimizer step outside `run`, for tests that compare steps under different splits.
    func trainStepForTesting(_ step: Int, sampler: WindowSampler) throws -> (Double, Double) {
        try engine.step(step, source: sampler)
    }
}
