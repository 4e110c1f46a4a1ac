import Foundation

/// A byte-level BPE tokenizer that gives the same ids as HF `tokenizers` (for the tokenizer.json
/// pieces it supports) and as tiktoken (for rank files), without a regex engine on the hot path.
///
/// ```swift
/// let tokenizer = try Tokenizer.load(path: "samples/tokenizer/tokenizer.json")
/// let ids = tokenizer.encode("Hello, world!")        // thread-safe
/// let batches = tokenizer.encodeBatch(documents)      // both cores, order kept
/// tokenizer.decode(ids) == "Hello, world!"            // true for any valid text
/// ```
public final class Tokenizer: @unchecked Sendable {
    /// Where the tokenizer came from (a path, or "memory").
    public let source: String
    /// SHA-256 of the file the tokenizer was loaded from (of its canonical JSON when built in memory).
    public let fileSHA256: String
    /// One more than the largest id any token has: every id this tokenizer produces is below it.
    public let vocabularySize: Int
    public let endOfTextID: UInt32?
    public let beginOfTextID: UInt32?
    /// The split pattern of the first pre-tokenization step, if any.
    public let pattern: SplitPattern?
    public let definition: TokenizerDefinition

    let model: BPEModel
    private let steps: [TokenizerDefinition.Step]
    private let scanners: [PieceScanner?]
    private let gpt2Scanner = PieceScanner(.gpt2)
    /// The common shapes (one split step, possibly followed by a plain ByteLevel) take a direct loop.
    private let directScanner: PieceScanner?
    private let directWhole: Bool
    private let verbatimTokens: AddedTokenMatcher
    private let normalizedTokens: AddedTokenMatcher
    private let template: [TokenizerDefinition.TemplateItem]?
    private let decodeOffsets: [Int]
    private let decodeArena: [UInt8]
    private let specialIDs: Set<UInt32>

    private let scratchLock = NSLock()
    private var idleScratch: [EncoderScratch] = []

    /// Names the end-of-text and beginning-of-text tokens go by, in order of preference.
    public static let endOfTextNames = ["<|endoftext|>", "<|end_of_text|>", "</s>", "<eos>", "<|eos|>", "<|im_end|>"]
    public static let beginOfTextNames = ["<|begin_of_text|>", "<|beginoftext|>", "<|startoftext|>", "<s>", "<bos>", "<|bos|>"]

