import Foundation
import XCTest
@testable import PriorMix

/// Ids identical to tiktoken (the real Python package) for rank files loaded with each named
/// pattern. The ranks come from a vocabulary PriorMix trains here (tiktoken cannot download
/// OpenAI's files in CI); tiktoken gets them through `tiktoken.Encoding(...)`.
final class TokenizerTiktokenParityTests: XCTestCase {
    static let script = #"""
import array, base64, json, sys
import tiktoken
ranks_path, pattern, corpus_path, out_ids = sys.argv[1:5]
ranks = {}
for line in open(ranks_path, "rb"):
    token, rank = line.split()
    ranks[base64.b64decode(token)] = int(rank)
enc = tiktoken.Encoding(name="test", pat_str=pattern, mergeable_ranks=ranks, special_tokens={"<|endoftext|>": max(ranks.values()) + 1})
docs = [json.loads(l)["text"] for l in open(corpus_path, encoding="utf-8")]
out = array.array("I")
for ids in enc.encode_batch(docs, allowed_special="all", num_threads=2):
    out.append(len(ids)); out.extend(ids)
with open(out_ids, "wb") as f: out.tofile(f)
"""#

    /// A rank file from a tokenizer PriorMix trains on the test training text.
    static let rankFile: [UInt8] = {
        var options = BPETrainer.Options()
        options.vocabularySize = 3000
        let (definition, _) = BPETrainer(options: options).train(texts: TokenizerFixtures.trainingTexts)
        return TiktokenRanks.serialize(definition)
    }()

    func assertParity(_ name: String, documents: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let directory = try makeTemporaryDirectory(self)
        try write(Self.rankFile, to: directory + "/ranks.tiktoken")
        try TokenizerFixtures.writeJSONL(documents, to: directory + "/corpus.jsonl")
        let tokenizer = try Tokenizer.load(path: directory + "/ranks.tiktoken", pattern: name)
        let regex = tokenizer.pattern!.regex
        let (result, _) = try runPython(Self.script, arguments: [directory + "/ranks.tiktoken", regex, directory + "/corpus.jsonl", directory + "/ids"],
                                        requiring: "tiktoken", file: file, line: line)
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        TokenizerFixtures.assertSameIDs(tokenizer.encodeBatch(documents), try TokenizerFixtures.readIDs(directory + "/ids"),
                                        documents: documents, tokenizer: tokenizer, label: "tiktoken \(name)", file: file, line: line)
    }

    func testCl100kMatchesTiktoken() throws {
        try assertParity("cl100k_base", documents: TokenizerFixtures.comparisonCorpus)
    }

    func testO200kMatchesTiktoken() throws {
        try assertParity("o200k", documents: TokenizerFixtures.smallCorpus)
    }

    func testGPT2MatchesTiktoken() throws {
        try assertParity("gpt2", documents: TokenizerFixtures.smallCorpus)
    }

    func testLlama3PatternMatchesTiktoken() throws {
        try assertParity("llama3", documents: TokenizerFixtures.smallCorpus)
    }

    func testRankFileDefinesTheEndOfTextTokenAfterTheLastRank() throws {
        let directory = try makeTemporaryDirectory(self)
        try write(Self.rankFile, to: directory + "/ranks.tiktoken")
        let tokenizer = try Tokenizer.load(path: directory + "/ranks.tiktoken", pattern: "cl100k")
        XCTAssertEqual(tokenizer.endOfTextID, 2998)
        XCTAssertEqual(tokenizer.vocabularySize, 2999)
        XCTAssertEqual(tokenizer.encode("a<|endoftext|>b"), tokenizer.encode("a") + [2998] + tokenizer.encode("b"))
        XCTAssertEqual(tokenizer.fileSHA256, SHA256.hex(of: Self.rankFile))
    }

    func testBadRankFilesNameTheLineAndProblem() throws {
        let directory = try makeTemporaryDirectory(self)
        let cases: [(String, String)] = [
            ("IQ== 0\nIg== x\n", "ranks.tiktoken:2: rank is not a non-negative integer"),
            ("IQ== 0\n!!!! 1\n", "ranks.tiktoken:2: token is not valid base64"),
            ("IQ== 0 extra\n", "ranks.tiktoken:1: expected 'base64-token rank', found 3 field(s)"),
            ("IQ== 0\nIg== 0\n", "ranks.tiktoken:2: rank 0 appears twice"),
            ("IQ== 0\n", "255 of the 256 single bytes have no rank"),
        ]
        for (content, expected) in cases {
            try write(content, to: directory + "/ranks.tiktoken")
            XCTAssertThrowsError(try Tokenizer.load(path: directory + "/ranks.tiktoken", pattern: "gpt2")) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error)")
            }
        }
        XCTAssertThrowsError(try Tokenizer.load(path: directory + "/ranks.tiktoken", pattern: "p99k")) { error in
            XCTAssertTrue("\(error)".contains("unknown tiktoken pattern 'p99k'"), "\(error)")
        }
    }
}
