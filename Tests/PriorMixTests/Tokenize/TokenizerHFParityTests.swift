import Foundation
import XCTest
@testable import PriorMix

/// Ids identical to HF `tokenizers` (the real Python package) on every document of the
/// comparison corpus (≥ 4 MB: real text, the samples, adversarial and pathological text), for a
/// tokenizer trained by HF with each supported pre-tokenizer shape and model option.
final class TokenizerHFParityTests: XCTestCase {
    static let script = #"""
import array, json, sys
from tokenizers import Tokenizer, models, trainers, pre_tokenizers, decoders, processors, Regex, AddedToken
config, train_path, corpus_path, out_tok, out_ids = sys.argv[1:6]
raw_path = sys.argv[6] if len(sys.argv) > 6 else ""
PATS = {
 "llama3": r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+",
 "cl100k": r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s""",
 "qwen2": r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+",
 "o200k": "|".join([r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
                    r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
                    r"\p{N}{1,3}", r" ?[^\s\p{L}\p{N}]+[\r\n/]*", r"\s*[\r\n]+", r"\s+(?!\S)", r"\s+"]),
}
def texts(p): return [json.loads(l)["text"] for l in open(p, encoding="utf-8")]
specials = ["<|endoftext|>", "<|begin_of_text|>"]
byte_level = not config.startswith("chars")
kwargs = dict(vocab_size=3000, min_frequency=2, show_progress=False, special_tokens=specials)
if byte_level:
    kwargs["initial_alphabet"] = pre_tokenizers.ByteLevel.alphabet()
split = lambda name: pre_tokenizers.Split(Regex(PATS[name]), "isolated")
if config == "gpt2":
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
elif config == "gpt2-prefix":
    tok = Tokenizer(models.BPE(ignore_merges=True))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=True)
elif config == "llama3-prefix":
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.Sequence([split("llama3"), pre_tokenizers.ByteLevel(add_prefix_space=True, use_regex=True)])
elif config in PATS:
    tok = Tokenizer(models.BPE(ignore_merges=config in ("llama3", "o200k")))
    tok.pre_tokenizer = pre_tokenizers.Sequence([split(config), pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
elif config == "chars-fallback":
    tok = Tokenizer(models.BPE(byte_fallback=True, unk_token="<unk>"))
    tok.pre_tokenizer = split("llama3")
    tok.decoder = decoders.Sequence([decoders.ByteFallback(), decoders.Fuse()])
    kwargs.update(limit_alphabet=120, special_tokens=specials + ["<unk>"] + ["<0x%02X>" % b for b in range(256)])
elif config == "chars-unk":
    tok = Tokenizer(models.BPE(unk_token="<unk>", fuse_unk=True))
    tok.pre_tokenizer = split("o200k")
    kwargs.update(limit_alphabet=100, special_tokens=specials + ["<unk>"])
else:
    raise SystemExit("unknown config " + config)
if byte_level:
    tok.decoder = decoders.ByteLevel()
tok.train_from_iterator(texts(train_path), trainers.BpeTrainer(**kwargs))
if config == "gpt2":
    tok.add_special_tokens([AddedToken("<mask>", lstrip=True, rstrip=True)])
    tok.add_tokens([AddedToken("[SEP]", single_word=True), AddedToken("Straße", normalized=True), AddedToken("hello", single_word=True, lstrip=True), AddedToken("|>", rstrip=True, normalized=False)])
if config == "llama3":
    tok.post_processor = processors.TemplateProcessing(single="<|begin_of_text|> $A", special_tokens=[("<|begin_of_text|>", tok.token_to_id("<|begin_of_text|>"))])
tok.save(out_tok)
def dump(encodings, path):
    out = array.array("I")
    for e in encodings:
        out.append(len(e.ids)); out.extend(e.ids)
    with open(path, "wb") as f: out.tofile(f)
corpus = texts(corpus_path)
dump(tok.encode_batch(corpus, add_special_tokens=False), out_ids)
if config == "llama3":
    dump(tok.encode_batch(corpus[:200], add_special_tokens=True), out_ids + ".template")
if raw_path:
    raw = open(raw_path, "rb").read()
    docs, i = [], 0
    while i < len(raw):
        n = int.from_bytes(raw[i:i + 4], "little"); docs.append(raw[i + 4:i + 4 + n].decode("utf-8", "replace")); i += 4 + n
    dump(tok.encode_batch(docs, add_special_tokens=False), out_ids + ".raw")
"""#

    /// Byte strings with invalid UTF-8 (truncated sequences, stray continuation bytes, overlongs,
    /// surrogates, bytes above F4) between valid text: repaired to U+FFFD by both sides.
    static func invalidUTF8Documents() -> [[UInt8]] {
        var random = SplitMix64(seed: 77)
        let junk: [[UInt8]] = [[0x80], [0xBF, 0x80], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xC0, 0xAF], [0xED, 0xA0, 0x80],
                               [0xF5, 0x80], [0xFF], [0xFE, 0xFE], [0xE0, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC3, 0x28]]
        return (0..<300).map { _ in
            var bytes: [UInt8] = []
            for _ in 0..<(3 + Int(random.next() % 40)) {
                if random.next() % 3 == 0 {
                    bytes += junk[Int(random.next() % UInt64(junk.count))]
                } else {
                    bytes += Array(TokenizerFixtures.fragments[Int(random.next() % UInt64(TokenizerFixtures.fragments.count))].utf8)
                }
            }
            return bytes
        }
    }

