import Foundation
import XCTest
@testable import PriorMix

/// `priormix classifier distill` against the stub chat server (Tests/Fixtures/tagging/
/// stub_chat_server.py --answer category): good answers train a model that predicts, garbage is
/// asked again then left unlabelled, 429 and 500 are retried, a server failing every request
/// fails the run without a model, a rerun is answered from the cache, and the sample is the same
/// whatever the thread count.
final class ClassifierDistillTests: XCTestCase {
    /// Words written for this test; the first of each list is the keyword the stub answers by.
    static let vocabularies: [(category: String, words: [String])] = [
        ("mathematics", ["theorem", "lemma", "proof", "integral", "prime", "matrix", "vector", "bound"]),
        ("food", ["flour", "butter", "oven", "simmer", "garlic", "recipe", "bake", "sauce"]),
        ("law", ["tenant", "shall", "clause", "party", "hereby", "statute", "court", "liable"]),
        ("code", ["compile", "function", "return", "pointer", "struct", "variable", "loop", "array"]),
    ]

    /// `perCategory` documents of each category as JSON lines; `marker(n)` may add a word the stub
    /// reacts to (GARBLED, STAMMER) to the n-th document.
    static func corpusLines(perCategory: Int, seed: UInt64 = 11, marker: (Int) -> String? = { _ in nil }) -> [String] {
        var random = SplitMix64(seed: seed)
        var lines: [String] = []
        for (category, words) in vocabularies {
            for index in 0..<perCategory {
                var text = [words[0]]
                for position in 0..<30 {
                    text.append(position % 3 == 0 ? ["the", "and", "of", "with"][Int(random.next() % 4)] : words[Int(random.next() % UInt64(words.count))])
                }
                if let word = marker(lines.count) { text.append(word) }
                lines.append(#"{"id":"\#(category)-\#(index)","text":"\#(text.joined(separator: " "))"}"#)
            }
        }
        return lines
    }

    func writeCorpus(perCategory: Int = 10, marker: (Int) -> String? = { _ in nil }) throws -> String {
        let path = try makeTemporaryDirectory(self) + "/docs.jsonl"
        try write(Self.corpusLines(perCategory: perCategory, marker: marker).joined(separator: "\n") + "\n", to: path)
        return path
    }

    func startCategoryServer(mode: String = "labels") throws -> StubServer {
        try startServer(mode: mode, extra: ["--answer", "category", "--max-requests", "1000"])
    }

    /// Runs distill with fast retries and small-corpus training options; the summary comes as JSON.
    func distill(_ inputs: [String], server: StubServer, sample: Int, output: String, extra: [String] = []) throws -> (ProcessResult, [String: Any]?) {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: priormixBinary), "priormix binary not built")
        let (result, _) = try runProcess(priormixBinary, ["classifier", "distill"] + inputs + [
            "--llm-endpoint", server.endpoint.absoluteString, "--llm-model", "stub-model", "--sample", "\(sample)", "-o", output,
            "--llm-backoff", "0.05", "--llm-max-backoff", "0.2", "--min-count", "1", "--json"] + extra)
        let summary = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return (result, summary)
    }

    func labelLines(_ path: String) throws -> [[String: Any]] { try readJSONLines(path) }

    func testGoodAnswersTrainAModelThatPredicts() throws {
        let server = try startCategoryServer()
        let corpus = try writeCorpus()
        let output = try makeTemporaryDirectory(self) + "/distilled.bin"
        let (result, summary) = try distill([corpus], server: server, sample: 32, output: output)
        XCTAssertEqual(result.status, 0, result.stderr)
        let counts = try XCTUnwrap(summary, result.stdout)
        XCTAssertEqual(counts["documentsRead"] as? Int, 40)
        XCTAssertEqual(counts["sampled"] as? Int, 32)
        XCTAssertEqual(counts["requested"] as? Int, 32)
        XCTAssertEqual(counts["answered"] as? Int, 32, "quoted, upper-case and back-quoted ids are all accepted")
        for name in ["cached", "garbage", "failed"] { XCTAssertEqual(counts[name] as? Int, 0, name) }
        let perCategory = try XCTUnwrap(counts["labels"] as? [String: Int])
        XCTAssertEqual(perCategory.count, 16)
        XCTAssertEqual(perCategory.values.reduce(0, +), 32)
        XCTAssertEqual(Set(perCategory.filter { $0.value > 0 }.keys), ["mathematics", "food", "law", "code"])

        // One request per sampled document: the 16 ids in the system prompt, the document as the user message.
        let requests = try server.requests()
        XCTAssertEqual(requests.count, 32)
        let messages = try XCTUnwrap((requests[0]["request"] as? [String: Any])?["messages"] as? [[String: Any]])
        let system = try XCTUnwrap(messages[0]["content"] as? String)
        for id in CategoryTaxonomy.categoryIDs { XCTAssertTrue(system.contains("\n\(id): "), id) }

        // The labels beside the model are the answers, one line per labelled document, trainable again.
        let labels = try labelLines(Distiller.labelsPath(forModel: output))
        XCTAssertEqual(labels.count, 32)
        for line in labels {
            let text = try XCTUnwrap(line["text"] as? String)
            let keyword = Self.vocabularies.first { text.hasPrefix($0.words[0] + " ") }
            XCTAssertEqual(line["category"] as? String, keyword?.category, text)
            XCTAssertEqual(line["labelled_by"] as? String, "llm:stub-model")
        }
        XCTAssertEqual(Set(requests.compactMap { (($0["request"] as? [String: Any])?["messages"] as? [[String: Any]])?[1]["content"] as? String }),
                       Set(labels.compactMap { $0["text"] as? String }))

        // The model loads and predicts the categories of texts it never saw.
        let model = FastTextClassifier(model: try FastTextModel.load(path: output), preprocess: true)
        XCTAssertEqual(model.classify("The lemma gives a bound; the proof of the theorem uses the integral of a prime vector.").category, "mathematics")
        XCTAssertEqual(model.classify("Simmer the garlic in butter, then bake the sauce in the oven.").category, "food")
        XCTAssertEqual(model.classify("The tenant shall be liable to the other party under this clause.").category, "law")
        XCTAssertEqual(model.classify("The function will return a pointer to the struct after the loop.").category, "code")
    }

    func testGarbageAnswersAreAskedAgainThenLeftUnlabelled() throws {
        let server = try startCategoryServer()
        // Documents 0, 10, 20, 30 answer garbage forever; 5, 15, 25, 35 only the first time.
        let corpus = try writeCorpus { $0 % 10 == 0 ? "GARBLED" : $0 % 10 == 5 ? "STAMMER" : nil }
        let output = try makeTemporaryDirectory(self) + "/distilled.bin"
        let (result, summary) = try distill([corpus], server: server, sample: 40, output: output)
        XCTAssertEqual(result.status, 0, result.stderr)
        let counts = try XCTUnwrap(summary, result.stdout)
        XCTAssertEqual(counts["garbage"] as? Int, 4)
        XCTAssertEqual(counts["answered"] as? Int, 36)
        XCTAssertEqual(counts["failed"] as? Int, 0)
        // 40 first questions, a second for each STAMMER document, three in all for each GARBLED one.
        XCTAssertEqual(counts["httpRequests"] as? Int, 40 + 4 + 4 * 2)
        XCTAssertEqual(try server.requests().count, 52)
        XCTAssertTrue(result.stderr.contains("4 documents got no category id after 3 questions"), result.stderr)
        XCTAssertTrue(result.stderr.contains("This document seems to be about several things."), result.stderr)
        let labels = try labelLines(Distiller.labelsPath(forModel: output))
        XCTAssertEqual(labels.count, 36)
        XCTAssertFalse(labels.contains { ($0["text"] as? String)?.contains("GARBLED") == true })
        XCTAssertEqual(labels.filter { ($0["text"] as? String)?.contains("STAMMER") == true }.count, 4)

        // Nothing but garbage: nothing to train on, exit 1, no files.
        let garbled = try writeCorpus(perCategory: 2) { _ in "GARBLED" }
        let nothing = try makeTemporaryDirectory(self) + "/nothing.bin"
        let (failed, _) = try distill([garbled], server: server, sample: 8, output: nothing, extra: ["--answer-attempts", "1"])
        XCTAssertEqual(failed.status, 1, failed.stderr)
        XCTAssertTrue(failed.stderr.contains("nothing to train on"), failed.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: nothing))
        XCTAssertFalse(FileManager.default.fileExists(atPath: Distiller.labelsPath(forModel: nothing)))
    }

    func testRateLimitAndServerErrorAreRetried() throws {
        for mode in ["limited", "flaky"] {
            let server = try startCategoryServer(mode: mode)
            let output = try makeTemporaryDirectory(self) + "/distilled.bin"
            let (result, summary) = try distill([try writeCorpus(perCategory: 2)], server: server, sample: 8, output: output)
            XCTAssertEqual(result.status, 0, "\(mode): \(result.stderr)")
            XCTAssertEqual(summary?["answered"] as? Int, 8, mode)
            XCTAssertEqual(summary?["failed"] as? Int, 0, mode)
            XCTAssertEqual(try server.requests().count, 9, "\(mode): one refused request, then eight answers")
            XCTAssertFalse(result.stderr.contains("failed"), result.stderr)
            XCTAssertTrue(FileManager.default.fileExists(atPath: output), mode)
        }
    }

    func testEveryRequestFailingExitsWithTheFirstErrorOnceAndNoModel() throws {
        let server = try startCategoryServer(mode: "broken")
        let output = try makeTemporaryDirectory(self) + "/distilled.bin"
        let (result, summary) = try distill([try writeCorpus(perCategory: 1)], server: server, sample: 3, output: output,
                                            extra: ["--llm-attempts", "2"])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(summary?["failed"] as? Int, 3)
        XCTAssertEqual(try server.requests().count, 6, "two attempts per document")
        XCTAssertTrue(result.stderr.contains("all 3 LLM requests failed"), result.stderr)
        XCTAssertEqual(result.stderr.components(separatedBy: "HTTP 500").count - 1, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("the model crashed"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output))
        XCTAssertFalse(FileManager.default.fileExists(atPath: Distiller.labelsPath(forModel: output)))
    }

    func testASecondRunIsAnsweredFromTheCache() throws {
        let server = try startCategoryServer()
        let corpus = try writeCorpus()
        let directory = try makeTemporaryDirectory(self)
        let (first, _) = try distill([corpus], server: server, sample: 20, output: directory + "/first.bin")
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(try server.requests().count, 20)
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/first.llm-cache.jsonl"), "the cache sits beside the model")

        let (second, summary) = try distill([corpus], server: server, sample: 20, output: directory + "/second.bin",
                                            extra: ["--llm-cache", directory + "/first.llm-cache.jsonl"])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(summary?["cached"] as? Int, 20)
        XCTAssertEqual(summary?["answered"] as? Int, 0)
        XCTAssertEqual(summary?["httpRequests"] as? Int, 0)
        XCTAssertEqual(try server.requests().count, 20, "the second run must not reach the server")
        XCTAssertEqual(FileManager.default.contents(atPath: directory + "/first.bin"), FileManager.default.contents(atPath: directory + "/second.bin"))

        // A larger sample asks only about the documents not answered before.
        let (third, more) = try distill([corpus], server: server, sample: 30, output: directory + "/third.bin",
                                        extra: ["--llm-cache", directory + "/first.llm-cache.jsonl"])
        XCTAssertEqual(third.status, 0, third.stderr)
        XCTAssertEqual(more?["cached"] as? Int, 20, "a larger sample of the same seed contains the smaller one")
        XCTAssertEqual(more?["answered"] as? Int, 10)
        XCTAssertEqual(try server.requests().count, 30)
    }

    func testTheSampleDependsOnTheSeedAndTheDocumentsOnly() throws {
        let documents = (0..<200).map { Document(id: "d\($0)", text: "document number \($0) of the sampling test", source: "t") }
        func sample(_ order: [Int], seed: UInt64, capacity: Int = 20) -> [String] {
            var sample = DocumentSample(capacity: capacity, seed: seed)
            for index in order { sample.offer(documents[index], position: index) }
            return sample.entries.map(\.document.id)
        }
        let inOrder = sample(Array(0..<200), seed: 7)
        XCTAssertEqual(inOrder.count, 20)
        XCTAssertEqual(sample(Array((0..<200).reversed()), seed: 7), inOrder, "arrival order does not matter")
        var random = SplitMix64(seed: 1)
        XCTAssertEqual(sample(Array(0..<200).shuffled(using: &random), seed: 7), inOrder)
        XCTAssertNotEqual(sample(Array(0..<200), seed: 8), inOrder, "another seed, another draw")
        XCTAssertEqual(Set(sample(Array(0..<200), seed: 7, capacity: 500)).count, 200, "a sample larger than the corpus takes it all")
        XCTAssertEqual(Array(sample(Array(0..<200), seed: 7, capacity: 40).prefix(20)), inOrder, "a larger sample extends a smaller one")
        // Every document is about equally likely to be taken: over 400 seeds each one's rate stays near 10%.
        var taken = [Int](repeating: 0, count: 200)
        for seed in 0..<400 { for id in sample(Array(0..<200), seed: UInt64(seed)) { taken[Int(id.dropFirst())!] += 1 } }
        XCTAssertGreaterThan(taken.min()!, 15)
        XCTAssertLessThan(taken.max()!, 70)

        // End to end: one and two threads, several files of two formats, the same labelled sample.
        let server = try startCategoryServer()
        let directory = try makeTemporaryDirectory(self)
        let lines = Self.corpusLines(perCategory: 15)
        try write(lines[0..<30].joined(separator: "\n") + "\n", to: directory + "/part1.jsonl")
        try FileManager.default.createDirectory(atPath: directory + "/texts", withIntermediateDirectories: true)
        for (index, line) in lines[30...].enumerated() {
            let text = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["text"] as! String
            try write(text + "\n", to: directory + "/texts/doc\(index).txt")
        }
        var samples: [[String]] = []
        for threads in ["1", "2"] {
            let output = directory + "/threads\(threads).bin"
            let (result, summary) = try distill([directory + "/part1.jsonl", directory + "/texts"], server: server, sample: 25, output: output,
                                                extra: ["--threads", threads, "--seed", "3"])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(summary?["documentsRead"] as? Int, 60)
            samples.append(try labelLines(Distiller.labelsPath(forModel: output)).map { "\($0["text"]!)" })
        }
        XCTAssertEqual(samples[0].count, 25)
        XCTAssertEqual(samples[0], samples[1])
        XCTAssertEqual(FileManager.default.contents(atPath: directory + "/threads1.bin"), FileManager.default.contents(atPath: directory + "/threads2.bin"))
    }

    func testCategoryAnswersAreReadStrictly() {
        for (answer, id) in [("law", "law"), (" Law\n", "law"), ("\"LAW\"", "law"), ("'law'", "law"), ("`computer_science`", "computer_science"),
                             ("\u{201C}qa_forum\u{201D}", "qa_forum"), ("  \" web_crawl \"  ", "web_crawl")] {
            XCTAssertEqual(CategoryPrompt.category(from: answer), id, answer)
        }
        for garbage in ["law.", "Law: a lease", "law, code", "\"law", "laws", "", "\"\"", "The category is law", "```\nlaw\n```",
                        "computer science", "{\"category\": \"law\"}", "law law"] {
            XCTAssertNil(CategoryPrompt.category(from: garbage), garbage)
        }
    }

    func testThePromptListsTheTaxonomyAndItsVersionFollowsTheWording() throws {
        var taxonomy = try CategoryTaxonomy.load(directory: packageRoot + "/taxonomy")
        let prompt = CategoryPrompt(taxonomy: taxonomy, maxCharacters: 12)
        for category in taxonomy.categories { XCTAssertTrue(prompt.system.contains("\(category.id): \(category.description)"), category.id) }
        XCTAssertEqual(prompt.userMessage("Ünïcode text that is long"), "Ünïcode text")
        XCTAssertEqual(CategoryPrompt(taxonomy: taxonomy).version, prompt.version)
        taxonomy.categories[0].description += " Also theses."
        XCTAssertNotEqual(CategoryPrompt(taxonomy: taxonomy).version, prompt.version, "a new wording is asked again")
    }
}
