import XCTest
@testable import PriorMix

/// Deduplication driven through the library: each mode on documents written for the test, the
/// survivor rule, the accounting, and the cases that break naive shingling.
final class DedupTests: XCTestCase {
    private let lighthouse = """
        The lighthouse keeper climbed the spiral stairs every evening to light the great lamp that guided \
        ships past the rocky headland, where the fishermen of the harbour town mended their nets and argued \
        about the weather, the price of herring and the new harbour master who had arrived from the city.
        """

    private func writeCorpus(_ documents: [(String, String)], to path: String) throws {
        var text = ""
        for (id, body) in documents {
            let object = try JSONSerialization.data(withJSONObject: ["id": id, "text": body], options: [.sortedKeys])
            text += String(decoding: object, as: UTF8.self) + "\n"
        }
        try write(text, to: path)
    }

    private func dedup(_ inputs: [String], _ output: String, mode: DedupOptions.Mode, threads: Int = 2,
                       configure: (inout DedupOptions) -> Void = { _ in }) throws -> (RunSummary, kept: [[String: Any]], removed: [[String: Any]]) {
        var configuration = StageRunner.Configuration()
        configuration.command = "dedup"
        configuration.threads = threads
        configuration.showProgress = false
        var options = DedupOptions(mode: mode)
        configure(&options)
        let summary = try Deduplicator(configuration: configuration, options: options).run(inputs: inputs, output: output)
        let removedPath = output + "/removed/removed.jsonl.zst"
        let removed = FileManager.default.fileExists(atPath: removedPath) ? try readJSONLines(removedPath) : []
        XCTAssertBalanced(summary.totals)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output + "/.dedup"), "the work folder goes when the run is finished")
        return (summary, try readJSONLines(summary.outputs["documents"]!), removed)
    }

    private func ids(_ documents: [[String: Any]]) -> [String] { documents.map { $0["id"] as! String } }

    func testExactModeNormalizesUnicodeAndWhitespaceAndKeepsTheFirst() throws {
        let directory = try makeTemporaryDirectory(self)
        try writeCorpus([("a", "Caf\u{E9} au lait,\n  served hot."), ("b", "Cafe\u{301} au lait, served hot."),
                         ("c", "CAF\u{C9} AU LAIT, SERVED HOT."), ("d", "Café au lait, served cold."), ("e", "Caf\u{E9} au lait, served hot.")],
                        to: directory + "/in.jsonl")
        let (summary, kept, removed) = try dedup([directory + "/in.jsonl"], directory + "/out", mode: .exact)
        XCTAssertEqual(ids(kept), ["a", "c", "d"])
        XCTAssertEqual(ids(removed), ["b", "e"])
        XCTAssertEqual(summary.totals.filteredByReason["duplicate"], 2)
        let detail = (removed[0]["removed_by"] as! [String: Any])["detail"] as! String
        XCTAssertTrue(detail.contains("duplicate of a") && detail.contains("cluster 0:0"), detail)
        XCTAssertEqual((kept[0]["dedup"] as? [String: Any])?["size"] as? Int, 3)

        let (_, folded, _) = try dedup([directory + "/in.jsonl"], directory + "/folded", mode: .exact) { $0.caseFold = true }
        XCTAssertEqual(ids(folded), ["a", "d"], "case folding joins the upper-case copy")
    }

    func testMinHashRemovesNearDuplicatesAndKeepsTheEarliest() throws {
        let directory = try makeTemporaryDirectory(self)
        let edited = lighthouse.replacingOccurrences(of: "every evening", with: "each evening")
        let unrelated = "Boil the pasta in plenty of salted water, then toss it with tomatoes, garlic, olive oil and torn basil leaves before serving it warm."
        try writeCorpus([("first", lighthouse), ("other", unrelated), ("edited", edited), ("copy", lighthouse + " ")], to: directory + "/a.jsonl")
        try writeCorpus([("later", edited.replacingOccurrences(of: "the city", with: "the capital"))], to: directory + "/b.jsonl")
        let (summary, kept, removed) = try dedup([directory + "/a.jsonl", directory + "/b.jsonl"], directory + "/out", mode: .minhash)
        XCTAssertEqual(ids(kept), ["first", "other"])
        XCTAssertEqual(Set(ids(removed)), ["edited", "copy", "later"])
        for document in removed {
            let detail = (document["removed_by"] as! [String: Any])["detail"] as! String
            XCTAssertTrue(detail.hasPrefix("duplicate of first (cluster 0:0, 4 documents)"), detail)
        }
        XCTAssertEqual(summary.dedup?.clusters, 1)
        XCTAssertEqual(summary.dedup?.totals.duplicates, 3)
        XCTAssertEqual(summary.dedup?.bySource[directory + "/b.jsonl"]?.duplicates, 1)
        XCTAssertEqual((kept[0]["dedup"] as? [String: Any])?["cluster"] as? String, "0:0")

        // Verified by estimated Jaccard at a threshold no pair reaches, nothing is removed.
        let (_, strict, none) = try dedup([directory + "/a.jsonl"], directory + "/strict", mode: .minhash) {
            $0.verification = .signature; $0.threshold = 1.0
        }
        XCTAssertEqual(ids(strict), ["first", "other", "edited"], "only the exact copy has identical signatures")
        XCTAssertEqual(ids(none), ["copy"])

        // Verified by true Jaccard: the one-phrase edit (similarity 0.82) passes 0.8, not 0.9.
        let (_, loose, _) = try dedup([directory + "/a.jsonl"], directory + "/jaccard-80", mode: .minhash) {
            $0.verification = .jaccard; $0.threshold = 0.8
        }
        XCTAssertEqual(ids(loose), ["first", "other"])
        let (_, tight, _) = try dedup([directory + "/a.jsonl"], directory + "/jaccard-90", mode: .minhash) {
            $0.verification = .jaccard; $0.threshold = 0.9
        }
        XCTAssertEqual(ids(tight), ["first", "other", "edited"])
        let shingler = ShingleHasher(words: 5)
        let truth = Double(Set(shingler.shingles(lighthouse)).intersection(shingler.shingles(edited)).count)
            / Double(Set(shingler.shingles(lighthouse)).union(shingler.shingles(edited)).count)
        XCTAssertEqual(truth, 0.82, accuracy: 0.02)
    }

    func testParagraphModeDropsRepeatedLinesAcrossTheCorpus() throws {
        let directory = try makeTemporaryDirectory(self)
        try writeCorpus([("a", "Welcome to the harbour blog\nThe tide came in early today.\n\nShare this post"),
                         ("b", "Welcome to the harbour blog\nNets were mended on the quay.\n\nshare this post"),
                         ("c", "The tide came in early today.\nWelcome to the harbour blog")],
                        to: directory + "/in.jsonl")
        let (summary, kept, removed) = try dedup([directory + "/in.jsonl"], directory + "/out", mode: .paragraph)
        XCTAssertEqual(kept.map { $0["text"] as! String },
                       ["Welcome to the harbour blog\nThe tide came in early today.\n\nShare this post",
                        "Nets were mended on the quay.\n\nshare this post"])
        XCTAssertEqual(ids(removed), ["c"], "a document whose every line repeats is removed")
        XCTAssertEqual(summary.dedup?.totals.paragraphsRemoved, 3)
        XCTAssertEqual((kept[1]["dedup"] as? [String: Any])?["paragraphs_removed"] as? Int, 1)
    }

    func testEmptyTinyAndShorterThanOneShingle() throws {
        let directory = try makeTemporaryDirectory(self)
        try writeCorpus([("empty", ""), ("dots", "..."), ("dots2", "!!! ..."), ("tiny", "Hi"), ("tiny2", "hi!"),
                         ("three", "red green blue"), ("three2", "Red, green; blue."), ("other3", "red green yellow")],
                        to: directory + "/in.jsonl")
        let (summary, kept, removed) = try dedup([directory + "/in.jsonl"], directory + "/out", mode: .minhash)
        XCTAssertEqual(summary.totals.filteredByReason["empty"], 1)
        XCTAssertEqual(ids(kept), ["dots", "dots2", "tiny", "three", "other3"], "documents without words are never duplicates")
        XCTAssertEqual(ids(removed), ["tiny2", "three2"], "documents shorter than one shingle are one shingle")
    }

    func testNonLatinScriptsAreShingledByCharacter() throws {
        let chinese = "灯塔看守人每天晚上都会爬上螺旋楼梯，点亮那盏巨大的灯，为经过岩石岬角的船只指引方向。港口小镇的渔民在岸边修补渔网，谈论天气和鲱鱼的价格。"
        XCTAssertEqual(ShingleHasher.wordHashes("灯塔看守").count, 4, "each Han character is a word")
        XCTAssertEqual(ShingleHasher.wordHashes("Tokyo 東京 tower").count, 4)
        let directory = try makeTemporaryDirectory(self)
        try writeCorpus([("zh", chinese), ("zh-edit", chinese.replacingOccurrences(of: "鲱鱼", with: "鳕鱼")),
                         ("ja", "港の町の漁師たちは毎朝早く起きて、網を直しながら天気と魚の値段について話し合っていました。"),
                         ("ru", "Смотритель маяка каждый вечер поднимался по винтовой лестнице, чтобы зажечь большую лампу."),
                         ("ru-copy", "смотритель маяка каждый вечер поднимался по винтовой лестнице чтобы зажечь большую лампу")],
                        to: directory + "/in.jsonl")
        let (_, kept, removed) = try dedup([directory + "/in.jsonl"], directory + "/out", mode: .minhash)
        XCTAssertEqual(ids(kept), ["zh", "ja", "ru"])
        XCTAssertEqual(ids(removed), ["zh-edit", "ru-copy"])
    }

    func testShinglesFollowTheSimplifiedText() {
        let hasher = ShingleHasher(words: 3)
        XCTAssertEqual(hasher.shingles("It costs 3.50 dollars, said Zoë."), hasher.shingles("it costs 7 dollars said zoe"))
        XCTAssertNotEqual(hasher.shingles("it costs dollars said zoe"), hasher.shingles("it costs 7 dollars said zoe"))
        XCTAssertEqual(hasher.shingles("a b c d").count, 2)
        XCTAssertEqual(hasher.shingles("a b").count, 1)
        XCTAssertEqual(hasher.shingles(" ,;  ").count, 0)
    }

    /// The signature's share of equal values estimates the Jaccard similarity without bias: the
    /// mean error over many random set pairs stays near zero and within the binomial spread.
    func testSignaturesEstimateJaccardSimilarity() {
        let hasher = MinHasher(bands: 16, rowsPerBand: 8, seed: 7)
        var generator = SplitMix64(seed: 11)
        var errors: [Double] = []
        for _ in 0..<200 {
            let shared = (0..<Int(generator.next() % 300)).map { _ in generator.next() }
            let onlyA = (0..<Int(generator.next() % 100)).map { _ in generator.next() }
            let onlyB = (0..<Int(generator.next() % 100)).map { _ in generator.next() }
            let union = shared.count + onlyA.count + onlyB.count
            guard union > 0, !shared.isEmpty else { continue }
            let truth = Double(shared.count) / Double(union)
            let estimate = MinHasher.estimatedSimilarity(hasher.signature(shared + onlyA), hasher.signature(onlyB + shared))
            errors.append(estimate - truth)
        }
        let mean = errors.reduce(0, +) / Double(errors.count)
        let rms = (errors.map { $0 * $0 }.reduce(0, +) / Double(errors.count)).squareRoot()
        XCTAssertLessThan(abs(mean), 0.01)
        XCTAssertLessThan(rms, 0.05, "128 values give a standard error of at most 0.044")
    }

    func testBucketRunsMergeInOrderThroughIntermediatePasses() throws {
        let directory = try makeTemporaryDirectory(self)
        var generator = SplitMix64(seed: 3)
        var all: [BucketEntry] = []
        var writer = BucketRunWriter(maxEntries: 7) { directory + "/run-\($0).bkt" }
        for ordinal in 0..<2000 {
            let entry = BucketEntry(band: UInt32(generator.next() % 3), key: generator.next() % 50,
                                    position: DocumentPosition(unit: Int(generator.next() % 4), ordinal: ordinal))
            all.append(entry)
            try writer.add(entry)
        }
        try writer.flush()
        XCTAssertGreaterThan(writer.runs, BucketMerger.fanIn, "enough runs for an intermediate pass")
        let merger = try BucketMerger(runs: (0..<writer.runs).map { directory + "/run-\($0).bkt" }, scratchDirectory: directory)
        var merged: [BucketEntry] = []
        while let entry = try merger.next() { merged.append(entry) }
        XCTAssertEqual(merged, all.sorted())
    }

    func testParquetOutputAndOverwrite() throws {
        let directory = try makeTemporaryDirectory(self)
        try writeCorpus([("a", lighthouse), ("b", lighthouse)], to: directory + "/in.jsonl")
        var configuration = StageRunner.Configuration()
        configuration.showProgress = false
        configuration.parquetOutput = true
        let deduplicator = Deduplicator(configuration: configuration, options: DedupOptions(mode: .exact))
        let summary = try deduplicator.run(inputs: [directory + "/in.jsonl"], output: directory + "/out")
        XCTAssertTrue(summary.outputs["documents"]!.hasSuffix("documents.parquet"))
        XCTAssertEqual(summary.totals.written, 1)
        XCTAssertThrowsError(try deduplicator.run(inputs: [directory + "/in.jsonl"], output: directory + "/out"), "a finished run is refused")
        var again = deduplicator
        again.configuration.overwrite = true
        XCTAssertEqual(try again.run(inputs: [directory + "/in.jsonl"], output: directory + "/out").totals.written, 1)
    }

    func testReportShowsDuplicateRatesPerCategoryAndSource() throws {
        let directory = try makeTemporaryDirectory(self)
        func line(_ id: String, _ text: String, _ category: String, _ source: String) -> String {
            #"{"id":"\#(id)","text":"\#(text)","source":"\#(source)","priormix":{"category":"\#(category)","confidence":0.9}}"#
        }
        let lines = [line("1", "Mix flour and butter.", "food", "blog"), line("2", "Mix flour and butter.", "food", "mirror"),
                     line("3", "Mix flour and butter.", "food", "mirror"), line("4", "Let x be prime.", "mathematics", "notes"),
                     line("5", "A theorem about primes.", "mathematics", "notes")]
        try write(lines.joined(separator: "\n") + "\n", to: directory + "/annotated.jsonl")
        var configuration = StageRunner.Configuration()
        configuration.showProgress = false
        configuration.documentsName = "annotated"
        _ = try Deduplicator(configuration: configuration, options: DedupOptions(mode: .exact)).run(inputs: [directory + "/annotated.jsonl"], output: directory + "/out")
        let report = try CorpusReportReader().read(paths: [directory + "/out"], ranks: RankSelection())
        XCTAssertEqual(report.documents, 3, "removed duplicates are not corpus documents")
        let summary = ReportSummary(report)
        XCTAssertEqual(summary.duplicates?.byCategory.map(\.name), ["food", "mathematics", "total"])
        XCTAssertEqual(summary.duplicates?.byCategory[0].duplicates, 2)
        XCTAssertEqual(summary.duplicates?.byCategory[0].documents, 3)
        XCTAssertEqual(summary.duplicates?.bySource.first?.name, "mirror")
        XCTAssertEqual(summary.duplicates?.bySource.first?.rate, 1.0)
        XCTAssertTrue(summary.terminalText.contains("duplicates removed, per source"))
        XCTAssertTrue(summary.markdown.contains("## Duplicates"))
        let numbers = try ReportHTMLTests.assertPage(summary.html, matches: try report.jsonData())
        XCTAssertEqual(numbers.filter { $0.pointer.hasPrefix("/summary/duplicates/byCategory/") }.count, 3 * 3, "three rows of three numbers")
    }
}
