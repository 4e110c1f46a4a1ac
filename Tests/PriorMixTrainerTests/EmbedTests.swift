import Foundation
import XCTest
import PriorMix
@testable import PriorMixTrainer

/// `embed` against an independent numpy Llama that collects HuggingFace's `hidden_states`
/// (embeddings, each layer's output, the last one after the final norm) and averages them over each
/// text's tokens; plus determinism across thread counts and the command line with `align`.
final class EmbedTests: XCTestCase {

    static let texts = [
        "The lighthouse stood on the grey rock.",
        "Proof: assume the contrary; then n + 1 divides n, which is absurd.",
        "def area(r): return 3.14159 * r * r",
        String(repeating: "a long text past the context window ", count: 4),
        "ok",
    ]

    func makeCheckpoint(in directory: String) throws -> LlamaModel<Float> {
        let config = ModelConfig(vocabularySize: 257, hiddenSize: 24, layers: 2, heads: 4, keyValueHeads: 2, intermediateSize: 40,
                                 contextLength: 48, ropeTheta: 10_000, rmsNormEps: 1e-5, endOfTextID: 256)
        let model = try LlamaModel<Float>.initialized(config: config, seed: 11, standardDeviation: 0.2)
        var random = SplitMix64(seed: 5)
        for entry in model.layout.entries where !entry.decays {
            for i in entry.offset..<(entry.offset + entry.count) { model.parameters[i] = 0.5 + Float(random.next() % 1000) / 1000 }
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Checkpoint.writeModel(model, tokenizerFile: nil, directory: directory)
        return model
    }

    func writeTexts(_ path: String) throws {
        let lines = try Self.texts.enumerated().map { index, text in
            String(decoding: try JSONSerialization.data(withJSONObject: ["id": "t\(index)", "text": text]), as: UTF8.self)
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    func testHiddenStateMeansMatchNumpyAndAreDeterministic() throws {
        let directory = try makeTemporaryDirectory(self)
        let model = try makeCheckpoint(in: directory + "/checkpoint")
        try writeTexts(directory + "/texts.jsonl")
        var embedder = TextEmbedder(model: model, codec: ByteLevelCodec())
        embedder.threads = 1
        let summary = try embedder.run(input: directory + "/texts.jsonl", output: directory + "/one.npy")
        XCTAssertEqual(summary.shape, [5, 3, 24])
        XCTAssertEqual(summary.ids, ["t0", "t1", "t2", "t3", "t4"])
        XCTAssertEqual(summary.truncated, 2, "two texts are longer than the 48-token context")
        embedder.threads = 3
        embedder.batchSize = 2
        _ = try embedder.run(input: directory + "/texts.jsonl", output: directory + "/three.npy")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: directory + "/one.npy")),
                       try Data(contentsOf: URL(fileURLWithPath: directory + "/three.npy")), "same bytes for any thread count and batch")
        let sidecar = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/one.json"))) as? [String: Any]
        XCTAssertEqual(sidecar?["ids"] as? [String], summary.ids)

        let (result, _) = try runPythonFile(packageRoot + "/Tests/Fixtures/python/numpy_hidden_states.py", arguments: [directory + "/checkpoint", directory + "/texts.jsonl", directory + "/one.npy"],
                                   requiring: "numpy")
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("max abs difference"), result.stdout)

        var chosen = TextEmbedder(model: model, codec: ByteLevelCodec(), states: try TextEmbedder.parseStates("0,-1", count: model.hiddenStateCount))
        chosen.threads = 2
        _ = try chosen.run(input: directory + "/texts.jsonl", output: directory + "/chosen.npy")
        let all = try NumpyArray.read(path: directory + "/one.npy"), two = try NumpyArray.read(path: directory + "/chosen.npy")
        XCTAssertEqual(two.shape, [5, 2, 24])
        for item in 0..<5 {
            XCTAssertEqual(Array(two.values[(item * 2) * 24..<(item * 2 + 1) * 24]), Array(all.values[(item * 3) * 24..<(item * 3 + 1) * 24]))
            XCTAssertEqual(Array(two.values[(item * 2 + 1) * 24..<(item * 2 + 2) * 24]), Array(all.values[(item * 3 + 2) * 24..<(item * 3 + 3) * 24]))
        }
        XCTAssertThrowsError(try TextEmbedder.parseStates("3", count: 3)) { XCTAssertTrue("\($0)".contains("not a hidden state"), "\($0)") }
    }

    func testBadTextsNameTheLine() throws {
        let directory = try makeTemporaryDirectory(self)
        let model = try makeCheckpoint(in: directory + "/checkpoint")
        let embedder = TextEmbedder(model: model, codec: ByteLevelCodec())
        for (name, content, fragment) in [("missing.jsonl", "{\"text\": \"fine\"}\n{\"body\": \"no text\"}\n", "missing.jsonl:2"),
                                          ("empty-text.jsonl", "{\"text\": \"fine\"}\n{\"text\": \"\"}\n", "is empty"),
                                          ("broken.jsonl", "{\"text\": \"fine\"}\n{\"text\": \n", "malformed JSON"),
                                          ("nothing.jsonl", "", "no texts")] {
            try content.write(toFile: directory + "/" + name, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try embedder.run(input: directory + "/" + name, output: directory + "/out.npy"), name) { error in
                XCTAssertTrue("\(error)".contains(fragment) && "\(error)".contains(name), "\(error)")
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/out.npy"), "no partial output")
        }
    }
}
