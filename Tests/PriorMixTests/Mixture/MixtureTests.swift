import XCTest
@testable import PriorMix

/// A byte-level stand-in tokenizer: ids are UTF-8 bytes, end-of-text is 256. Lets the mixture be
/// tested exactly (every token traceable to its text) without depending on a trained vocabulary.
final class ByteTokens: TokenEncoding, @unchecked Sendable {
    let vocabularySize: Int
    let endOfTextID: UInt32?
    let fileSHA256 = "bytes"
    init(vocabularySize: Int = 257) {
        self.vocabularySize = vocabularySize
        endOfTextID = UInt32(vocabularySize - 1)
    }
    func encodeOrdinary(_ text: String) -> [UInt32] { text.utf8.map(UInt32.init) }
}

final class MixtureTests: XCTestCase {
    static let categories = ["web_crawl", "encyclopedia", "academia", "literature", "mathematics", "code", "biology"]

    /// An annotated corpus with every category (biology is outside mix6), random lengths, and
    /// tag shares that vary by category the way the paper's Table 4 does.
    static func writeCorpus(to path: String, documents: Int, seed: UInt64 = 3) throws {
        var random = SplitMix64(seed: seed)
        var lines: [UInt8] = []
        for index in 0..<documents {
            let category = categories[Int(random.next() % UInt64(categories.count))]
            let words = 20 + Int(random.next() % 400)
            let text = (0..<words).map { _ in SyntheticCorpus.words[Int(random.next() % UInt64(SyntheticCorpus.words.count))] }.joined(separator: " ")
            let reasoning: Double = ["code", "mathematics", "academia"].contains(category) ? (random.next() % 10 < 8 ? 1 : 0) : (random.next() % 10 < 1 ? 1 : 0)
            let visual: Double = ["literature", "web_crawl"].contains(category) ? (random.next() % 10 < 4 ? 1 : 0) : (random.next() % 20 < 1 ? 1 : 0)
            lines += AnnotatedDocument(id: "doc-\(index)", text: text, category: category, reasoningShare: reasoning, visualShare: visual)
                .jsonLine(source: "test")
        }
        try write(try zstd(lines), to: path)
    }

    private func builder(_ recipe: String, tokens: Int, threads: Int = 2, format: ShardFormat = .megatron, shardTokens: Int = 400_000,
                         tokenizer: TokenEncoding = ByteTokens()) throws -> MixtureBuilder {
        var builder = MixtureBuilder(recipe: try Recipe.load(path: packageRoot + "/taxonomy/recipes/" + recipe), tokenizer: tokenizer,
                                     tokenizerPath: "bytes", totalTokens: tokens)
        builder.threads = threads
        builder.format = format
        builder.shardTokens = shardTokens
        return builder
    }

    private func corpus() throws -> String {
        let directory = try makeTemporaryDirectory(self)
        let path = directory + "/annotated.jsonl.zst"
        try Self.writeCorpus(to: path, documents: 3000)
        return path
    }

