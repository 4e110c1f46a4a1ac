import Foundation
import XCTest
import PriorMix
@testable import PriorMixTrainer

/// The checkpoint read by an independent numpy implementation of HuggingFace's Llama forward pass
/// (rotate_half RoPE with rope_theta, RMSNorm with rms_norm_eps, repeat_kv for grouped queries,
/// SwiGLU, untied lm_head) gives the logits the Swift model computes. The safetensors file is read
/// by a reader written from the format's definition (Tests/Fixtures/python/numpy_llama.py), not by the
/// safetensors package.
final class LlamaParityTests: XCTestCase {
    func testCheckpointLogitsMatchAnIndependentNumpyLlama() throws {
        let directory = try makeTemporaryDirectory(self)
        let config = ModelConfig(vocabularySize: 61, hiddenSize: 48, layers: 2, heads: 6, keyValueHeads: 2, intermediateSize: 80,
                                 contextLength: 24, ropeTheta: 500_000, rmsNormEps: 1e-5, endOfTextID: 60)
        // Large enough weights that the logits are of order one, and norm gains away from 1.
        let model = try LlamaModel<Float>.initialized(config: config, seed: 7, standardDeviation: 0.15)
        var random = SplitMix64(seed: 3)
        for entry in model.layout.entries where !entry.decays {
            for i in entry.offset..<(entry.offset + entry.count) { model.parameters[i] = 0.5 + Float(random.next() % 1000) / 1000 }
        }
        try Checkpoint.writeModel(model, tokenizerFile: nil, directory: directory)
        let tokens: [Int32] = (0..<20).map { Int32(($0 * 37 + 11) % 61) }
        let logits = model.logits(tokens: tokens)
        XCTAssertGreaterThan(logits.map(abs).max() ?? 0, 0.5, "logits too small to compare meaningfully")
        var bytes: [UInt8] = []
        for value in logits { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/logits.f32"))
        try Data("\(tokens)".utf8).write(to: URL(fileURLWithPath: directory + "/tokens.json"))
        let (result, _) = try runPythonFile(packageRoot + "/Tests/Fixtures/python/numpy_llama.py",
                                            arguments: [directory, directory + "/tokens.json", directory + "/logits.f32"], requiring: "numpy")
        print(result.stdout, result.stderr)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("max abs logit difference"))
    }

    func testSafeTensorsRoundTripAndErrorsNameTheFile() throws {
        let directory = try makeTemporaryDirectory(self)
        let values: [Float] = [1, -2.5, 3e-8, .pi, 0, 7]
        try values.withUnsafeBufferPointer { buffer in
            try SafeTensors.write([SafeTensors.Tensor(name: "a.weight", shape: [2, 3], values: buffer)], to: directory + "/t.safetensors")
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/t.safetensors"))
        let headerLength = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        XCTAssertEqual((8 + headerLength) % 8, 0, "data block 8-byte aligned")
        let read = try SafeTensors.read(path: directory + "/t.safetensors")
        XCTAssertEqual(read["a.weight"]?.shape, [2, 3])
        XCTAssertEqual(read["a.weight"]?.values, values)
        try Data(bytes.prefix(30)).write(to: URL(fileURLWithPath: directory + "/cut.safetensors"))
        XCTAssertThrowsError(try SafeTensors.read(path: directory + "/cut.safetensors")) { error in
            XCTAssertTrue("\(error)".contains("cut.safetensors"), "\(error)")
        }
    }
}
