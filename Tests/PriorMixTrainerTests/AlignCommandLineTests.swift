import Foundation
import XCTest
import PriorMix
@testable import PriorMixTrainer

/// `sweep --align-features`, `embed` and `align` as users run them: outputs, exit codes, messages.
final class AlignCommandLineTests: XCTestCase {
    private var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("priormix").path
    }

    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "priormix binary not built at \(binary)")
    }

    func testSweepWithAlignmentThenEmbedAndAlignTwoCheckpoints() throws {
        let directory = try makeTemporaryDirectory(self)
        try writeAnnotatedCorpus(to: directory + "/annotated.jsonl", documents: 300)
        // 40 short texts and, as the "other modality", features that encode the same texts' letters.
        var random = SplitMix64(seed: 8)
        let words = ["red", "ball", "tall", "tree", "blue", "sky", "small", "cat", "proof", "lemma", "code", "loop"]
        let texts = (0..<40).map { _ in (0..<6).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: " ") }
        try texts.enumerated().map { "{\"id\": \"c\($0.offset)\", \"text\": \"\($0.element)\"}" }.joined(separator: "\n")
            .write(toFile: directory + "/captions.jsonl", atomically: true, encoding: .utf8)
        let target = texts.flatMap { text in words.map { word in Double(text.components(separatedBy: word).count - 1) + 0.1 * random.nextGaussian() } }
        try NumpyFloat32Writer.write(NumpyArray(shape: [40, words.count], values: target), to: directory + "/target.npy")

        let (sweep, _) = try runProcess(binary, ["sweep", directory + "/annotated.jsonl", "-o", directory + "/sweep", "--tokenizer", "bytes",
                                            "--shares", "10,90", "--tokens", "30000", "--validation-share", "5",
                                            "--recipe", packageRoot + "/taxonomy/recipes/vision-favorable.yaml"] + TrainerCommandLineTests.smallModel
                                   + ["--steps", "4", "--batch-size", "2", "--warmup-steps", "1", "--eval-windows", "2",
                                      "--align-features", directory + "/target.npy", "--align-texts", directory + "/captions.jsonl", "--align-k", "5"])
        XCTAssertEqual(sweep.status, 0, sweep.stderr)
        let points = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/sweep/sweep.json"))) as? [[String: Any]])
        let scores = points.compactMap { ($0["alignment"] as? [String: Any])?["score"] as? Double }
        XCTAssertEqual(scores.count, 2, "an alignment score per mixture")
        XCTAssertTrue(scores.allSatisfy { (0...1).contains($0) }, "\(scores)")
        XCTAssertTrue(try String(contentsOfFile: directory + "/sweep/sweep.md", encoding: .utf8).contains("alignment"))
        let svg = try String(contentsOfFile: directory + "/sweep/sweep.svg", encoding: .utf8)
        XCTAssertTrue(svg.contains("Validation loss per category") && svg.contains("Alignment with the target features"))

        var features: [String] = []
        for share in ["010", "090"] {
            let output = directory + "/text-\(share).npy"
            let (embed, _) = try runProcess(binary, ["embed", directory + "/sweep/reasoning-\(share)/run", directory + "/captions.jsonl", "-o", output, "--json"])
            XCTAssertEqual(embed.status, 0, embed.stderr)
            let summary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(embed.stdout.utf8)) as? [String: Any])
            XCTAssertEqual(summary["shape"] as? [Int], [40, 2, 32], "embeddings and the one layer's normed output")
            XCTAssertEqual((summary["ids"] as? [String])?.first, "c0")
            features.append(output)
        }
        let (align, _) = try runProcess(binary, ["align", features[0], features[1], "--metric", "cknna", "--k", "5", "--svg", directory + "/layers.svg"])
        XCTAssertEqual(align.status, 0, align.stderr)
        XCTAssertTrue(align.stdout.hasPrefix("cknna (k = 5) over 40 items: "), align.stdout)
        XCTAssertTrue(align.stdout.contains("A layer \\ B layer"), align.stdout)
        let heatMap = try String(contentsOfFile: directory + "/layers.svg", encoding: .utf8)
        XCTAssertTrue(heatMap.hasPrefix("<svg") && heatMap.contains("data-json=\"/scores/1/1\""), heatMap)
        let (json, _) = try runProcess(binary, ["align", features[0], directory + "/target.npy", "--json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let result = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((result["scores"] as? [[Double]])?.count, 2)
        XCTAssertEqual((result["scores"] as? [[Double]])?.first?.count, 1)

        try NumpyFloat32Writer.write(NumpyArray(shape: [39, 3], values: [Double](repeating: 1, count: 117)), to: directory + "/short.npy")
        let (mismatch, _) = try runProcess(binary, ["align", features[0], directory + "/short.npy"])
        XCTAssertEqual(mismatch.status, 2)
        XCTAssertTrue(mismatch.stderr.contains("has 40 items but") && mismatch.stderr.contains("short.npy has 39"), mismatch.stderr)
        let (bigK, _) = try runProcess(binary, ["align", features[0], features[1], "--k", "40"])
        XCTAssertEqual(bigK.status, 2)
        XCTAssertTrue(bigK.stderr.contains("--k 40 is out of range for 40 items"), bigK.stderr)
        let (unknown, _) = try runProcess(binary, ["align", features[0], features[1], "--metric", "cosine"])
        XCTAssertEqual(unknown.status, 2)
        let (missing, _) = try runProcess(binary, ["align", directory + "/absent.npy", features[1]])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("absent.npy"), missing.stderr)
    }
}
