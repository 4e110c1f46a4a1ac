import Foundation
import XCTest
@testable import PriorMix

/// Annotated corpora and shard sets for the report tests.
enum ReportFixtures {
    static let categories = ["academia", "code", "encyclopedia", "literature", "mathematics", "web_crawl", "food"]

    /// Annotated JSONL lines in the three layouts the report reads: most as `priormix classify`
    /// writes them (segments through `DocumentTags.appendMembers`, with label combinations that
    /// vary by category), some untagged (`--no-tags`), some with only densities (the mixture
    /// tests' layout, without bytes or tokens).
    static func annotatedLines(documents: Int, seed: UInt64) -> [String] {
        var random = SplitMix64(seed: seed)
        func unit(_ steps: UInt64) -> Double { Double(random.next() % (steps + 1)) / Double(steps) }
        return (0..<documents).map { index in
            let category = categories[Int(random.next() % UInt64(categories.count))]
            let words = 10 + Int(random.next() % 300)
            let text = (0..<words).map { _ in SyntheticCorpus.words[Int(random.next() % UInt64(SyntheticCorpus.words.count))] }.joined(separator: " ")
            let confidence = unit(10_000)
            let layout = random.next() % 10
            var json = JSONWriter()
            json.beginObject()
            json.member("id", string: "doc-\(seed)-\(index)")
            json.member("text", string: text)
            json.key("priormix")
            json.beginObject()
            json.member("category", string: category)
            json.member("confidence", number: confidence, decimals: 4)
            if layout == 0 {
                // The mixture tests' layout: densities only.
                json.key("reasoning"); json.beginObject(); json.member("share", number: unit(4)); json.endObject()
                json.key("visual"); json.beginObject(); json.member("share", number: unit(4)); json.endObject()
            } else {
                json.member("method", string: "lexicon")
                json.member("bytes", integer: text.utf8.count)
                if layout != 1 {  // layout 1 is --no-tags
                    let reasoningRate: UInt64 = ["code", "mathematics", "academia"].contains(category) ? 8 : 1
                    let visualRate: UInt64 = ["literature", "web_crawl", "encyclopedia"].contains(category) ? 5 : 1
                    let segments = (0..<(1 + Int(random.next() % 4))).map { position -> SegmentTags in
                        var labels = LabelSet()
                        for label in ContentLabel.allCases where random.next() % 10 < (label.isReasoning ? reasoningRate : visualRate) / (label.index % 3 == 0 ? 1 : 2) {
                            labels.insert(label)
                        }
                        let scores = ContentLabel.allCases.map { labels.contains($0) ? 0.5 + unit(500) / 2 : unit(499) / 2 }
                        return SegmentTags(start: position * 4096, end: position * 4096 + 4096, tokens: 50 + Int(random.next() % 1000), labels: labels, scores: scores)
                    }
                    DocumentTags(segments: segments, tagger: random.next() % 5 == 0 ? "llm:test-model:priormix-labels-1" : "lexicon:priormix-labels-1")
                        .appendMembers(to: &json)
                }
            }
            json.endObject()
            json.endObject()
            return String(decoding: json.bytes, as: UTF8.self)
        }
    }

    /// Writes `lines` as plain JSONL, or zstd or gzip compressed by the file's suffix.
    static func write(_ lines: [String], to path: String) throws {
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        if path.hasSuffix(".zst") {
            try PriorMixTests.write(try zstd(bytes), to: path)
        } else if path.hasSuffix(".gz") {
            try PriorMixTests.write(try gzip(bytes), to: path)
        } else {
            try PriorMixTests.write(bytes, to: path)
        }
    }

    /// A shard set built by the real mixture builder (byte tokenizer, vision-favorable recipe, so
    /// the manifest has tag targets) in `directory`; returns its manifest.
    @discardableResult
    static func writeShardSet(in directory: String, recipe: String = "vision-favorable.yaml") throws -> MixtureManifest {
        let corpus = directory + "/mix-input.jsonl.zst"
        try MixtureTests.writeCorpus(to: corpus, documents: 1500)
        var builder = MixtureBuilder(recipe: try Recipe.load(path: packageRoot + "/taxonomy/recipes/" + recipe), tokenizer: ByteTokens(),
                                     tokenizerPath: "bytes", totalTokens: 400_000)
        builder.threads = 2
        builder.shardTokens = 150_000
        let output = directory + "/shards"
        let manifest = try builder.build(inputs: [corpus], outputDirectory: output)
        try FileManager.default.removeItem(atPath: corpus)
        return manifest
    }
}
