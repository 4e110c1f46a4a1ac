import XCTest
@testable import PriorMix

/// The per-thread feature cache must change nothing: a prediction through it gives the same labels
/// with the same scores, bit for bit, as the uncached computation, whether the tokens are new to
/// the cache, found in it, or arrive after the cache filled and started again; for lid.176 (quantized,
/// pruned, hierarchical softmax) and for a dense model of this project's trainer.
final class FastTextFeatureCacheTests: XCTestCase {
    /// Texts that exercise every way a token goes: repeated words, unknown words, a token longer than
    /// the cache keeps, label-like tokens, NULs and control characters, mixed scripts, empty text.
    static let probes: [String] = [
        "", "   ", "\n", "the the the the", "The quick brown fox jumps over the lazy dog. The dog sleeps.",
        "Der schnelle braune Fuchs springt über den faulen Hund", "Le renard brun rapide saute par-dessus le chien paresseux",
        "这是一个中文句子，用于测试语言识别。", "Это предложение на русском языке", "مرحبا بالعالم هذه جملة عربية",
        String(repeating: "x", count: 65) + " " + String(repeating: "ü", count: 40) + " tail",
        "__label__en __label__fr words after labels __label__unknownlabel", "tab\tseparated\u{0}nul\u{0B}vertical\u{0C}feed\rreturn",
        "mixed 日本語 text with ünïcödé and emoji 🙂🙂 and numbers 12345 67.89",
    ]

    private func assertCachedEqualsUncached(_ model: FastTextModel, _ texts: [String], cache: FastTextFeatureCache,
                                            file: StaticString = #filePath, line: UInt = #line) {
        for round in 0..<2 {  // first round fills the cache, the second reads it
            for text in texts {
                var text = text
                let (plain, cached) = text.withUTF8 { utf8 in
                    (model.ranked(utf8: utf8, k: 0, threshold: 0), model.ranked(utf8: utf8, k: 0, threshold: 0, cache: cache))
                }
                XCTAssertEqual(plain.map(\.label), cached.map(\.label), "round \(round): \(text.prefix(60))", file: file, line: line)
                XCTAssertEqual(plain.map(\.score.bitPattern), cached.map(\.score.bitPattern), "round \(round): \(text.prefix(60))", file: file, line: line)
            }
        }
    }

    func testLid176ScoresAreBitIdenticalThroughTheCache() throws {
        let path = LanguageIdentificationParityTests.modelPath
        guard FileManager.default.fileExists(atPath: path) else {
            if ProcessInfo.processInfo.environment["PRIORMIX_REQUIRE_PEERS"] != nil { XCTFail("\(path) is missing: run `make models`") }
            throw XCTSkip("lid.176.ftz not fetched (make models)")
        }
        let model = try FastTextModel.load(path: path)
        var texts = Self.probes
        texts += try developmentCorpusTexts(every: 25)
        assertCachedEqualsUncached(model, texts, cache: FastTextFeatureCache(modelSerial: model.serial, payloadWidth: model.input.payloadWidth))
        // A cache too small for one document forgets and starts again many times over.
        let tiny = FastTextFeatureCache(modelSerial: model.serial, payloadWidth: model.input.payloadWidth, maximumEntries: 7, arenaBytes: 4096)
        assertCachedEqualsUncached(model, texts, cache: tiny)
        // The identifier (which takes its thread's cache) reports what the uncached ranking gives.
        let identifier = LanguageIdentifier(model: model)
        for text in texts {
            var copy = text
            let plain = copy.withUTF8 { model.ranked(utf8: $0, k: 0, threshold: 0) }
            let scores = identifier.scores(text)
            XCTAssertEqual(scores.map(\.score), plain.map { Double(Foundation.exp($0.score)) })
            // The label tree's shortcut for the two entries, with lists whose labels lie anywhere.
            for list in [["en"], ["de"], ["fr", "es", "it"], ["zh", "ja", "ko"], ["xx-not-a-label"]] {
                let best = identifier.bestScores(text, among: list)
                XCTAssertEqual(best.top, scores.first)
                XCTAssertEqual(best.best, scores.first { list.contains($0.language) }, "\(list): \(text.prefix(60))")
            }
            XCTAssertEqual(identifier.bestScores(text, among: nil).best, scores.first)
        }
    }

