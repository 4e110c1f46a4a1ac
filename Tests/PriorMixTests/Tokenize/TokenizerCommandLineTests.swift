import XCTest
@testable import PriorMix

/// `priormix tokenizer …` as users run it, and the bundled sample tokenizer.
final class TokenizerCommandLineTests: XCTestCase {
    private var binary: String { priormixBinary }

    static let sampleInputs = ["jsonl/dolma-style.jsonl", "jsonl/redpajama-style.jsonl.zst", "code", "text", "html",
                               "warc/crawl.warc.gz", "wiki/simplewiki-sample-pages-articles.xml"].map { packageRoot + "/samples/" + $0 }

    func testSampleTokenizerIsReproducedByItsDocumentedCommand() throws {
        let path = packageRoot + "/samples/tokenizer/tokenizer.json"
        let tokenizer = try Tokenizer.load(path: path)
        XCTAssertEqual(tokenizer.vocabularySize, 4096)
        XCTAssertEqual(tokenizer.endOfTextID, 4094)
        XCTAssertEqual(tokenizer.beginOfTextID, 4095)
        XCTAssertEqual(tokenizer.pattern, .llama3)
        for text in TokenizerFixtures.sampleTexts() { XCTAssertEqual(tokenizer.decode(tokenizer.encode(text)), text) }

        var options = BPETrainer.Options()
        options.vocabularySize = 4096
        let (definition, _) = try BPETrainer(options: options).train(inputs: Self.sampleInputs)
        XCTAssertEqual(TokenizerJSON.serialize(definition), Array(try Data(contentsOf: URL(fileURLWithPath: path))),
                       "samples/tokenizer/tokenizer.json differs from what its documented command gives: if the samples changed, "
                       + "regenerate it with the command in samples/tokenizer/README.md")
    }

