import Foundation
import XCTest
@testable import PriorMix
import PriorMixTrainer
// Every test file sees the shared helpers (temporary directories, processes, Python peers).
@_exported import PriorMixTestSupport

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
