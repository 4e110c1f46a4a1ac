import Foundation
import XCTest
@testable import PriorMix

/// The LLM tagger against a stub OpenAI-compatible server on 127.0.0.1 (Tests/Fixtures/tagging/
/// stub_chat_server.py): answers parsed into labels, malformed answers rejected, retries after
/// 500, 429 and timeouts, and cached segments answered without a request.
final class TaggingLLMTests: XCTestCase {
    func makeTagger(_ server: StubServer, cachePath: String? = nil, timeout: Double = 10, maxAttempts: Int = 3) throws -> LLMTagger {
        let client = ChatCompletionsClient(endpoint: server.endpoint, model: "stub-model", maxAttempts: maxAttempts,
                                           initialBackoff: 0.05, maxBackoff: 0.2, timeout: timeout)
        return try LLMTagger(taxonomy: LabelTaxonomy.load(directory: packageRoot + "/taxonomy/labels"), client: client, cachePath: cachePath)
    }

    static let codeText = "def area(radius):\n    return 3.14159 * radius * radius\n"
    static let sceneText = "A red boat lay beside the harbour wall."

    func testLabelsComeFromTheModelsAnswerInTheSharedSchema() throws {
        let server = try startServer(mode: "labels")
        let tagger = try makeTagger(server)
        let code = try tagger.tag(Self.codeText)
        XCTAssertEqual(code.segments.count, 1)
        XCTAssertEqual(code.segments[0].labels.labels, [.codeReasoning])
        XCTAssertEqual(code.segments[0].score(.codeReasoning), 1)
        XCTAssertEqual(code.segments[0].score(.visualConcept), 0)
        XCTAssertEqual(code.reasoning, LabelDensity(share: 1, mean: 1))
        XCTAssertEqual(code.tagger, "llm:stub-model:" + tagger.taxonomy.rubricVersion)

        let scene = try tagger.tag(Self.sceneText)
        XCTAssertEqual(scene.segments[0].labels.labels, [.visualConcept, .visualAttribute, .visualRelationship])
        XCTAssertEqual(scene.visual.share, 1)

        // The request carried the model, the rubric as system prompt and the segment as user message.
        let requests = try server.requests()
        XCTAssertEqual(requests.count, 2)
        let body = try XCTUnwrap(requests[0]["request"] as? [String: Any])
        XCTAssertEqual(body["model"] as? String, "stub-model")
        let messages = try XCTUnwrap(body["messages"] as? [[String: Any]])
        XCTAssertEqual(messages[1]["content"] as? String, Self.codeText)
        let system = try XCTUnwrap(messages[0]["content"] as? String)
        for label in ContentLabel.allCases { XCTAssertTrue(system.contains(label.rawValue), label.rawValue) }

        // The same schema as the lexicon tagger: decodable by DocumentTags.
        let decoded = try JSONDecoder().decode(DocumentTags.self, from: Data(scene.jsonBytes))
        XCTAssertEqual(decoded, scene)
    }

