import Foundation
import XCTest
@testable import PriorMix
@testable import PriorMixTrainer

final class ShardReaderTests: XCTestCase {
    /// The same mixture in the three formats reads back as the same token stream: Megatron and
    /// nanoGPT put end-of-text after each document, llm.c before it.
    func testAllFormatsReadBackTheSameTokens() throws {
        let directory = try makeTemporaryDirectory(self)
        try writeAnnotatedCorpus(to: directory + "/annotated.jsonl", documents: 120)
        var streams: [ShardFormat: [Int32]] = [:]
        for format in ShardFormat.allCases {
            let sub = directory + "/" + format.rawValue
            try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: directory + "/annotated.jsonl", toPath: sub + "/annotated.jsonl")
            let manifest = try makeShardSet(in: sub, format: format, tokens: 30_000)
            let set = try ShardSet(path: sub + "/shards")
            XCTAssertEqual(set.train.map(\.count), manifest.train.map(\.tokens))
            XCTAssertEqual(set.validation.map(\.category), manifest.validation.keys.sorted())
            XCTAssertEqual(set.endOfTextID, 256)
            streams[format] = set.train.flatMap { $0.tokens() }
        }
        let megatron = try XCTUnwrap(streams[.megatron]), llmc = try XCTUnwrap(streams[.llmc])
        XCTAssertEqual(streams[.nanogpt], megatron)
        XCTAssertEqual(llmc.first, 256)
        XCTAssertEqual(Array(llmc.dropFirst()) + [256], megatron)
    }

    func testDamagedShardsAreRefusedNamingTheFile() throws {
        let directory = try makeTemporaryDirectory(self)
        _ = try makeShardSet(in: directory, format: .megatron, tokens: 20_000, documents: 80)
        let index = directory + "/shards/train_00000.idx"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: index))
        bytes[17] = 3  // int16 is no token dtype
        try bytes.write(to: URL(fileURLWithPath: index))
        XCTAssertThrowsError(try ShardSet(path: directory + "/shards")) { error in
            XCTAssertTrue("\(error)".contains("train_00000.idx") && "\(error)".contains("dtype code 3"), "\(error)")
        }

        let llmc = directory + "/bad.bin"
        var header = [UInt8](repeating: 0, count: 1024 + 8)
        header[0] = 1
        try Data(header).write(to: URL(fileURLWithPath: llmc))
        XCTAssertThrowsError(try TokenShard(path: llmc, format: .llmc)) { error in
            XCTAssertTrue("\(error)".contains("bad.bin") && "\(error)".contains("magic"), "\(error)")
        }
    }

    func testWindowsDependOnlyOnSeedStepAndSequence() throws {
        let directory = try makeTemporaryDirectory(self)
        _ = try makeShardSet(in: directory, tokens: 20_000, documents: 80)
        let set = try ShardSet(path: directory + "/shards")
        let sampler = try WindowSampler(shards: set.train, length: 16, seed: 42)
        func window(_ step: Int, _ sequence: Int, _ sampler: WindowSampler) -> ([Int32], [Int32]) {
            var inputs = [Int32](repeating: -1, count: 16), targets = inputs
            sampler.window(step: step, sequence: sequence, inputs: &inputs, targets: &targets)
            return (inputs, targets)
        }
        let (inputs, targets) = window(3, 1, sampler)
        XCTAssertEqual(Array(inputs.dropFirst()), Array(targets.dropLast()), "targets are the inputs shifted by one")
        XCTAssertEqual(window(3, 1, try WindowSampler(shards: set.train, length: 16, seed: 42)).0, inputs)
        XCTAssertNotEqual(window(4, 1, sampler).0, inputs)
        XCTAssertNotEqual(window(3, 1, try WindowSampler(shards: set.train, length: 16, seed: 43)).0, inputs)
        XCTAssertThrowsError(try WindowSampler(shards: set.train, length: 1_000_000, seed: 42))
    }
}