    func testTrainEncodeDecodeFromTheCommandLine() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "priormix binary not built at \(binary)")
        let directory = try makeTemporaryDirectory(self)
        let output = directory + "/tok.json"
        let (train, _) = try runProcess(binary, ["tokenizer", "train", packageRoot + "/samples/text", "--vocab-size", "400", "-o", output, "--tiktoken"])
        XCTAssertEqual(train.status, 0, train.stderr)
        XCTAssertTrue(train.stdout.hasPrefix("tokenizer: \(output): 400 tokens (142 merges)"), train.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: output + ".tiktoken"))

        let (encode, _) = try runProcess(binary, ["tokenizer", "encode", "-t", output, "--json", "the law"])
        XCTAssertEqual(encode.status, 0, encode.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(encode.stdout.utf8)) as? [String: Any])
        let ids = try XCTUnwrap(object["ids"] as? [Int])
        XCTAssertEqual((object["tokens"] as? [String])?.joined(), "the law")
        XCTAssertEqual(ids.map(UInt32.init), try Tokenizer.load(path: output).encode("the law"))

        let (decode, _) = try runProcess(binary, ["tokenizer", "decode", "-t", output] + ids.map(String.init) + ["398"])
        XCTAssertEqual(decode.stdout, "the law<|endoftext|>")
        let (tiktoken, _) = try runProcess(binary, ["tokenizer", "encode", "-t", output + ".tiktoken", "--pattern", "llama3", "the law"], input: [])
        XCTAssertEqual(tiktoken.stdout, "\(ids.count) tokens: " + ids.map(String.init).joined(separator: " ") + "\n")
        let (stdin, _) = try runProcess(binary, ["tokenizer", "encode", "-t", output], input: Array("the law".utf8))
        XCTAssertEqual(stdin.stdout, tiktoken.stdout)
    }

    func testErrorsExitWithUsageOrFailureAndNameTheProblem() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "priormix binary not built at \(binary)")
        let directory = try makeTemporaryDirectory(self)
        let (missing, _) = try runProcess(binary, ["tokenizer", "encode", "-t", directory + "/none.json", "x"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains(directory + "/none.json: no such file"), missing.stderr)

        try write(#"{"version": "1.0", "normalizer": {"type": "Lowercase"}, "model": {"type": "BPE", "vocab": {}, "merges": []}}"#, to: directory + "/bad.json")
        let (bad, _) = try runProcess(binary, ["tokenizer", "encode", "-t", directory + "/bad.json", "x"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("bad.json: unsupported tokenizer.json piece: normalizer 'Lowercase'"), bad.stderr)

        let (pattern, _) = try runProcess(binary, ["tokenizer", "train", packageRoot + "/samples/text", "--pattern", "bert", "-o", directory + "/t.json"])
        XCTAssertEqual(pattern.status, 2)
        XCTAssertTrue(pattern.stderr.contains("unknown --pattern 'bert'"), pattern.stderr)
        let (small, _) = try runProcess(binary, ["tokenizer", "train", packageRoot + "/samples/text", "--vocab-size", "100", "-o", directory + "/t.json"])
        XCTAssertEqual(small.status, 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/t.json"))
    }

    /// Issue 16 item 16: an id outside the vocabulary is named, without the usage banner.
    func testDecodeNamesAnIdOutsideTheVocabulary() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "priormix binary not built at \(binary)")
        let tokenizer = packageRoot + "/samples/tokenizer/tokenizer.json"
        let (arguments, _) = try runProcess(binary, ["tokenizer", "decode", "-t", tokenizer, "46", "5000"])
        XCTAssertEqual(arguments.status, 2)
        XCTAssertTrue(arguments.stderr.contains("token id 5000 is outside the vocabulary (ids 0 to 4095)"), arguments.stderr)
        XCTAssertFalse(arguments.stderr.contains("USAGE"), arguments.stderr)
        let (stdin, _) = try runProcess(binary, ["tokenizer", "decode", "-t", tokenizer], input: Array("46 99999\n".utf8))
        XCTAssertEqual(stdin.status, 1)
        XCTAssertTrue(stdin.stderr.contains("token id 99999 is outside the vocabulary (ids 0 to 4095)"), stdin.stderr)
        XCTAssertFalse(stdin.stderr.contains("USAGE"), stdin.stderr)
    }

    /// Issue 16 item 18: `encode --jsonl` honours --ordinary, --add-special-tokens and --json, and
    /// refuses what it cannot honour (positional text, --show-tokens).
    func testEncodeJSONLHonoursEveryFlagOrRefusesIt() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "priormix binary not built at \(binary)")
        let directory = try makeTemporaryDirectory(self)
        let path = packageRoot + "/samples/tokenizer/tokenizer.json"
        let tokenizer = try Tokenizer.load(path: path)
        let texts = ["a<|endoftext|>b", "plain words"]
        try write(texts.map { #"{"text":"\#($0)"}"# }.joined(separator: "\n") + "\n", to: directory + "/docs.jsonl")
        func lines(_ ids: [[UInt32]]) -> String { ids.map { $0.map(String.init).joined(separator: " ") + "\n" }.joined() }
        let base = ["tokenizer", "encode", "-t", path, "--jsonl", directory + "/docs.jsonl"]

        let (plain, _) = try runProcess(binary, base)
        XCTAssertEqual(plain.stdout, lines(texts.map { tokenizer.encode($0) }))
        let (ordinary, _) = try runProcess(binary, base + ["--ordinary"])
        XCTAssertEqual(ordinary.stdout, lines(texts.map { tokenizer.encodeOrdinary($0) }))
        XCTAssertFalse(ordinary.stdout.split(separator: "\n")[0].split(separator: " ").contains("4094"), ordinary.stdout)
        let (special, _) = try runProcess(binary, base + ["--add-special-tokens"])
        XCTAssertEqual(special.stdout, lines(texts.map { tokenizer.encode($0, addSpecialTokens: true) }))
        let (json, _) = try runProcess(binary, base + ["--json"])
        let objects = try json.stdout.split(separator: "\n").map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        XCTAssertEqual(objects.map { ($0["ids"] as? [Int])?.map(UInt32.init) }, texts.map { tokenizer.encode($0) })
        XCTAssertEqual(objects.map { ($0["tokens"] as? [String])?.joined() }, texts)

        for extra in [["--show-tokens"], ["some text"]] {
            let (refused, _) = try runProcess(binary, base + extra)
            XCTAssertEqual(refused.status, 2, extra.joined())
            XCTAssertTrue(refused.stderr.contains("--jsonl"), refused.stderr)
            XCTAssertEqual(refused.stdout, "")
        }
    }
}