    func testAMalformedAnswerIsAnErrorQuotingTheAnswer() throws {
        let server = try startServer(mode: "malformed")
        let tagger = try makeTagger(server)
        XCTAssertThrowsError(try tagger.tag(Self.codeText)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("Sure! This passage"), message)
            XCTAssertTrue(message.contains("{\"labels\""), message)
        }
    }

    func testServerErrorIsRetriedThenSucceeds() throws {
        let server = try startServer(mode: "flaky")
        let tagger = try makeTagger(server)
        let tags = try tagger.tag(Self.codeText)
        XCTAssertEqual(tags.segments[0].labels.labels, [.codeReasoning])
        XCTAssertEqual(try server.requests().count, 2, "one 500, one success")
    }

    func testRateLimitIsRetried() throws {
        let server = try startServer(mode: "limited")
        let tags = try makeTagger(server).tag(Self.codeText)
        XCTAssertEqual(tags.segments[0].labels.labels, [.codeReasoning])
        XCTAssertEqual(try server.requests().count, 2)
    }

    func testTimeoutIsRetried() throws {
        let server = try startServer(mode: "slow", extra: ["--delay", "3"])
        let tags = try makeTagger(server, timeout: 1).tag(Self.codeText)
        XCTAssertEqual(tags.segments[0].labels.labels, [.codeReasoning])
        XCTAssertEqual(try server.requests().count, 2)
    }

    func testRetriesAreBoundedAndTheErrorNamesTheEndpoint() throws {
        // Nothing listens on this port: a server that never appears fails after maxAttempts.
        let client = ChatCompletionsClient(endpoint: URL(string: "http://127.0.0.1:9/v1")!, model: "m",
                                           maxAttempts: 2, initialBackoff: 0.01, maxBackoff: 0.02, timeout: 2)
        XCTAssertThrowsError(try client.complete(system: "s", user: "u")) { error in
            XCTAssertTrue("\(error)".contains("127.0.0.1:9/v1/chat/completions"), "\(error)")
            XCTAssertTrue("\(error)".contains("2 attempts"), "\(error)")
        }
    }

    func testCachedSegmentsMakeNoRequestOnASecondRun() throws {
        let server = try startServer(mode: "labels")
        let cachePath = try makeTemporaryDirectory(self) + "/llm-cache.jsonl"
        let document = Self.sceneText + "\n\n" + Self.codeText
        let first = try makeTagger(server, cachePath: cachePath).tag(document)
        XCTAssertEqual(try server.requests().count, 1)

        let again = try makeTagger(server, cachePath: cachePath)
        let second = try again.tag(document)
        XCTAssertEqual(second, first)
        XCTAssertEqual(again.requests, 0)
        XCTAssertEqual(again.cacheHits, 1)
        XCTAssertEqual(try server.requests().count, 1, "the second run must not reach the server")

        // A different model is a different key.
        let otherModel = try LLMTagger(taxonomy: again.taxonomy,
                                       client: ChatCompletionsClient(endpoint: server.endpoint, model: "other", initialBackoff: 0.05),
                                       cachePath: cachePath)
        _ = try otherModel.tag(document)
        XCTAssertEqual(try server.requests().count, 2)
    }

    func testCacheSkipsATornLastLineAndAppendsOnANewLine() throws {
        let path = try makeTemporaryDirectory(self) + "/cache.jsonl"
        let key = LLMTagCache.key(model: "m", rubricVersion: "r", text: "t")
        try write("{\"key\":\"\(key)\",\"labels\":[\"math_reasoning\"]}\n{\"key\":\"abc\",\"lab", to: path)
        let cache = try LLMTagCache(path: path)
        XCTAssertEqual(cache.labels(for: key), LabelSet([.mathReasoning]))
        XCTAssertEqual(cache.count, 1)
        try cache.store(LabelSet([.visualConcept]), for: "k2", model: "m", rubricVersion: "r")
        let reloaded = try LLMTagCache(path: path)
        XCTAssertEqual(reloaded.labels(for: "k2"), LabelSet([.visualConcept]))
        XCTAssertEqual(reloaded.count, 2)
    }

    func testCacheRejectsACorruptMiddleLine() throws {
        let path = try makeTemporaryDirectory(self) + "/cache.jsonl"
        try write("not json\n{\"key\":\"a\",\"labels\":[]}\n", to: path)
        XCTAssertThrowsError(try LLMTagCache(path: path)) { error in
            XCTAssertEqual((error as? PriorMixError)?.line, 1)
            XCTAssertEqual((error as? PriorMixError)?.file, path)
        }
    }

    func testAnswerParserIsStrict() throws {
        XCTAssertEqual(try LLMAnswerParser.labels(from: "{\"labels\": [\"code_reasoning\", \"math_reasoning\"]}"),
                       LabelSet([.codeReasoning, .mathReasoning]))
        XCTAssertEqual(try LLMAnswerParser.labels(from: "  {\"labels\": []}\n"), LabelSet())
        XCTAssertEqual(try LLMAnswerParser.labels(from: "```json\n{\"labels\": [\"visual_concept\"]}\n```"), LabelSet([.visualConcept]))
        for bad in ["visual_concept", "{\"labels\": [\"colour\"]}", "{\"labels\": \"visual_concept\"}",
                    "{\"labels\": [], \"reason\": \"none\"}", "Here you go: {\"labels\": []}", "[\"visual_concept\"]",
                    "{\"labels\": [1]}", "```python\n{\"labels\": []}\n```", "{\"labels\": []} {\"labels\": []}", ""] {
            XCTAssertThrowsError(try LLMAnswerParser.labels(from: bad), bad)
        }
    }

    /// Issue 16 item 12: the API key never follows a redirect to another host.
    func testAPIKeyIsNotForwardedAcrossHostsOnRedirect() throws {
        let target = try startServer(mode: "labels")
        let port = try XCTUnwrap(target.endpoint.port)
        let redirecting = try startServer(mode: "redirect", extra: ["--redirect-to", "http://localhost:\(port)/v1/chat/completions"])
        let client = ChatCompletionsClient(endpoint: redirecting.endpoint, model: "stub-model", apiKey: "sk-secret",
                                           maxAttempts: 1, timeout: 10)
        let tagger = try LLMTagger(taxonomy: LabelTaxonomy.load(directory: packageRoot + "/taxonomy/labels"), client: client)
        _ = try? tagger.tag(Self.codeText)
        XCTAssertEqual(try redirecting.requests().first?["authorization"] as? String, "Bearer sk-secret")
        let forwarded = try target.requests()
        XCTAssertEqual(forwarded.count, 1, "the redirect was followed")
        XCTAssertTrue(forwarded.allSatisfy { $0["authorization"] is NSNull || $0["authorization"] == nil }, "\(forwarded)")
    }

    /// Issue 16 item 12: a key over plain http to a host other than this machine is warned about.
    func testPlainHTTPKeyToARemoteHostIsWarnedAbout() {
        func warning(_ url: String, key: String? = "sk") -> String? {
            ChatCompletionsClient(endpoint: URL(string: url)!, model: "m", apiKey: key).apiKeyWarning
        }
        XCTAssertNotNil(warning("http://llm.example.org/v1"))
        XCTAssertTrue(warning("http://10.0.0.5:8000/v1")?.contains("10.0.0.5") == true)
        XCTAssertNil(warning("https://llm.example.org/v1"))
        XCTAssertNil(warning("http://127.0.0.1:8000/v1"))
        XCTAssertNil(warning("http://localhost:8000/v1"))
        XCTAssertNil(warning("http://[::1]:8000/v1"))
        XCTAssertNil(warning("http://llm.example.org/v1", key: nil))
    }

    /// Issue 16 item 13: a server refusing every request fails the run, showing the status and the
    /// first error body once.
    func testEveryRequestFailingFailsTheRunWithTheFirstErrorShownOnce() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: priormixBinary), "priormix binary not built")
        let server = try startServer(mode: "reject")
        let directory = try makeTemporaryDirectory(self)
        try write((0..<3).map { #"{"id":"\#($0)","text":"A red boat beside the harbour wall, number \#($0)."}"# }.joined(separator: "\n") + "\n",
                  to: directory + "/docs.jsonl")
        let (result, _) = try runProcess(priormixBinary, ["classify", directory + "/docs.jsonl", "-o", directory + "/out",
                                                          "--llm-endpoint", server.endpoint.absoluteString, "--llm-model", "stub-model"])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.stderr.components(separatedBy: "HTTP 400").count - 1, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("does not exist"), result.stderr)
        XCTAssertTrue(result.stderr.contains("all 3 LLM requests failed"), result.stderr)
    }

    func testSHA256MatchesPublishedVectors() {
        XCTAssertEqual(SHA256.hex(of: Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(of: [UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
