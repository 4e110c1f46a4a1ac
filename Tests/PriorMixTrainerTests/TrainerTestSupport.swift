import Foundation
import XCTest
@testable import PriorMix
import PriorMixTrainer

/// The package root, found from this file's path so tests run from any working directory.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

func makeTemporaryDirectory(_ testCase: XCTestCase) throws -> String {
    let path = NSTemporaryDirectory() + "priormix-trainer-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    testCase.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
}

/// An annotated corpus of seven categories whose texts are sentences over a small word list, so a
/// tiny byte-level model has something learnable; reasoning and visual shares vary by category.
func writeAnnotatedCorpus(to path: String, documents: Int, seed: UInt64 = 5) throws {
    let categories = ["web_crawl", "encyclopedia", "academia", "literature", "mathematics", "code", "biology"]
    var random = SplitMix64(seed: seed)
    var lines: [UInt8] = []
    for index in 0..<documents {
        let category = categories[Int(random.next() % UInt64(categories.count))]
        let words = 30 + Int(random.next() % 200)
        let text = (0..<words).map { _ in SyntheticCorpus.words[Int(random.next() % UInt64(SyntheticCorpus.words.count))] }.joined(separator: " ")
        let reasoning: Double = ["code", "mathematics", "academia"].contains(category) ? 1 : (random.next() % 10 < 1 ? 1 : 0)
        let visual: Double = ["literature", "web_crawl"].contains(category) ? (random.next() % 10 < 5 ? 1 : 0) : 0
        lines += AnnotatedDocument(id: "doc-\(index)", text: text, category: category, reasoningShare: reasoning, visualShare: visual)
            .jsonLine(source: "test")
    }
    try Data(lines).write(to: URL(fileURLWithPath: path))
}

/// A byte-level shard set of about `tokens` training tokens, 4% of documents held out per category.
func makeShardSet(in directory: String, format: ShardFormat = .megatron, tokens: Int = 120_000, documents: Int = 400,
                  reasoning: Double? = nil, tokenizerPath: String = "bytes") throws -> MixtureManifest {
    let corpus = directory + "/annotated.jsonl"
    if !FileManager.default.fileExists(atPath: corpus) { try writeAnnotatedCorpus(to: corpus, documents: documents) }
    var recipe = try Recipe.load(path: packageRoot + "/taxonomy/recipes/vision-favorable.yaml")
    recipe.reasoningTarget = reasoning
    recipe.visualTarget = nil
    recipe.validationShare = 0.04
    var builder = MixtureBuilder(recipe: recipe, tokenizer: ByteLevelCodec(), tokenizerPath: tokenizerPath, totalTokens: tokens)
    builder.format = format
    builder.threads = 2
    builder.shardTokens = tokens / 2
    builder.allowShortfall = true
    return try builder.build(inputs: [corpus], outputDirectory: directory + "/shards")
}

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

func runProcess(_ executable: String, _ arguments: [String]) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let stdout = Pipe(), stderr = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    let group = DispatchGroup()
    final class Box: @unchecked Sendable { var data = Data() }
    let out = Box()
    group.enter()
    DispatchQueue.global().async { out.data = stdout.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    let err = stderr.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, stdout: String(decoding: out.data, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
}

/// Runs a Python script needing `module`; skipped when it is missing, unless PRIORMIX_REQUIRE_PEERS
/// is set (as `make test` does): then the check must not silently vanish.
func runPython(_ script: String, arguments: [String] = [], requiring module: String,
               file: StaticString = #filePath, line: UInt = #line) throws -> ProcessResult {
    let python = ProcessInfo.processInfo.environment["PYTHON"] ?? "python3"
    let probe = try runProcess("/usr/bin/env", [python, "-c", "import \(module)"])
    if probe.status != 0 {
        if ProcessInfo.processInfo.environment["PRIORMIX_REQUIRE_PEERS"] != nil {
            XCTFail("Python module \(module) is required (run scripts/ensure-python.sh): \(probe.stderr)", file: file, line: line)
        }
        throw XCTSkip("Python module \(module) not installed")
    }
    return try runProcess("/usr/bin/env", [python, "-c", script] + arguments)
}
