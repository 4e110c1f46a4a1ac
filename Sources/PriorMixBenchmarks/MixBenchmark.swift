import Foundation
import PriorMix

/// `priormix bench mix`: end-to-end throughput from annotated JSONL.zst to shards (tokenize,
/// plan, interleave, write, hash) and the peak memory of the run, on a generated corpus.
public struct MixBenchmark {
    public var sizeMB: Int
    public var workDirectory: String
    public var threads: Int
    public var tokenizerPath: String
    public var recipePath: String

    public init(sizeMB: Int, workDirectory: String, threads: Int, tokenizerPath: String, recipePath: String) {
        self.sizeMB = sizeMB
        self.workDirectory = workDirectory
        self.threads = threads
        self.tokenizerPath = tokenizerPath
        self.recipePath = recipePath
    }

    public struct Result: Codable, PrettyJSONEncodable {
        public var corpus: String
        public var corpusMegabytes: Double
        public var documents: Int
        public var threads: Int
        public var seconds: Double
        public var megabytesPerSecond: Double
        public var megabytesPerSecondPerCore: Double
        public var tokens: Int
        public var shards: Int
        public var peakResidentMegabytes: Double
        public var worstBucketDeviationPoints: Double

        public var table: String {
            AlignedTable(rows: [
                ["corpus", String(format: "%@ (%.0f MB annotated JSONL, %@ documents)", corpus, corpusMegabytes, ProgressLine.grouped(documents))],
                ["priormix mix", String(format: "%.1f MB/s with %d thread%@ (%.1f MB/s per core), %.1f s", megabytesPerSecond, threads, threads == 1 ? "" : "s", megabytesPerSecondPerCore, seconds)],
                ["shards", "\(ProgressLine.grouped(tokens)) tokens in \(shards) train shards"],
                ["composition", String(format: "worst bucket %.3f pp from its target", worstBucketDeviationPoints)],
                ["peak RSS", String(format: "%.1f MB", peakResidentMegabytes)],
            ]).text
        }
    }

    static let categories = ["web_crawl", "encyclopedia", "academia", "literature", "mathematics", "code", "biology", "law"]

    /// Annotated documents with categories and tag shares, written once and kept for later runs.
    func generateCorpus(_ path: String) throws -> Int {
        let file = try AtomicOutputFile(path: path, compressed: true)
        var random = SplitMix64(seed: 11)
        var produced = 0, documents = 0
        var chunk: [UInt8] = []
        while produced < sizeMB * 1_000_000 {
            let category = Self.categories[Int(random.next() % UInt64(Self.categories.count))]
            let words = 50 + Int(random.next() % 900)
            var text = ""
            text.reserveCapacity(words * 7)
            for index in 0..<words {
                if index > 0 { text += index % 60 == 59 ? "\n\n" : " " }
                text += SyntheticCorpus.words[Int(random.next() % UInt64(SyntheticCorpus.words.count))]
            }
            let line = AnnotatedDocument(id: "bench-\(documents)", text: text, category: category,
                                         reasoningShare: Double(random.next() % 5) / 4, visualShare: Double(random.next() % 5) / 4)
                .jsonLine(source: "bench")
            chunk += line
            produced += line.count
            documents += 1
            if chunk.count >= 1 << 20 { try file.write(chunk); chunk.removeAll(keepingCapacity: true) }
        }
        try file.write(chunk)
        try file.commit()
        return documents
    }

    public func run(log: (String) -> Void) throws -> Result {
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        let corpus = workDirectory + "/annotated-\(sizeMB)MB.jsonl.zst"
        if !FileManager.default.fileExists(atPath: corpus) {
            log("generating \(corpus) …")
            _ = try generateCorpus(corpus)
        }
        let corpusBytes = try IngestBenchmark.decompressedSize(corpus)
        let tokenizer = try Tokenizer.load(path: tokenizerPath)
        var builder = MixtureBuilder(recipe: try Recipe.load(path: recipePath), tokenizer: tokenizer, tokenizerPath: tokenizerPath, totalTokens: 1)
        builder.threads = threads
        builder.shardTokens = 50_000_000
        let output = workDirectory + "/mix-out-\(sizeMB)MB"
        try? FileManager.default.removeItem(atPath: output)
        ResourceUsage.resetPeak()
        log("mixing with \(threads) thread(s) …")
        let start = Date()
        // Tokenize once, then size the mixture to what the corpus can supply without upsampling.
        let statistics = try builder.tokenize(inputs: [corpus], outputDirectory: output)
        let capacity = builder.recipe.effectiveBuckets.indices.map { Double(statistics.bucketTokens($0)) / builder.recipe.effectiveBuckets[$0].share }.min() ?? 0
        builder.totalTokens = Int(capacity * 0.95)
        builder.resume = true
        let manifest = try builder.build(inputs: [corpus], outputDirectory: output)
        let seconds = Date().timeIntervalSince(start)
        let peak = ResourceUsage.peakResidentBytes()
        let megabytes = Double(corpusBytes) / 1e6
        return Result(corpus: corpus, corpusMegabytes: megabytes, documents: statistics.cells.joined().reduce(0) { $0 + $1.documents },
                      threads: threads, seconds: seconds, megabytesPerSecond: megabytes / seconds,
                      megabytesPerSecondPerCore: megabytes / seconds / Double(threads), tokens: manifest.achieved.tokens,
                      shards: manifest.train.count, peakResidentMegabytes: Double(peak) / 1e6,
                      worstBucketDeviationPoints: manifest.achieved.buckets.map { abs($0.achievedShare - $0.targetShare) * 100 }.max() ?? 0)
    }
}