    func testDenseModelScoresAreBitIdenticalThroughTheCache() throws {
        var trainer = FastTextTrainer()
        trainer.args.dim = 12
        trainer.args.bucket = 5_000
        trainer.args.wordNgrams = 1
        let examples = FastTextCompatibilityTests.trainingLines(count: 600, seed: 5)
        let model = try trainer.train { visit in for (text, label) in examples { try visit(text, [label]) } }
        XCTAssertFalse(model.isQuantized)
        let texts = Self.probes + FastTextCompatibilityTests.trainingLines(count: 60, seed: 8).map(\.0)
        assertCachedEqualsUncached(model, texts, cache: FastTextFeatureCache(modelSerial: model.serial, payloadWidth: model.input.payloadWidth))
        assertCachedEqualsUncached(model, texts, cache: FastTextFeatureCache(modelSerial: model.serial, payloadWidth: model.input.payloadWidth,
                                                                             maximumEntries: 5, arenaBytes: 2048))
    }

    /// A token's cache hash depends on its bytes alone: read in one masked load when eight bytes
    /// may be read from its start, byte by byte near the text's end, or in words when longer, the
    /// same token gets the same hash, and tokens that differ in any byte, or in length only
    /// (trailing NULs), get different ones (for these tokens; a collision would only cost a probe).
    func testKeyHashDependsOnTheTokenBytesAlone() {
        let tokens: [[UInt8]] = ["a", "ab", "the", "seven77", "eight888", "nine99999", "sixteen_bytes_16", "seventeen_bytes17",
                                 "ünïcödé", "日本語", "a\u{0}", "a\u{0}\u{0}", String(repeating: "x", count: 63)].map { Array($0.utf8) }
        var seen: [UInt32: [UInt8]] = [:]
        for token in tokens {
            let alone = token.withUnsafeBufferPointer { FastTextFeatureCache.keyHash($0, readable: $0.count) }
            // The token inside longer text: the bytes after it must not count.
            for trailing in ["", " ", "zzzzzzzz", "\u{FF}\u{FF}\u{FF}\u{FF}\u{FF}\u{FF}\u{FF}\u{FF}\u{FF}"] {
                let text = token + Array(trailing.utf8)
                let inText = text.withUnsafeBufferPointer {
                    FastTextFeatureCache.keyHash(UnsafeBufferPointer(rebasing: $0[0..<token.count]), readable: $0.count)
                }
                XCTAssertEqual(inText, alone, "\(token) followed by \(Array(trailing.utf8))")
            }
            XCTAssertNil(seen[alone], "\(token) and \(seen[alone] ?? []) share a hash")
            seen[alone] = token
        }
    }

