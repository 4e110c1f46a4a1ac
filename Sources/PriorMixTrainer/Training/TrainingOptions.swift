import Foundation
import PriorMix

/// How a run trains: the paper's recipe (AdamW, warm-up then cosine decay, seed 42) scaled down
/// to CPU budgets. Stored in every checkpoint so a resumed run continues with the same settings.
public struct TrainingOptions: Codable, Sendable, Equatable {
    public var steps = 1000
    /// Sequences per micro-batch.
    public var batchSize = 8
    /// Micro-batches per optimizer step.
    public var accumulation = 1
    public var learningRate = 3e-4
    /// The cosine schedule ends at this fraction of the peak.
    public var minimumLearningRateRatio = 0.1
    public var warmupSteps = 100
    public var weightDecay = 0.1
    public var beta1 = 0.9
    public var beta2 = 0.95
    public var epsilon = 1e-8
    /// Global gradient-norm clip; 0 turns clipping off.
    public var gradientClip = 1.0
    public var seed: UInt64 = 42
    public var logInterval = 10
    /// Validation every so many steps (and at step 0 and the last step); 0 for start and end only.
    public var evaluationInterval = 100
    /// At most this many context windows per category are evaluated.
    public var evaluationWindows = 16
    public var checkpointInterval = 500
    public var keepCheckpoints = 2
    /// Worker threads splitting each micro-batch. Losses are identical for the same thread count.
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    public init() {}

    public func validate() throws {
        func fail(_ message: String) -> PriorMixError { PriorMixError(.usage, message) }
        guard steps > 0, batchSize > 0, accumulation > 0 else { throw fail("steps, batch size and accumulation must be positive") }
        guard learningRate > 0, (0...1).contains(minimumLearningRateRatio) else { throw fail("the learning rate must be positive and the minimum ratio within 0…1") }
        guard warmupSteps >= 0, weightDecay >= 0, gradientClip >= 0 else { throw fail("warm-up, weight decay and clip must not be negative") }
        guard (0..<1).contains(beta1), (0..<1).contains(beta2), epsilon > 0 else { throw fail("AdamW needs betas in [0, 1) and a positive epsilon") }
        guard logInterval > 0, evaluationInterval >= 0, evaluationWindows > 0, checkpointInterval > 0, keepCheckpoints > 0, threads > 0 else {
            throw fail("intervals, evaluation windows, kept checkpoints and threads must be positive")
        }
    }

    /// The settings that decide what a step computes and that differ from `other` (a resumed run
    /// must match them all to continue the same trajectory); logging and checkpoint cadence may change.
    public func scheduleDifferences(from other: TrainingOptions) -> [String] {
        var names: [String] = []
        func compare<T: Equatable>(_ name: String, _ a: T, _ b: T) { if a != b { names.append("\(name) \(b) → \(a)") } }
        compare("steps", steps, other.steps)
        compare("batch size", batchSize, other.batchSize)
        compare("accumulation", accumulation, other.accumulation)
        compare("learning rate", learningRate, other.learningRate)
        compare("minimum learning-rate ratio", minimumLearningRateRatio, other.minimumLearningRateRatio)
        compare("warm-up steps", warmupSteps, other.warmupSteps)
        compare("weight decay", weightDecay, other.weightDecay)
        compare("beta1", beta1, other.beta1)
        compare("beta2", beta2, other.beta2)
        compare("epsilon", epsilon, other.epsilon)
        compare("gradient clip", gradientClip, other.gradientClip)
        compare("seed", seed, other.seed)
        return names
    }

    /// Learning rate for optimizer step `step` (0-based): linear warm-up to the peak, then cosine
    /// decay to `minimumLearningRateRatio` of it at the last step.
    public func learningRate(at step: Int) -> Double {
        if step < warmupSteps { return learningRate * Double(step + 1) / Double(warmupSteps) }
        let span = max(1, steps - warmupSteps - 1)
        let progress = min(1, Double(step - warmupSteps) / Double(span))
        let minimum = learningRate * minimumLearningRateRatio
        return minimum + 0.5 * (learningRate - minimum) * (1 + cos(Double.pi * progress))
    }
}
