import Foundation
import XCTest
@testable import PriorMix
@testable import PriorMixTrainer

/// `priormix train`, `generate` and `sweep` as users run them: exit codes, outputs, messages.
final class TrainerCommandLineTests: XCTestCase {
    private var binary: String { priormixBinary }

    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "priormix binary not built at \(binary)")
    }

    static let smallModel = ["--hidden-size", "32", "--layers", "1", "--heads", "4", "--kv-heads", "2", "--intermediate-size", "64", "--context", "32"]

    func testTrainThenGenerate() throws {
        let directory = try makeTemporaryDirectory(self)
        _ = try makeShardSet(in: directory, tokens: 40_000, documents: 150)
        let run = directory + "/run"
        let (train, _) = try runProcess(binary, ["train", directory + "/shards", "-o", run] + Self.smallModel
                                   + ["--steps", "6", "--batch-size", "2", "--warmup-steps", "2", "--eval-interval", "3", "--eval-windows", "2", "--lr", "3e-3", "--json"])
        XCTAssertEqual(train.status, 0, train.stderr)
        let summary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(train.stdout.utf8)) as? [String: Any], train.stdout)
        XCTAssertEqual(summary["steps"] as? Int, 6)
        XCTAssertNotNil(summary["final_val_loss_by_category"] as? [String: Double])
        XCTAssertTrue(train.stderr.contains("step 0: validation loss"), train.stderr)
        XCTAssertEqual(try Checkpoint.list(runDirectory: run), [6])

        let (generate, _) = try runProcess(binary, ["generate", run, "--prompt", "the ", "--tokens", "24", "--seed", "1"])
        XCTAssertEqual(generate.status, 0, generate.stderr)
        XCTAssertTrue(generate.stdout.hasPrefix("the "), generate.stdout)
        let (again, _) = try runProcess(binary, ["generate", run, "--prompt", "the ", "--tokens", "24", "--seed", "1"])
        XCTAssertEqual(again.stdout, generate.stdout, "same seed, same sample")
    }

    func testUsageErrorsNameTheProblem() throws {
        let directory = try makeTemporaryDirectory(self)
        _ = try makeShardSet(in: directory, tokens: 20_000, documents: 80)
        let (heads, _) = try runProcess(binary, ["train", directory + "/shards", "-o", directory + "/run", "--hidden-size", "30", "--heads", "4"])
        XCTAssertEqual(heads.status, 2)
        XCTAssertTrue(heads.stderr.contains("not a multiple of the 4 heads"), heads.stderr)
        let (missing, _) = try runProcess(binary, ["train", directory + "/absent", "-o", directory + "/run"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains(directory + "/absent"), missing.stderr)
        let (noRun, _) = try runProcess(binary, ["generate", directory + "/shards"])
        XCTAssertEqual(noRun.status, 1)
        XCTAssertTrue(noRun.stderr.contains("no checkpoint here"), noRun.stderr)
    }

    /// Two ends of the sweep: the mixtures differ in reasoning share as asked, both are trained on
    /// the same budget, and the table, JSON and plot name every validation category.
    func testSweepTrainsEachShareAndWritesTableAndPlot() throws {
        let directory = try makeTemporaryDirectory(self)
        try writeAnnotatedCorpus(to: directory + "/annotated.jsonl", documents: 300)
        let (result, _) = try runProcess(binary, ["sweep", directory + "/annotated.jsonl", "-o", directory + "/sweep", "--tokenizer", "bytes",
                                             "--shares", "10,90", "--tokens", "30000", "--validation-share", "5",
                                             "--recipe", packageRoot + "/taxonomy/recipes/vision-favorable.yaml"] + Self.smallModel
                                    + ["--steps", "4", "--batch-size", "2", "--warmup-steps", "1", "--eval-windows", "2"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let points = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/sweep/sweep.json"))) as? [[String: Any]])
        XCTAssertEqual(points.count, 2)
        let achieved = points.compactMap { $0["achieved_share"] as? Double }
        XCTAssertEqual(achieved.count, 2)
        XCTAssertLessThan(achieved[0], 0.2)
        XCTAssertGreaterThan(achieved[1], 0.8)
        let categories = try XCTUnwrap(points[0]["validation_loss_by_category"] as? [String: Double]).keys
        XCTAssertFalse(categories.isEmpty)
        let svg = try String(contentsOfFile: directory + "/sweep/sweep.svg", encoding: .utf8)
        let table = try String(contentsOfFile: directory + "/sweep/sweep.md", encoding: .utf8)
        for category in categories {
            XCTAssertTrue(svg.contains(category), category)
            XCTAssertTrue(table.contains(category), category)
        }
        XCTAssertTrue(result.stdout.contains("90%"), result.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/sweep/reasoning-090/run/checkpoint-000004/model.safetensors"))
    }

    /// The project's own samples, classified by `priormix classify`, mixed at 50% reasoning with
    /// byte-level ids: a fresh model starts near ln(257) and 40 steps bring the loss well down.
    func testLossFallsOnTheSamplesMixture() throws {
        let directory = try makeTemporaryDirectory(self)
        let (classify, _) = try runProcess(binary, ["classify", packageRoot + "/samples", "-o", directory + "/classified"])
        XCTAssertEqual(classify.status, 0, classify.stderr)
        var recipe = try Recipe.load(path: packageRoot + "/taxonomy/recipes/vision-favorable.yaml")
        recipe.reasoningTarget = 0.5
        recipe.visualTarget = nil
        recipe.validationShare = 0.15
        var builder = MixtureBuilder(recipe: recipe, tokenizer: ByteLevelCodec(), tokenizerPath: "bytes", totalTokens: 150_000)
        builder.allowShortfall = true
        builder.threads = 2
        let manifest = try builder.build(inputs: [directory + "/classified/annotated.jsonl.zst"], outputDirectory: directory + "/shards")
        XCTAssertFalse(manifest.validation.isEmpty)
        let trainer = try Trainer(shardsPath: directory + "/shards", config: TrainerTests.config, options: TrainerTests.options(steps: 40),
                                  runDirectory: directory + "/run")
        let summary = try trainer.run()
        let initial = try XCTUnwrap(summary.initialValidationLoss), final = try XCTUnwrap(summary.finalValidationLoss)
        print(String(format: "samples mixture: validation loss %.4f at init (ln 257 = %.4f), %.4f after 40 steps", initial, log(257.0), final))
        XCTAssertEqual(initial, log(257), accuracy: 0.05)
        XCTAssertLessThan(final, initial - 1.5, "initial \(initial), final \(final)")
    }
}
