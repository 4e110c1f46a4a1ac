import ArgumentParser
import Foundation
import PriorMix
import PriorMixTrainer

extension ModelConfig.Preset: ExpressibleByArgument {}

/// The model's shape: a preset, then any dimension overridden.
struct ModelArguments: ParsableArguments {
    @Option(help: "Model size preset (\(ModelConfig.Preset.allCases.map(\.rawValue).joined(separator: ", "))); tiny trains in minutes on two cores.")
    var preset: ModelConfig.Preset = .tiny
    @Option(help: "Hidden size (model width).") var hiddenSize: Int?
    @Option(help: "Decoder layers.") var layers: Int?
    @Option(help: "Attention heads.") var heads: Int?
    @Option(help: "Key/value heads (grouped-query attention; divides --heads).") var kvHeads: Int?
    @Option(help: "SwiGLU intermediate size.") var intermediateSize: Int?
    @Option(help: "Context length in tokens.") var context: Int?
    @Option(help: "Rotary embedding base.") var ropeTheta: Double?
    @Option(help: "RMSNorm epsilon.") var rmsNormEps: Double?

    func config(vocabularySize: Int, endOfTextID: Int?) throws -> ModelConfig {
        var config = preset.config(vocabularySize: vocabularySize)
        if let hiddenSize { config.hiddenSize = hiddenSize }
        if let layers { config.layers = layers }
        if let heads { config.heads = heads }
        if let kvHeads { config.keyValueHeads = kvHeads } else { config.keyValueHeads = min(config.keyValueHeads, config.heads) }
        if let intermediateSize { config.intermediateSize = intermediateSize }
        if let context { config.contextLength = context }
        if let ropeTheta { config.ropeTheta = ropeTheta }
        if let rmsNormEps { config.rmsNormEps = rmsNormEps }
        config.endOfTextID = endOfTextID
        try config.validate()
        return config
    }
}

/// How to train; defaults are the paper's recipe scaled down (peak 3e-4, seed 42).
struct ModelTrainingArguments: ParsableArguments {
    @Option(help: "Optimizer steps.") var steps = 1000
    @Option(help: "Sequences per micro-batch.") var batchSize = 8
    @Option(help: "Micro-batches accumulated per step.") var accumulation = 1
    @Option(name: .customLong("lr"), help: "Peak learning rate.") var learningRate = 3e-4
    @Option(help: "Final learning rate as a fraction of the peak (cosine schedule).") var minLrRatio = 0.1
    @Option(help: "Linear warm-up steps.") var warmupSteps = 100
    @Option(help: "AdamW weight decay (matrices only).") var weightDecay = 0.1
    @Option(help: "AdamW beta1.") var beta1 = 0.9
    @Option(help: "AdamW beta2.") var beta2 = 0.95
    @Option(help: "Global gradient-norm clip (0: off).") var clip = 1.0
    @Option(help: "Seed for initialisation and window sampling.") var seed: UInt64 = 42
    @Option(help: "Log the training loss every N steps.") var logInterval = 10
    @Option(help: "Validation every N steps (0: only at the start and end).") var evalInterval = 100
    @Option(help: "Validation windows per category.") var evalWindows = 16
    @Option(help: "Checkpoint every N steps (and at the end).") var checkpointInterval = 500
    @Option(help: "Checkpoints kept.") var keepCheckpoints = 2
    @Option(help: "Worker threads (default: all cores). Losses are reproducible for a given value.")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    var options: TrainingOptions {
        var options = TrainingOptions()
        options.steps = steps
        options.batchSize = batchSize
        options.accumulation = accumulation
        options.learningRate = learningRate
        options.minimumLearningRateRatio = minLrRatio
        options.warmupSteps = min(warmupSteps, steps)
        options.weightDecay = weightDecay
        options.beta1 = beta1
        options.beta2 = beta2
        options.gradientClip = clip
        options.seed = seed
        options.logInterval = logInterval
        options.evaluationInterval = evalInterval
        options.evaluationWindows = evalWindows
        options.checkpointInterval = checkpointInterval
        options.keepCheckpoints = keepCheckpoints
        options.threads = threads
        return options
    }
}

/// Tokenizer files for `sweep` and `generate`: a tokenizer.json (or tiktoken file), or `bytes`, the
/// built-in byte-level codec (vocabulary 257, end-of-text 256).
enum TokenizerFiles {
    static func load(_ path: String) throws -> TextCodec {
        if path == "bytes" { return ByteLevelCodec() }
        return try Tokenizer.load(path: path)
    }

    /// A checkpoint's own tokenizer.json, else `bytes` for a 257-id model.
    static func checkpointDefault(directory: String, vocabularySize: Int) -> String {
        FileManager.default.fileExists(atPath: directory + "/tokenizer.json") || vocabularySize != 257 ? directory + "/tokenizer.json" : "bytes"
    }
}