    func testMix6CompositionIsWithinHalfAPointOfTheRecipe() throws {
        let input = try corpus()
        let output = try makeTemporaryDirectory(self)
        let manifest = try builder("mix6.yaml", tokens: 3_000_000).build(inputs: [input], outputDirectory: output)
        for bucket in manifest.achieved.buckets {
            XCTAssertEqual(bucket.achievedShare, bucket.targetShare, accuracy: 0.005, bucket.name)
        }
        XCTAssertEqual(Double(manifest.achieved.tokens), 3_000_000, accuracy: 3_000_000 * 0.01)
        XCTAssertNil(manifest.achieved.tokensByCategory["biology"], "biology is not in mix6")
        // Literature (2%) is upsampled less than the epoch cap; code (35%) needs repeats.
        XCTAssertGreaterThan(manifest.plan.buckets.first { $0.name == "code" }!.planned, manifest.plan.buckets.first { $0.name == "code" }!.available)
        XCTAssertEqual(manifest.train.reduce(0) { $0 + $1.tokens }, manifest.achieved.tokens)
        XCTAssertFalse(manifest.validation.isEmpty)
        // Every shard carries the recipe's proportions, not only the whole set.
        for shard in manifest.train.dropLast() {
            let code = Double(shard.tokensByCategory["code"] ?? 0) / Double(shard.tokens)
            XCTAssertEqual(code, 0.35, accuracy: 0.03)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: output).filter { $0.hasPrefix(".") }, [], "no work or temporary files left")
    }

    func testShardsReadBackWithNumpyMatchTheManifestAndTheText() throws {
        let input = try corpus()
        for format in ShardFormat.allCases {
            let output = try makeTemporaryDirectory(self)
            let manifest = try builder("mix6.yaml", tokens: 600_000, format: format, shardTokens: 150_000).build(inputs: [input], outputDirectory: output)
            let (result, stdout) = try runPythonFile(packageRoot + "/Tests/Fixtures/python/read_shards.py", arguments: [output, format.rawValue], requiring: "numpy")
            XCTAssertEqual(result.status, 0, "\(format): \(result.stderr)")
            let firstDocuments = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(stdout)) as? [String])
            XCTAssertEqual(firstDocuments.count, manifest.train.count + manifest.validation.values.reduce(0) { $0 + $1.count })
            // The first document of every shard is real text from the corpus.
            let corpusText = try readJSONLines(input).map { $0["text"] as! String }
            for text in firstDocuments { XCTAssertTrue(corpusText.contains(text), "\(format): \(text.prefix(40))") }
        }
    }

    func testWideVocabulariesUseInt32InMegatronAndUInt32InLlmc() throws {
        let input = try corpus()
        let megatron = try makeTemporaryDirectory(self)
        _ = try builder("mix6.yaml", tokens: 200_000, tokenizer: ByteTokens(vocabularySize: 70_000)).build(inputs: [input], outputDirectory: megatron)
        let index = try Data(contentsOf: URL(fileURLWithPath: megatron + "/train_00000.idx"))
        XCTAssertEqual(index[17], 4, "int32 dtype code")
        let llmc = try makeTemporaryDirectory(self)
        _ = try builder("mix6.yaml", tokens: 200_000, format: .llmc, tokenizer: ByteTokens(vocabularySize: 70_000)).build(inputs: [input], outputDirectory: llmc)
        let header = try Data(contentsOf: URL(fileURLWithPath: llmc + "/train_00000.bin")).prefix(8)
        XCTAssertEqual(Array(header), [0xA1, 0xD9, 0x34, 0x01, 7, 0, 0, 0], "magic 20240801, version 7")
        XCTAssertThrowsError(try builder("mix6.yaml", tokens: 200_000, format: .nanogpt, tokenizer: ByteTokens(vocabularySize: 70_000))
            .build(inputs: [input], outputDirectory: try makeTemporaryDirectory(self)))
    }

    func testSameInputsGiveByteIdenticalShardsForAnyThreadCountAndAfterResume() throws {
        let input = try corpus()
        var digests: [[String]] = []
        for threads in [1, 2, 4] {
            let output = try makeTemporaryDirectory(self)
            let manifest = try builder("mix6.yaml", tokens: 1_000_000, threads: threads, shardTokens: 200_000).build(inputs: [input], outputDirectory: output)
            digests.append(manifest.train.flatMap { $0.sha256.values.sorted() })
        }
        XCTAssertEqual(digests[0], digests[1])
        XCTAssertEqual(digests[0], digests[2])

        // An interrupted run: the tokenize pass finished, two shards were complete, a third was being written.
        let output = try makeTemporaryDirectory(self)
        var full = try builder("mix6.yaml", tokens: 1_000_000, shardTokens: 200_000)
        let reference = try full.build(inputs: [input], outputDirectory: output)
        let names = try FileManager.default.contentsOfDirectory(atPath: output)
        for name in names where name == "manifest.json" || (name.hasPrefix("train_") && name >= "train_00002") {
            try FileManager.default.removeItem(atPath: output + "/" + name)
        }
        try write("partial", to: output + "/.train_00002.bin.tmp-99999")
        full.resume = true
        let resumed = try full.build(inputs: [input], outputDirectory: output)
        XCTAssertEqual(resumed.train.map(\.sha256), reference.train.map(\.sha256))
        XCTAssertEqual(resumed.achieved.tokens, reference.achieved.tokens)
    }

    /// The tokenize pass works in units shared by every world size: units two ranks tokenized
    /// serve a one-rank plan and write, and a missing unit is named.
    func testUnitsTokenizedByTwoRanksServeOneRankAndMissingUnitsAreNamed() throws {
        let directory = try makeTemporaryDirectory(self)
        var inputs: [String] = []
        for (index, documents) in [900, 400, 1200].enumerated() {
            inputs.append(directory + "/part-\(index).jsonl.zst")
            try Self.writeCorpus(to: inputs[index], documents: documents, seed: UInt64(index + 10))
        }
        let reference = try builder("mix6.yaml", tokens: 600_000, shardTokens: 200_000).build(inputs: inputs, outputDirectory: directory + "/one")

        let output = directory + "/units"
        var rank = try builder("mix6.yaml", tokens: 600_000, shardTokens: 200_000)
        rank.resume = true
        rank.ranks = RankSelection(rank: 0, worldSize: 2)
        _ = try rank.tokenize(inputs: inputs, outputDirectory: output)
        var single = try builder("mix6.yaml", tokens: 600_000, shardTokens: 200_000)
        single.resume = true
        XCTAssertThrowsError(try single.writePlan(inputs: inputs, outputDirectory: output)) { error in
            XCTAssertTrue("\(error)".contains("input units are not finished"), "\(error)")
        }
        rank.ranks = RankSelection(rank: 1, worldSize: 2)
        _ = try rank.tokenize(inputs: inputs, outputDirectory: output)
        try single.writePlan(inputs: inputs, outputDirectory: output)
        try single.writeShards(inputs: inputs, outputDirectory: output)
        let manifest = try single.writeManifest(inputs: inputs, outputDirectory: output)
        XCTAssertEqual(manifest.train.map(\.sha256), reference.train.map(\.sha256))
        XCTAssertEqual(manifest.validation.mapValues { $0.map(\.sha256) }, reference.validation.mapValues { $0.map(\.sha256) })
    }

    func testShortfallIsAClearErrorUnlessAllowed() throws {
        let input = try corpus()
        let output = try makeTemporaryDirectory(self)
        var builder = try builder("mix6.yaml", tokens: 50_000_000)
        XCTAssertThrowsError(try builder.build(inputs: [input], outputDirectory: output)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("cannot fill the recipe"), text)
            XCTAssertTrue(text.contains("--allow-shortfall"), text)
        }
        builder.allowShortfall = true
        builder.resume = true
        let manifest = try builder.build(inputs: [input], outputDirectory: output)
        XCTAssertLessThan(manifest.achieved.tokens, 50_000_000)
        XCTAssertFalse(manifest.plan.shortfalls.isEmpty)
    }

    func testTagTargetsAreReached() throws {
        let input = try corpus()
        let output = try makeTemporaryDirectory(self)
        let manifest = try builder("vision-favorable.yaml", tokens: 2_000_000).build(inputs: [input], outputDirectory: output)
        XCTAssertEqual(manifest.achieved.reasoningShare, 0.60, accuracy: 0.01)
        XCTAssertEqual(manifest.achieved.visualShare, 0.15, accuracy: 0.01)
    }

    func testRecipeErrorsNameTheFileAndTheProblem() throws {
        let directory = try makeTemporaryDirectory(self)
        let cases = [
            ("buckets: {code: 50, web_crawl: 40}", "add up to 90"),
            ("buckets: {code: 50, poetry: 50}", "unknown category 'poetry'"),
            ("tags: {reasoning: 160}", "between 0 and 100"),
            ("name: x", "needs buckets, tag targets, or both"),
            ("buckets: {code: 100}\nshuffle: yes", "unknown recipe key 'shuffle'"),
        ]
        for (index, (yaml, message)) in cases.enumerated() {
            let path = directory + "/r\(index).yaml"
            try write(yaml, to: path)
            XCTAssertThrowsError(try Recipe.load(path: path)) { error in
                XCTAssertTrue("\(error)".contains(path) && "\(error)".contains(message), "\(error)")
            }
        }
        for name in ["mix0.yaml", "mix6.yaml", "vision-favorable.yaml", "custom-example.yaml"] {
            XCTAssertNoThrow(try Recipe.load(path: packageRoot + "/taxonomy/recipes/" + name))
        }
    }

    /// Issue 16 item 7: a category taken from the data is checked against the taxonomy before it
    /// names anything; a path in it never becomes a file outside the output.
    func testUnknownCategoryInTheDataIsAnErrorAndWritesNothingOutside() throws {
        let directory = try makeTemporaryDirectory(self)
        let input = directory + "/annotated.jsonl"
        var lines: [UInt8] = []
        for index in 0..<200 {
            let category = index == 150 ? "../../../../escaped" : "code"
            lines += AnnotatedDocument(id: "d\(index)", text: "int main() { return \(index); }", category: category,
                                       reasoningShare: 1, visualShare: 0).jsonLine(source: "test")
        }
        try write(lines, to: input)
        var builder = try builder("mix6.yaml", tokens: 1000)
        builder.allowShortfall = true
        XCTAssertThrowsError(try builder.build(inputs: [input], outputDirectory: directory + "/a/b/out")) { error in
            XCTAssertTrue("\(error)".contains(input + ":151: unknown category \"../../../../escaped\""), "\(error)")
        }
        let everything = FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? []
        XCTAssertEqual(everything.filter { $0.contains("escaped") }, [])
    }
}

extension MixtureTests {
    /// A classify output folder holds summary.json and quarantine.jsonl beside its corpus: mix
    /// reads the annotated documents only.
    func testClassifyOutputFolderGivesItsAnnotatedFilesOnly() throws {
        let directory = try makeTemporaryDirectory(self)
        try FileManager.default.createDirectory(atPath: directory + "/classified", withIntermediateDirectories: true)
        try Self.writeCorpus(to: directory + "/classified/annotated.jsonl.zst", documents: 20)
        try write(#"{"command":"classify","complete":true}"# + "\n", to: directory + "/classified/summary.json")
        try write(#"{"file":"x","reason":"malformed-json"}"# + "\n", to: directory + "/classified/quarantine.jsonl")
        XCTAssertEqual(try MixtureBuilder.inputFiles([directory + "/classified"]), [directory + "/classified/annotated.jsonl.zst"])
    }
}
