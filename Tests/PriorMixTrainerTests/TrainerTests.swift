import Foundation
import XCTest
@testable import PriorMix
@testable import PriorMixTrainer

final class TrainerTests: XCTestCase {
    /// A model small enough for debug builds: a few seconds for tens of steps on two cores.
    static let config = ModelConfig(vocabularySize: 257, hiddenSize: 32, layers: 2, heads: 4, keyValueHeads: 2,
                                    intermediateSize: 64, contextLength: 32, endOfTextID: 256)

    static func options(steps: Int) -> TrainingOptions {
        var options = TrainingOptions()
        options.steps = steps
        options.batchSize = 4
        options.learningRate = 3e-3
        options.warmupSteps = 5
        options.logInterval = 1
        options.evaluationInterval = 10
        options.evaluationWindows = 4
        options.checkpointInterval = 1000
        options.threads = 2
        return options
    }

    func testFreshModelLossIsNearLnVocabularyAndFallsWithTraining() throws {
        let directory = try makeTemporaryDirectory(self)
        // The manifest names the tokenizer file; every checkpoint carries a copy.
        let tokenizerFile = directory + "/tokenizer.json"
        try Data(#"{"model": {"type": "ByteLevel stand-in"}}"#.utf8).write(to: URL(fileURLWithPath: tokenizerFile))
        let manifest = try makeShardSet(in: directory, tokenizerPath: tokenizerFile)
        let trainer = try Trainer(shardsPath: directory + "/shards", config: Self.config, options: Self.options(steps: 40), runDirectory: directory + "/run")
        let summary = try trainer.run()
        let initial = try XCTUnwrap(summary.initialValidationLoss)
        XCTAssertEqual(initial, log(257), accuracy: 0.05, "a freshly initialised model predicts nearly uniformly")
        let final = try XCTUnwrap(summary.finalValidationLoss)
        XCTAssertLessThan(final, initial - 1.5, "40 steps learn at least the byte statistics")
        XCTAssertEqual(Set(summary.finalValidationByCategory.keys), Set(manifest.validation.keys), "every category has validation windows")
        XCTAssertGreaterThanOrEqual(manifest.validation.count, 5)
        for file in ["log.jsonl", "loss.svg", "run.json", "checkpoint-000040/model.safetensors", "checkpoint-000040/config.json",
                     "checkpoint-000040/optimizer.safetensors", "checkpoint-000040/trainer_state.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/run/" + file), file)
        }
        XCTAssertEqual(FileManager.default.contents(atPath: directory + "/run/checkpoint-000040/tokenizer.json"),
                       FileManager.default.contents(atPath: tokenizerFile))
        let svg = try String(contentsOfFile: directory + "/run/loss.svg", encoding: .utf8)
        XCTAssertTrue(svg.hasPrefix("<svg") && svg.contains("val mathematics"))
    }

    /// A run cut after 7 steps and resumed writes the same losses, bit for bit, as one that never stopped.
    func testResumeReproducesTheUninterruptedRun() throws {
        let directory = try makeTemporaryDirectory(self)
        _ = try makeShardSet(in: directory, format: .llmc)
        var options = Self.options(steps: 14)
        options.accumulation = 2
        options.evaluationInterval = 7
        let straight = try Trainer(shardsPath: directory + "/shards", config: Self.config, options: options, runDirectory: directory + "/straight")
        _ = try straight.run()

        let first = try Trainer(shardsPath: directory + "/shards", config: Self.config, options: options, runDirectory: directory + "/resumed")
        first.stopAfter = 7
        _ = try first.run()
        XCTAssertEqual(try Checkpoint.list(runDirectory: directory + "/resumed"), [7])
        let second = try Trainer(shardsPath: directory + "/shards", config: Self.config, options: options, runDirectory: directory + "/resumed")
        _ = try second.run(resume: true)

        func losses(_ run: String) throws -> [String] {
            try String(contentsOfFile: directory + "/\(run)/log.jsonl", encoding: .utf8).split(separator: "\n").map { line in
                // Everything but the timing fields must agree.
                let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                return "\(object["step"]!) \(object["loss"] ?? "-") \(object["grad_norm"] ?? "-") \(object["val_loss"] ?? "-") \((object["val_loss_by_category"] as? [String: Double])?.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } ?? [])"
            }
        }
        let expected = try losses("straight")
        XCTAssertEqual(expected.count, 14 + 3)
        XCTAssertEqual(try losses("resumed"), expected)
        XCTAssertEqual(straight.model.parameters.array, second.model.parameters.array)

        // Resuming under another schedule would silently leave the trajectory: refused, naming what changed.
        var changed = options
        changed.learningRate = 1e-3
        let other = try Trainer(shardsPath: directory + "/shards", config: Self.config, options: changed, runDirectory: directory + "/resumed")
        XCTAssertThrowsError(try other.run(resume: true)) { error in
            XCTAssertTrue("\(error)".contains("learning rate 0.003 → 0.001"), "\(error)")
        }
    }

    /// Accumulating two micro-batches of 2 takes the same step as one batch of 4 (same windows),
    /// and one worker thread computes what two do, up to float rounding.
    func testAccumulationAndThreadsComputeTheSameStep() throws {
        let directory = try makeTemporaryDirectory(self)
        _ = try makeShardSet(in: directory, format: .nanogpt)
        func firstLoss(batch: Int, accumulation: Int, threads: Int) throws -> (Double, Double) {
            var options = Self.options(steps: 1)
            options.batchSize = batch
            options.accumulation = accumulation
            options.threads = threads
            let trainer = try Trainer(shardsPath: directory + "/shards", config: Self.config, options: options, runDirectory: directory + "/run-\(batch)-\(threads)")
            let sampler = try WindowSampler(shards: trainer.shards.train, length: Self.config.contextLength, seed: 42)
            return try trainer.trainStepForTesting(0, sampler: sampler)
        }
        let whole = try firstLoss(batch: 4, accumulation: 1, threads: 2)
        let accumulated = try firstLoss(batch: 2, accumulation: 2, threads: 2)
        let single = try firstLoss(batch: 4, accumulation: 1, threads: 1)
        XCTAssertEqual(whole.0, accumulated.0, accuracy: 1e-5)
        XCTAssertEqual(whole.1, accumulated.1, accuracy: 1e-4 * whole.1)
        XCTAssertEqual(whole.0, single.0, accuracy: 1e-5)
        XCTAssertEqual(whole.1, single.1, accuracy: 1e-4 * whole.1)
    }

    func testLearningRateWarmsUpThenDecaysToTheFloor() {
        var options = TrainingOptions()
        options.steps = 100
        options.warmupSteps = 10
        XCTAssertEqual(options.learningRate(at: 0), 3e-5, accuracy: 1e-12)
        XCTAssertEqual(options.learningRate(at: 9), 3e-4, accuracy: 1e-12)
        XCTAssertEqual(options.learningRate(at: 10), 3e-4, accuracy: 1e-12)
        XCTAssertEqual(options.learningRate(at: 99), 3e-5, accuracy: 1e-12)
        XCTAssertLessThan(options.learningRate(at: 60), options.learningRate(at: 30))
    }
}
