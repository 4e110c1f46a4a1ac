import Foundation
import XCTest
@testable import PriorMix

/// The public surface the mixture builder uses: thread safety, batch order, round trips,
/// pieces, hashes, and the pathological inputs (for correctness; speed is in the bench).
final class TokenizerAPITests: XCTestCase {
    static let tokenizer: Tokenizer = {
        var options = BPETrainer.Options()
        options.vocabularySize = 2000
        options.pattern = .o200k
        return try! Tokenizer(definition: BPETrainer(options: options).train(texts: TokenizerFixtures.trainingTexts).0)
    }()

    func testBatchEqualsSequentialInOrderOnAnyThreadCount() {
        let documents = TokenizerFixtures.smallCorpus
        let sequential = documents.map { Self.tokenizer.encode($0) }
        XCTAssertEqual(Self.tokenizer.encodeBatch(documents, threads: 1), sequential)
        XCTAssertEqual(Self.tokenizer.encodeBatch(documents, threads: 2), sequential)
        XCTAssertEqual(Self.tokenizer.encodeBatch(documents, threads: 7), sequential)
        XCTAssertEqual(Self.tokenizer.encodeBatch([]), [])
    }

    func testConcurrentCallersGetTheSameIDs() {
        let documents = Array(TokenizerFixtures.smallCorpus.prefix(200))
        let expected = documents.map { Self.tokenizer.encode($0) }
        final class Results: @unchecked Sendable { var value = [[[UInt32]]](repeating: [], count: 4) }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            results.value[worker] = documents.map { Self.tokenizer.encode($0) }
        }
        for worker in 0..<4 { XCTAssertEqual(results.value[worker], expected) }
    }

    func testRoundTripOnAdversarialAndPathologicalText() {
        for document in TokenizerFixtures.adversarialDocuments(seed: 5, count: 300) + TokenizerFixtures.pathologicalDocuments() + ["", " ", "\r\n", "a"] {
            XCTAssertEqual(Self.tokenizer.decode(Self.tokenizer.encode(document)), document)
        }
    }

    func testInvalidUTF8IsRepairedToReplacementCharacters() {
        let ids = Self.tokenizer.encode(bytes: [0x61, 0xFF, 0x62, 0xE2, 0x82])
        XCTAssertEqual(Self.tokenizer.decode(ids), "a\u{FFFD}b\u{FFFD}")
    }

    func testPiecesCoverTheTextAndMatchKnownRegexResults() {
        // Results of the real regex engines for these inputs (see TokenizerHFParityTests for the
        // corpus-wide check); each case exercises a backtracking path of a scanner.
        let cases: [(SplitPattern, String, [String])] = [
            (.gpt2, "Hello world's  \n x", ["Hello", " world", "'s", "  \n", " x"]),
            (.gpt2, "  a", [" ", " a"]),
            (.llama3, "hello\n  ", ["hello", "\n", "  "]),
            (.cl100k, "hello\n  ", ["hello", "\n  "]),
            (.llama3, "12345 x", ["123", "45", " x"]),
            (.cl100kHF, "12345 x", ["12345", " x"]),
            (.qwen2, "123", ["1", "2", "3"]),
            (.llama3, "'ſ it'S", ["'ſ", " it", "'S"]),
            (.llama3, "\u{301}ABC", ["\u{301}ABC"]),
            (.o200k, "\u{301}ABC", ["\u{301}", "ABC"]),
            (.o200k, "AB\u{2B0}CD", ["AB\u{2B0}", "CD"]),
            (.o200k, "'ſ it'S", ["'ſ", " it'S"]),
            (.o200k, "HTTPServer isn't a/b//\n", ["HTTPServer", " isn't", " a", "/b", "//\n"]),
            (.llama3, "a\u{A0}b \u{3000}x\u{85}y\u{2028}z", ["a", "\u{A0}b", " ", "\u{3000}x", "\u{85}y", "\u{2028}z"]),
        ]
        for (pattern, text, expected) in cases {
            var pieces: [String] = []
            var copy = text
            copy.withUTF8 { buffer in
                PieceScanner(pattern).forEachPiece(buffer.baseAddress!, 0, buffer.count) { s, e in
                    pieces.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[s..<e]), as: UTF8.self))
                }
            }
            XCTAssertEqual(pieces, expected, "\(pattern) on \(text.debugDescription)")
        }
    }

    /// The heap-based merger (long pieces) and the quadratic one (short pieces) agree on any input.
    func testLongPieceMergerAgreesWithShortPieceMerger() {
        let model = Self.tokenizer.model
        var random = SplitMix64(seed: 11)
        let alphabet = Array("aaabbthe ing\n0123".utf8)
        for _ in 0..<300 {
            let length = 2 + Int(random.next() % 400)
            let bytes = (0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
            let a = EncoderScratch(steps: 0), b = EncoderScratch(steps: 0)
            a.reserve(length * 2)
            b.reserve(length * 2)
            for (i, byte) in bytes.enumerated() {
                a.symbols[i] = model.byteSymbol[Int(byte)]
                b.symbols[i] = model.byteSymbol[Int(byte)]
            }
            let n = BPEMerge.small(a, length, model.merges)
            let m = BPEMerge.large(b, length, model.merges)
            XCTAssertEqual(Array(UnsafeBufferPointer(start: a.symbols, count: n)), Array(UnsafeBufferPointer(start: b.symbols, count: m)),
                           String(decoding: bytes, as: UTF8.self))
        }
    }

    func testPatternNamesAndRegexes() {
        XCTAssertEqual(SplitPattern(name: "cl100k_base"), .cl100k)
        XCTAssertEqual(SplitPattern(name: "gpt-4o"), .o200k)
        XCTAssertEqual(SplitPattern(regex: SplitPattern.cl100k.regex, engine: .fancyRegex), .cl100k)
        XCTAssertEqual(SplitPattern(regex: SplitPattern.cl100k.regex), .cl100kHF)
        XCTAssertEqual(SplitPattern(regex: #"'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#), .gpt2)
        XCTAssertNil(SplitPattern(regex: #"\w+|\s+"#))
    }

    func testSHA256MatchesPythonHashlib() throws {
        let inputs: [[UInt8]] = [[], Array("abc".utf8), [UInt8](repeating: 0x61, count: 55), [UInt8](repeating: 0x62, count: 56),
                                 [UInt8](repeating: 0x63, count: 64), (0..<1000).map { UInt8($0 % 251) }, (0..<1_000_003).map { UInt8(($0 * 7) % 256) }]
        let directory = try makeTemporaryDirectory(self)
        for (index, input) in inputs.enumerated() { try write(input, to: directory + "/\(index).bin") }
        let (result, _) = try runPython("""
            import hashlib, sys
            for i in range(int(sys.argv[2])):
                print(hashlib.sha256(open(sys.argv[1] + "/%d.bin" % i, "rb").read()).hexdigest())
            """, arguments: [directory, String(inputs.count)], requiring: "hashlib")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(inputs.map { SHA256.hex(of: $0) }, result.stdout.split(separator: "\n").map(String.init))
        XCTAssertEqual(SHA256.hex(of: Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