    /// Trains `config` with HF in Python, has HF encode `documents`, and compares with PriorMix.
    @discardableResult
    func assertParity(_ config: String, documents: [String], raw: Bool = false, file: StaticString = #filePath, line: UInt = #line) throws -> (Tokenizer, [[UInt32]]) {
        let directory = try makeTemporaryDirectory(self)
        try TokenizerFixtures.writeJSONL(TokenizerFixtures.trainingTexts, to: directory + "/train.jsonl")
        try TokenizerFixtures.writeJSONL(documents, to: directory + "/corpus.jsonl")
        var arguments = [config, directory + "/train.jsonl", directory + "/corpus.jsonl", directory + "/tokenizer.json", directory + "/ids"]
        let rawDocuments = TokenizerHFParityTests.invalidUTF8Documents()
        if raw {
            var bytes: [UInt8] = []
            for document in rawDocuments {
                withUnsafeBytes(of: UInt32(document.count).littleEndian) { bytes += $0 }
                bytes += document
            }
            try write(bytes, to: directory + "/raw.bin")
            arguments.append(directory + "/raw.bin")
        }
        let (result, _) = try runPython(Self.script, arguments: arguments, requiring: "tokenizers", file: file, line: line)
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        let tokenizer = try Tokenizer.load(path: directory + "/tokenizer.json")
        let reference = try TokenizerFixtures.readIDs(directory + "/ids")
        let ours = tokenizer.encodeBatch(documents)
        TokenizerFixtures.assertSameIDs(ours, reference, documents: documents, tokenizer: tokenizer, label: config, file: file, line: line)
        if raw {
            let repaired = rawDocuments.map { tokenizer.encode(bytes: $0) }
            TokenizerFixtures.assertSameIDs(repaired, try TokenizerFixtures.readIDs(directory + "/ids.raw"),
                                            documents: rawDocuments.map { String(decoding: $0, as: UTF8.self) },
                                            tokenizer: tokenizer, label: config + " (invalid UTF-8)", file: file, line: line)
        }
        if FileManager.default.fileExists(atPath: directory + "/ids.template") {
            let templated = documents.prefix(200).map { tokenizer.encode($0, addSpecialTokens: true) }
            TokenizerFixtures.assertSameIDs(Array(templated), try TokenizerFixtures.readIDs(directory + "/ids.template"),
                                            documents: Array(documents.prefix(200)), tokenizer: tokenizer, label: config + " (template)", file: file, line: line)
        }
        return (tokenizer, ours)
    }

    func testByteLevelGPT2RegexWithAddedTokensMatchesHF() throws {
        try assertParity("gpt2", documents: TokenizerFixtures.comparisonCorpus, raw: true)
    }

    func testLlama3SplitWithIgnoreMergesMatchesHF() throws {
        let corpusBytes = TokenizerFixtures.comparisonCorpus.reduce(0) { $0 + $1.utf8.count }
        XCTAssertGreaterThanOrEqual(corpusBytes, 4_000_000, "the comparison corpus is at least 4 MB")
        print("comparison corpus: \(TokenizerFixtures.comparisonCorpus.count) documents, \(corpusBytes) bytes")
        let (tokenizer, ids) = try assertParity("llama3", documents: TokenizerFixtures.comparisonCorpus)
        // The same tokenizer round-trips every document of the corpus.
        for (document, documentIDs) in zip(TokenizerFixtures.comparisonCorpus, ids) {
            if tokenizer.decode(documentIDs) != document {
                XCTFail("decode(encode(x)) != x for \(document.prefix(80).debugDescription)")
                break
            }
        }
    }

    func testTiktokenCl100kRegexAsHFReadsItMatchesHF() throws {
        let (tokenizer, _) = try assertParity("cl100k", documents: TokenizerFixtures.comparisonCorpus)
        XCTAssertEqual(tokenizer.pattern, .cl100kHF)
    }

    func testO200kSplitMatchesHF() throws {
        try assertParity("o200k", documents: TokenizerFixtures.comparisonCorpus, raw: true)
    }

    func testQwen2SplitMatchesHF() throws {
        try assertParity("qwen2", documents: TokenizerFixtures.smallCorpus)
    }

    func testByteLevelWithPrefixSpaceMatchesHF() throws {
        try assertParity("gpt2-prefix", documents: TokenizerFixtures.smallCorpus)
    }

    func testSplitThenByteLevelRegexWithPrefixSpaceMatchesHF() throws {
        try assertParity("llama3-prefix", documents: TokenizerFixtures.smallCorpus)
    }

    func testCharacterBPEWithByteFallbackMatchesHF() throws {
        let (tokenizer, _) = try assertParity("chars-fallback", documents: TokenizerFixtures.smallCorpus)
        // Every byte has a fallback token, so nothing is lost.
        let text = "日本語 😀 ქართული"
        XCTAssertEqual(tokenizer.decode(tokenizer.encode(text)), text)
    }

    func testCharacterBPEWithFusedUnknownTokenMatchesHF() throws {
        try assertParity("chars-unk", documents: TokenizerFixtures.smallCorpus)
    }
}