    /// The two generations: a full current generation turns old, a token found only there is copied
    /// forward (and so outlives the next change), a token never met again goes with the generation
    /// after next, and neither generation ever holds more than its limits.
    func testGenerationsKeepRecentlyUsedTokensWithinTheirLimits() {
        let cache = FastTextFeatureCache(modelSerial: 2_000_001, payloadWidth: 4, maximumEntries: 4, arenaBytes: 256)
        func token(_ name: String) -> [UInt8] { Array(name.utf8) }
        /// Inserts a token not cached, its payloads being its ids as little-endian Int32.
        func insert(_ name: String, _ ids: [Int32]) {
            let bytes = token(name)
            XCTAssertNil(lookup(name), name)
            cache.pending = ids
            let stored = bytes.withUnsafeBufferPointer { b in
                cache.insertPending(b, hash: FastTextFeatureCache.keyHash(b, readable: b.count), payload: { id, to in
                    UnsafeMutableRawPointer(to).storeBytes(of: id, as: Int32.self)
                })
            }
            XCTAssertEqual(stored.map { Self.ids($0) }, ids, name)
        }
        /// The token's payloads, looked up as it stands alone (compared byte by byte) and as inside
        /// text (bytes after it may be read, and compared under a mask): both must agree.
        func lookup(_ name: String) -> [Int32]? {
            let alone = token(name).withUnsafeBufferPointer { b in
                cache.cachedPayloads(b, hash: FastTextFeatureCache.keyHash(b, readable: b.count), readable: b.count).map { Self.ids($0) }
            }
            let inText = (token(name) + [UInt8](repeating: 0xFF, count: 8)).withUnsafeBufferPointer { text in
                let b = UnsafeBufferPointer(rebasing: text[0..<name.utf8.count])
                return cache.cachedPayloads(b, hash: FastTextFeatureCache.keyHash(b, readable: text.count), readable: text.count).map { Self.ids($0) }
            }
            XCTAssertEqual(alone, inText, name)
            return alone
        }
        for (index, name) in ["alpha", "beta", "gamma", "delta"].enumerated() { insert(name, [Int32(index), 100]) }
        XCTAssertEqual(cache.generationEntries.current, 4)
        XCTAssertEqual(cache.generationEntries.old, 0)
        insert("epsilon", [7])  // the current generation is full: it turns old
        XCTAssertEqual(cache.generationEntries.current, 1)
        XCTAssertEqual(cache.generationEntries.old, 4)
        XCTAssertEqual(lookup("alpha"), [0, 100])  // found in the old generation, copied forward
        XCTAssertEqual(cache.generationEntries.current, 2)
        XCTAssertEqual(lookup("alpha"), [0, 100])  // now found in the current one
        XCTAssertNil(lookup("alphb"))  // the same length, the last byte differs
        XCTAssertNil(lookup("Alpha"))  // the first byte differs
        XCTAssertEqual(cache.generationEntries.current, 2)
        insert("zeta", [8, 9, 10])
        XCTAssertEqual(lookup("beta"), [1, 100])  // fills the current generation
        XCTAssertEqual(cache.generationEntries.current, 4)
        // The next change: what was current (epsilon, alpha, zeta, beta) turns old, the tokens only
        // the older generation held (gamma, delta) are forgotten.
        insert("eta", [11])
        XCTAssertEqual(cache.generationEntries.current, 1)
        XCTAssertEqual(cache.generationEntries.old, 4)
        XCTAssertEqual(lookup("alpha"), [0, 100])
        XCTAssertEqual(lookup("zeta"), [8, 9, 10])
        XCTAssertNil(lookup("gamma"))
        XCTAssertNil(lookup("delta"))
        XCTAssertEqual(lookup("eta"), [11])
        // A token found old when the current generation is full: the generations change and the
        // token counts as not cached (its record went with the older generation).
        insert("theta", [12])
        XCTAssertEqual(cache.generationEntries.current, 4)  // eta, alpha, zeta, theta
        XCTAssertNil(lookup("beta"))
        XCTAssertEqual(cache.generationEntries.current, 0)
        XCTAssertEqual(cache.generationEntries.old, 4)
        // Bytes bound a generation too: records of 4 + 8 + 4·n bytes in 256 bytes.
        let wide = [Int32](repeating: 3, count: 50)
        insert("longword", wide)
        insert("wordlong", wide)  // 212 + 212 > 256: the generations change
        XCTAssertEqual(cache.generationEntries.current, 1)
        XCTAssertEqual(cache.generationEntries.old, 1)
        // A record larger than a whole generation is not kept.
        cache.pending = [Int32](repeating: 1, count: 70)
        XCTAssertNil(token("huge").withUnsafeBufferPointer { cache.insertPending($0, hash: FastTextFeatureCache.keyHash($0, readable: $0.count), payload: { _, _ in }) })
        // Many distinct tokens: neither generation ever exceeds its limits.
        for index in 0..<2_000 {
            insert("token\(index)", [Int32(index)])
            if index % 3 == 0 { _ = lookup("token\(index / 2)") }
            let (current, old) = cache.generationEntries
            XCTAssertLessThanOrEqual(max(current, old), 4)
            XCTAssertLessThanOrEqual(max(cache.generationBytes.current, cache.generationBytes.old), 256)
        }
        cache.reset()
        XCTAssertEqual(cache.generationEntries.current + cache.generationEntries.old, 0)
        XCTAssertNil(lookup("token1999"))
    }

    private static func ids(_ payloads: FastTextFeatureCache.Payloads) -> [Int32] {
        (0..<payloads.count).map { UnsafeRawPointer(payloads.first + 4 * $0).loadUnaligned(as: Int32.self) }
    }

    func testEachThreadKeepsItsOwnCachesForItsTwoLatestModels() {
        let first = FastTextFeatureCache.forCurrentThread(modelSerial: 1_000_001, payloadWidth: 8)
        XCTAssertTrue(first === FastTextFeatureCache.forCurrentThread(modelSerial: 1_000_001, payloadWidth: 8))
        let second = FastTextFeatureCache.forCurrentThread(modelSerial: 1_000_002, payloadWidth: 8)
        XCTAssertTrue(first === FastTextFeatureCache.forCurrentThread(modelSerial: 1_000_001, payloadWidth: 8))
        _ = FastTextFeatureCache.forCurrentThread(modelSerial: 1_000_003, payloadWidth: 8)  // the least recent (…002) goes
        XCTAssertFalse(second === FastTextFeatureCache.forCurrentThread(modelSerial: 1_000_002, payloadWidth: 8))
        var other: FastTextFeatureCache?
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            other = FastTextFeatureCache.forCurrentThread(modelSerial: 1_000_001, payloadWidth: 8)
            done.signal()
        }
        thread.start()
        done.wait()
        XCTAssertNotNil(other)
        XCTAssertFalse(other === first)
    }
}
