import Foundation
import XCTest
@testable import PriorMix

/// The trainer's tokenizer.json loads in HF `tokenizers` and encodes to the same ids; training is
/// deterministic and independent of the thread count.
final class TokenizerTrainerTests: XCTestCase {
    static let script = #"""
import array, json, sys
from tokenizers import Tokenizer
tok = Tokenizer.from_file(sys.argv[1])
docs = [json.loads(l)["text"] for l in open(sys.argv[2], encoding="utf-8")]
out = array.array("I")
for e in tok.encode_batch(docs, add_special_tokens=False):
    out.append(len(e.ids)); out.extend(e.ids)
with open(sys.argv[3], "wb") as f: out.tofile(f)
print(json.dumps({"size": tok.get_vocab_size(), "eot": tok.token_to_id("<|endoftext|>"), "bos": tok.token_to_id("<|begin_of_text|>"),
                  "decoded": tok.decode(tok.encode(docs[0], add_special_tokens=False).ids, skip_special_tokens=False) == docs[0],
                  "with_bos": tok.encode("hi").ids}))
"""#

    func train(_ pattern: SplitPattern, vocabulary: Int, texts: [String]) -> TokenizerDefinition {
        var options = BPETrainer.Options()
        options.vocabularySize = vocabulary
        options.pattern = pattern
        return BPETrainer(options: options).train(texts: texts).0
    }

    func testTrainedTokenizerLoadsInHFAndEncodesIdentically() throws {
        for (pattern, documents) in [(SplitPattern.llama3, TokenizerFixtures.smallCorpus), (.o200k, TokenizerFixtures.smallCorpus), (.gpt2, TokenizerFixtures.smallCorpus)] {
            var definition = train(pattern, vocabulary: 4000, texts: TokenizerFixtures.trainingTexts)
            definition.template = [.special([3999]), .sequence]
            let directory = try makeTemporaryDirectory(self)
            try AtomicOutputFile.write(TokenizerJSON.serialize(definition), to: directory + "/tokenizer.json")
            try TokenizerFixtures.writeJSONL(documents, to: directory + "/corpus.jsonl")
            let (result, output) = try runPython(Self.script, arguments: [directory + "/tokenizer.json", directory + "/corpus.jsonl", directory + "/ids"],
                                                 requiring: "tokenizers")
            XCTAssertEqual(result.status, 0, result.stderr)
            let tokenizer = try Tokenizer.load(path: directory + "/tokenizer.json")
            XCTAssertEqual(tokenizer.vocabularySize, 4000)
            XCTAssertEqual(tokenizer.endOfTextID, 3998)
            XCTAssertEqual(tokenizer.beginOfTextID, 3999)
            let summary = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output)) as? [String: Any])
            XCTAssertEqual(summary["size"] as? Int, 4000)
            XCTAssertEqual(summary["eot"] as? Int, 3998)
            XCTAssertEqual(summary["bos"] as? Int, 3999)
            XCTAssertEqual(summary["decoded"] as? Bool, true)
            XCTAssertEqual(summary["with_bos"] as? [Int], tokenizer.encode("hi", addSpecialTokens: true).map(Int.init))
            TokenizerFixtures.assertSameIDs(tokenizer.encodeBatch(documents), try TokenizerFixtures.readIDs(directory + "/ids"),
                                            documents: documents, tokenizer: tokenizer, label: "trained \(pattern)")
        }
    }

    /// Decoding arbitrary ids (tokens that end inside a UTF-8 sequence, special tokens) gives
    /// HF's text, replacement characters included.
    func testDecodeMatchesHFOnArbitraryIDs() throws {
        let definition = train(.llama3, vocabulary: 2000, texts: TokenizerFixtures.trainingTexts)
        let directory = try makeTemporaryDirectory(self)
        try AtomicOutputFile.write(TokenizerJSON.serialize(definition), to: directory + "/tokenizer.json")
        var random = SplitMix64(seed: 21)
        let sequences: [[UInt32]] = (0..<300).map { _ in (0..<(1 + Int(random.next() % 12))).map { _ in UInt32(random.next() % 2000) } }
        try write(String(decoding: try JSONSerialization.data(withJSONObject: sequences), as: UTF8.self), to: directory + "/ids.json")
        let (result, output) = try runPython("""
            import json, sys
            from tokenizers import Tokenizer
            tok = Tokenizer.from_file(sys.argv[1])
            print(json.dumps([tok.decode(ids, skip_special_tokens=False) for ids in json.load(open(sys.argv[2]))]))
            """, arguments: [directory + "/tokenizer.json", directory + "/ids.json"], requiring: "tokenizers")
        XCTAssertEqual(result.status, 0, result.stderr)
        let expected = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(output)) as? [String])
        let tokenizer = try Tokenizer(definition: definition)
        XCTAssertEqual(sequences.map { tokenizer.decode($0) }, expected)
    }

    func testTrainingIsDeterministicAndStreamsFilesOnAnyThreadCount() throws {
        let directory = try makeTemporaryDirectory(self)
        try TokenizerFixtures.writeJSONL(Array(TokenizerFixtures.comparisonCorpus.prefix(600)), to: directory + "/a.jsonl")
        var samplesOnly = BPETrainer.Options()
        samplesOnly.vocabularySize = 300
        let sampleDocuments = try BPETrainer(options: samplesOnly).train(inputs: [packageRoot + "/samples"]).1.documents
        XCTAssertGreaterThan(sampleDocuments, 20)
        var outputs: [[UInt8]] = []
        for threads in [1, 2, 2] {
            var options = BPETrainer.Options()
            options.vocabularySize = 1500
            options.threads = threads
            let (definition, statistics) = try BPETrainer(options: options).train(inputs: [directory + "/a.jsonl", packageRoot + "/samples"])
            XCTAssertEqual(statistics.documents, 600 + sampleDocuments, "every JSONL document plus the samples tree")
            outputs.append(TokenizerJSON.serialize(definition))
        }
        XCTAssertEqual(outputs[0], outputs[1])
        XCTAssertEqual(outputs[1], outputs[2])
    }

    func testVocabularyLayoutBytesThenMergesThenSpecials() throws {
        let definition = train(.llama3, vocabulary: 600, texts: ["the theme of the thesis", "then there", "the the the", "thy thx"])
        let ids = definition.vocabulary.map(\.1)
        XCTAssertEqual(ids, (0..<UInt32(ids.count)).map { $0 })
        XCTAssertEqual(definition.vocabulary[0x41].0, "A")
        XCTAssertEqual(definition.vocabulary[0x20].0, "Ġ")
        XCTAssertEqual(definition.vocabulary[0x0A].0, "Ċ")
        guard case .ranked(let merges) = definition.merges else { return XCTFail("trainer writes ranked merges") }
        XCTAssertEqual(merges.first.map { $0.0 + $0.1 }, "th", "the most frequent pair merges first")
        XCTAssertEqual(definition.addedTokens.map(\.content), ["<|endoftext|>", "<|begin_of_text|>"])
        XCTAssertEqual(definition.addedTokens.map(\.id), [UInt32(256 + merges.count), UInt32(257 + merges.count)],
                       "a corpus this small stops early (min frequency 2); specials follow the last merge")
        let tokenizer = try Tokenizer(definition: definition)
        XCTAssertEqual(tokenizer.decode(tokenizer.encode("the thesis")), "the thesis")
        XCTAssertEqual(tokenizer.encode(" the").count, 1)
    }
}