    /// Loads a HuggingFace tokenizer.json, or a tiktoken rank file when `pattern` is given
    /// (`gpt2`, `cl100k`, `o200k`, `llama3`, `qwen2`, or an encoding name such as `cl100k_base`).
    public static func load(path: String, pattern: String? = nil) throws -> Tokenizer {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            let exists = FileManager.default.fileExists(atPath: path)
            throw PriorMixError(exists ? .io : .usage, exists ? "cannot read tokenizer: \(error.localizedDescription)" : "no such file", file: path)
        }
        let hash = SHA256.hex(of: bytes)
        if let pattern {
            guard let split = SplitPattern(name: pattern) else {
                throw PriorMixError(.usage, "unknown tiktoken pattern '\(pattern)'", file: path,
                                    hint: "use one of \(SplitPattern.namesHelp) (or an encoding name like cl100k_base)")
            }
            let definition = try TiktokenRanks.definition(parsing: bytes, path: path, pattern: split)
            return try Tokenizer(definition: definition, source: path, fileSHA256: hash)
        }
        let definition = try TokenizerJSON.definition(parsing: bytes, path: path)
        return try Tokenizer(definition: definition, source: path, fileSHA256: hash)
    }

    /// Builds a tokenizer from a definition (throws when merges name tokens that do not exist).
    public init(definition: TokenizerDefinition, source: String = "memory", fileSHA256: String? = nil) throws {
        self.definition = definition
        self.source = source
        self.fileSHA256 = fileSHA256 ?? SHA256.hex(of: TokenizerJSON.serialize(definition))
        steps = definition.steps
        scanners = definition.steps.map { step in
            if case .split(let pattern) = step { return PieceScanner(pattern) }
            return nil
        }
        pattern = definition.pattern
        let byteLevel = definition.byteLevel

        // The vocabulary by raw bytes; ids by token text for resolving merges.
        var idOfToken: [String: UInt32] = [:]
        idOfToken.reserveCapacity(definition.vocabulary.count)
        let table = ByteStringTable(capacity: definition.vocabulary.count)
        var maxID: Int64 = -1
        var bytesOfID: [UInt32: [UInt8]] = [:]
        for (token, id) in definition.vocabulary {
            idOfToken[token] = id
            maxID = max(maxID, Int64(id))
            let raw = byteLevel ? ByteLevelAlphabet.decode(token) : Array(token.utf8)
            if let raw, !raw.isEmpty {
                table.set(raw, id)
                bytesOfID[id] = raw
            }
        }
        table.freeze()

        let merges: PairTable
        switch definition.merges {
        case .ranked(let list):
            merges = PairTable(capacity: list.count)
            for (rank, (left, right)) in list.enumerated() {
                guard let a = idOfToken[left], let b = idOfToken[right] else {
                    throw PriorMixError(.malformedInput, "merge \(rank) ('\(left) \(right)') names a token that is not in the vocabulary", file: source)
                }
                guard let merged = idOfToken[left + right] else {
                    throw PriorMixError(.malformedInput, "merge \(rank) ('\(left) \(right)') makes '\(left + right)', which is not in the vocabulary", file: source)
                }
                merges.set(a, b, rank: UInt32(rank), merged: merged)
            }
        case .byteRanks:
            // Every split of a token into two tokens is a merge (the table does not grow, so the
            // pairs are collected first to size it).
            var pairs: [(UInt32, UInt32, UInt32)] = []
            for (id, raw) in bytesOfID where raw.count >= 2 {
                raw.withUnsafeBufferPointer { p in
                    for split in 1..<raw.count {
                        if let a = table.lookup(p.baseAddress!, split), let b = table.lookup(p.baseAddress! + split, raw.count - split) {
                            pairs.append((a, b, id))
                        }
                    }
                }
            }
            merges = PairTable(capacity: pairs.count)
            for (a, b, id) in pairs { merges.set(a, b, rank: id, merged: id) }
        }

        var byteSymbol = [UInt32](repeating: .max, count: 256)
        if byteLevel {
            for b in 0..<256 {
                if let id = idOfToken[String(ByteLevelAlphabet.character(for: UInt8(b)))] { byteSymbol[b] = id }
            }
        }
        var fallbackID = [UInt32](repeating: .max, count: 256)
        for b in 0..<256 {
            if let id = idOfToken[String(format: "<0x%02X>", b)] { fallbackID[b] = id }
        }
        var unknownID: UInt32?
        if let unknown = definition.unknownToken {
            guard let id = idOfToken[unknown] else {
                throw PriorMixError(.malformedInput, "unk_token '\(unknown)' is not in the vocabulary", file: source)
            }
            unknownID = id
        }
        model = BPEModel(alphabet: byteLevel ? .bytes : .characters, merges: merges, vocabulary: table,
                         ignoreMerges: definition.ignoreMerges, byteFallback: definition.byteFallback,
                         unknownID: unknownID, fuseUnknown: definition.fuseUnknown,
                         byteSymbol: byteSymbol, fallbackID: fallbackID)

        verbatimTokens = AddedTokenMatcher(tokens: definition.addedTokens.filter { !$0.normalized })
        normalizedTokens = AddedTokenMatcher(tokens: definition.addedTokens.filter { $0.normalized })
        template = definition.template
        specialIDs = Set(definition.addedTokens.filter(\.special).map(\.id))

        switch (definition.steps.first, definition.steps.count) {
        case (.split(let p)?, 1):
            directScanner = PieceScanner(p); directWhole = false
        case (.split(let p)?, 2) where definition.steps[1] == .byteLevel(addPrefixSpace: false, useRegex: false):
            directScanner = PieceScanner(p); directWhole = false
        case (.byteLevel(false, true)?, 1):
            directScanner = PieceScanner(.gpt2); directWhole = false
        case (nil, 0), (.byteLevel(false, false)?, 1):
            directScanner = nil; directWhole = true
        default:
            directScanner = nil; directWhole = false
        }

        // What each id decodes to, as HF's decoders would produce it.
        for token in definition.addedTokens { maxID = max(maxID, Int64(token.id)) }
        // Decoding tables are indexed by id; a stray huge id must not allocate gigabytes.
        guard maxID < 1 << 26 else {
            throw PriorMixError(.malformedInput, "token id \(maxID) is larger than any real vocabulary (limit 67,108,863)", file: source)
        }
        vocabularySize = Int(maxID + 1)
        var texts = [String?](repeating: nil, count: vocabularySize)
        for (token, id) in definition.vocabulary { texts[Int(id)] = token }
        for token in definition.addedTokens { texts[Int(token.id)] = token.content }
        var offsets = [Int](repeating: 0, count: vocabularySize + 1)
        var arena: [UInt8] = []
        for id in 0..<vocabularySize {
            if let text = texts[id] {
                arena.append(contentsOf: Tokenizer.decodedBytes(of: text, byteLevel: definition.decodeByteLevel,
                                                                byteFallback: definition.decodeByteFallback))
            }
            offsets[id + 1] = arena.count
        }
        decodeOffsets = offsets
        decodeArena = arena

        let added = Dictionary(definition.addedTokens.map { ($0.content, $0.id) }, uniquingKeysWith: { _, last in last })
        endOfTextID = Tokenizer.endOfTextNames.lazy.compactMap { added[$0] ?? idOfToken[$0] }.first
        beginOfTextID = Tokenizer.beginOfTextNames.lazy.compactMap { added[$0] ?? idOfToken[$0] }.first
    }

    static func decodedBytes(of token: String, byteLevel: Bool, byteFallback: Bool) -> [UInt8] {
        if byteFallback, token.utf8.count == 6, token.hasPrefix("<0x"), token.hasSuffix(">"),
           let value = UInt8(token.dropFirst(3).dropLast(), radix: 16) {
            return [value]
        }
        if byteLevel, let raw = ByteLevelAlphabet.decode(token) { return raw }
        return Array(token.utf8)
    }

    // MARK: - Encoding

    /// The ids of `text`, as HF's `encode(text, add_special_tokens=False)` gives them: added and
    /// special tokens written in the text are recognised. Safe to call from many threads.
    public func encode(_ text: String) -> [UInt32] {
        encode(text, addSpecialTokens: false)
    }

    /// With `addSpecialTokens`, the post-processor's template (e.g. a BOS token) is applied too.
    public func encode(_ text: String, addSpecialTokens: Bool, recogniseAddedTokens: Bool = true) -> [UInt32] {
        withScratch { encode(text, addSpecialTokens, recogniseAddedTokens, $0) }
    }

    private func encode(_ text: String, _ addSpecialTokens: Bool, _ recogniseAddedTokens: Bool, _ scratch: EncoderScratch) -> [UInt32] {
        var text = text
        var out: [UInt32] = []
        out.reserveCapacity(text.utf8.count / 3 + 4)
        text.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return }
            if addSpecialTokens, let template {
                for item in template {
                    switch item {
                    case .special(let ids): out.append(contentsOf: ids)
                    case .sequence: encodeText(base, buffer.count, recogniseAddedTokens, scratch, &out)
                    }
                }
            } else {
                encodeText(base, buffer.count, recogniseAddedTokens, scratch, &out)
            }
        }
        if addSpecialTokens, let template, text.isEmpty {
            out = template.flatMap { if case .special(let ids) = $0 { return ids } else { return [] } }
        }
        return out
    }

    /// Ids of text that is all ordinary: `<|endoftext|>` written in a document stays plain text
    /// (tiktoken's `encode_ordinary`), so documents cannot forge document boundaries.
    public func encodeOrdinary(_ text: String) -> [UInt32] {
        encode(text, addSpecialTokens: false, recogniseAddedTokens: false)
    }

    /// Ids of raw bytes; invalid UTF-8 is first repaired to U+FFFD, as when text is read.
    public func encode(bytes: [UInt8]) -> [UInt32] {
        encode(UTF8Repair.string(from: bytes).text)
    }

    /// Encodes every text on all cores; the result is in input order and identical to calling
    /// `encode(_:addSpecialTokens:recogniseAddedTokens:)` on each.
    public func encodeBatch(_ texts: [String], addSpecialTokens: Bool = false, recogniseAddedTokens: Bool = true,
                            threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> [[UInt32]] {
        var results = [[UInt32]](repeating: [], count: texts.count)
        let workers = max(1, min(threads, texts.count))
        if workers == 1 {
            for (i, text) in texts.enumerated() { results[i] = encode(text, addSpecialTokens: addSpecialTokens, recogniseAddedTokens: recogniseAddedTokens) }
            return results
        }
        let lock = NSLock()
        var nextIndex = 0
        let chunk = max(1, min(64, texts.count / (workers * 16)))
        results.withUnsafeMutableBufferPointer { output in
            let output = output
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    lock.lock()
                    let start = nextIndex
                    nextIndex += chunk
                    lock.unlock()
                    if start >= texts.count { break }
                    // One scratch per chunk: the pool's lock is taken per chunk, not per document.
                    withScratch { scratch in
                        for i in start..<min(start + chunk, texts.count) { output[i] = encode(texts[i], addSpecialTokens, recogniseAddedTokens, scratch) }
                    }
                }
            }
        }
        return results
    }

    private func withScratch<R>(_ body: (EncoderScratch) -> R) -> R {
        scratchLock.lock()
        let scratch = idleScratch.popLast() ?? EncoderScratch(steps: steps.count)
        scratchLock.unlock()
        defer {
            scratchLock.lock()
            idleScratch.append(scratch)
            scratchLock.unlock()
        }
        return body(scratch)
    }

    @inline(__always)
    private func encodeText(_ p: UnsafePointer<UInt8>, _ count: Int, _ recogniseAddedTokens: Bool,
                            _ scratch: EncoderScratch, _ out: inout [UInt32]) {
        guard recogniseAddedTokens else { return runSteps(0, p, 0, count, scratch, &out) }
        if verbatimTokens.isEmpty { return encodeNormalizedLevel(p, 0, count, scratch, &out) }
        verbatimTokens.split(p, 0, count, onText: { s, e in
            encodeNormalizedLevel(p, s, e, scratch, &out)
        }, onToken: { out.append($0) })
    }

    @inline(__always)
    private func encodeNormalizedLevel(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, _ scratch: EncoderScratch, _ out: inout [UInt32]) {
        if normalizedTokens.isEmpty { return runSteps(0, p, s, e, scratch, &out) }
        // HF matches these tokens within each stretch left by the verbatim ones, as a new sentence.
        normalizedTokens.split(p, s, e, onText: { s2, e2 in
            runSteps(0, p, s2, e2, scratch, &out)
        }, onToken: { out.append($0) })
    }

    /// Runs pre-tokenization steps `k...` over `p[s..<e]` and encodes each resulting piece.
    private func runSteps(_ k: Int, _ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, _ scratch: EncoderScratch, _ out: inout [UInt32]) {
        guard s < e else { return }
        if k == 0 {
            if let scanner = directScanner {
                var i = s
                while i < e {
                    let j = scanner.pieceEnd(p, i, e)
                    model.encode(p + i, j - i, scratch, &out)
                    i = j
                }
                return
            }
            if directWhole { return model.encode(p + s, e - s, scratch, &out) }
        }
        if k == steps.count { return model.encode(p + s, e - s, scratch, &out) }
        switch steps[k] {
        case .split:
            let scanner = scanners[k]!
            var i = s
            while i < e {
                let j = scanner.pieceEnd(p, i, e)
                runSteps(k + 1, p, i, j, scratch, &out)
                i = j
            }
        case .byteLevel(let addPrefixSpace, let useRegex):
            if addPrefixSpace && p[s] != 0x20 {
                // HF prepends a space to every piece reaching this step that lacks one.
                var buffer = scratch.prefixBuffers[k]
                scratch.prefixBuffers[k] = []
                buffer.removeAll(keepingCapacity: true)
                buffer.append(0x20)
                buffer.append(contentsOf: UnsafeBufferPointer(start: p + s, count: e - s))
                buffer.withUnsafeBufferPointer { b in
                    byteLevelPieces(k, b.baseAddress!, 0, b.count, useRegex, scratch, &out)
                }
                scratch.prefixBuffers[k] = buffer
            } else {
                byteLevelPieces(k, p, s, e, useRegex, scratch, &out)
            }
        }
    }

    private func byteLevelPieces(_ k: Int, _ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, _ useRegex: Bool,
                                 _ scratch: EncoderScratch, _ out: inout [UInt32]) {
        guard useRegex else { return runSteps(k + 1, p, s, e, scratch, &out) }
        var i = s
        while i < e {
            let j = gpt2Scanner.pieceEnd(p, i, e)
            runSteps(k + 1, p, i, j, scratch, &out)
            i = j
        }
    }

    // MARK: - Decoding

    /// The bytes the ids stand for; unknown ids are skipped.
    public func decodeBytes(_ ids: [UInt32], skipSpecialTokens: Bool = false) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ids.count * 4)
        decodeArena.withUnsafeBufferPointer { arena in
            for id in ids where Int(id) < vocabularySize {
                if skipSpecialTokens && specialIDs.contains(id) { continue }
                let range = decodeOffsets[Int(id)]..<decodeOffsets[Int(id) + 1]
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: arena[range]))
            }
        }
        return bytes
    }

    /// The text of the ids (invalid UTF-8 from partial sequences becomes U+FFFD, as in HF).
    /// `decode(encode(x)) == x` for every string `x`.
    public func decode(_ ids: [UInt32], skipSpecialTokens: Bool = false) -> String {
        String(decoding: decodeBytes(ids, skipSpecialTokens: skipSpecialTokens), as: UTF8.self)
    }

    /// The text form of one token (as in the vocabulary), or nil for an unused id.
    public func tokenText(_ id: UInt32) -> String? {
        if let added = definition.addedTokens.last(where: { $0.id == id }) { return added.content }
        return definition.vocabulary.first { $0.1 == id }?.0
    }
}
