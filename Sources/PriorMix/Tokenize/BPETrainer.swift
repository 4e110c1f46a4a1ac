import Foundation

/// Trains a byte-level BPE vocabulary: count the pre-tokenization pieces of a corpus (streamed,
/// on all cores), then repeatedly merge the most frequent adjacent pair. Ids 0–255 are the bytes
/// in byte order, then one id per merge, then the special tokens, so the vocabulary is exactly
/// `vocabularySize` tokens when the corpus supports that many merges.
///
/// ```
/// $ priormix tokenizer train corpus.jsonl.zst --vocab-size 32000 -o tokenizer.json
/// ```
public struct BPETrainer {
    public struct Options {
        public var vocabularySize = 32_000
        public var pattern: SplitPattern = .llama3
        /// Pairs seen fewer times than this are never merged.
        public var minFrequency: Int64 = 2
        /// Appended after the merges, in this order; the first is the end-of-text token.
        public var specialTokens = ["<|endoftext|>", "<|begin_of_text|>"]
        /// Pieces longer than this (runs of thousands of `=` or base64) are not counted.
        public var maxPieceBytes = 256
        public var threads = ProcessInfo.processInfo.activeProcessorCount
        /// Write `ignore_merges: true` (as Llama-3 does): a piece that is a token stays whole.
        public var ignoreMerges = true
        public var reader = ReaderOptions()
        /// A progress line on standard error while counting (only when it is a terminal).
        public var showProgress = true

        public init() {}
    }

    public var options: Options

    public init(options: Options) {
        self.options = options
    }

    public struct Statistics: Sendable {
        public var documents = 0
        public var textBytes = 0
        public var distinctPieces = 0
        public var merges = 0
        public var seconds = 0.0
    }

    // MARK: - Counting

    /// Counts pieces of the given texts into `counter` (one worker's share).
    func count(_ texts: [String], into counter: PieceCounter) {
        let scanner = PieceScanner(options.pattern)
        let specials = AddedTokenMatcher(tokens: options.specialTokens.enumerated().map { AddedToken(id: UInt32($0.offset), content: $0.element) })
        let limit = options.maxPieceBytes
        for var text in texts {
            text.withUTF8 { buffer in
                guard let p = buffer.baseAddress else { return }
                specials.split(p, 0, buffer.count, onText: { s, e in
                    scanner.forEachPiece(p, s, e) { i, j in
                        if j - i <= limit { counter.add(p + i, j - i) }
                    }
                }, onToken: { _ in })
            }
        }
    }

    /// Trains on in-memory texts (tests, small corpora).
    public func train(texts: [String]) -> (TokenizerDefinition, Statistics) {
        let started = Date()
        let counter = PieceCounter()
        count(texts, into: counter)
        var statistics = Statistics()
        statistics.documents = texts.count
        statistics.textBytes = texts.reduce(0) { $0 + $1.utf8.count }
        let definition = learn(counter, statistics: &statistics)
        statistics.seconds = Date().timeIntervalSince(started)
        return (definition, statistics)
    }

    /// Trains on files of any format `ingest` reads, streaming them: only the piece counts are
    /// held in memory.
    public func train(inputs: [String], log: (String) -> Void = { _ in }) throws -> (TokenizerDefinition, Statistics) {
        try StageRunner.validateInputs(inputs)
        let started = Date()
        var statistics = Statistics()
        let total = PieceCounter(capacity: 1 << 20)
        let normalizer = Normalizer(options: options.reader)
        var errors: [PriorMixError] = []
        let pool = OrderedWorkPool<[RawRecord], (PieceCounter, Int, Int, [PriorMixError])>(threads: options.threads, transform: { records in
            var texts: [String] = []
            var failures: [PriorMixError] = []
            for record in records {
                switch normalizer.normalize(record) {
                case .written(let document, _): texts.append(document.text)
                case .inputError(let error): failures.append(error)
                default: break
                }
            }
            let counter = PieceCounter()
            self.count(texts, into: counter)
            return (counter, texts.count, texts.reduce(0) { $0 + $1.utf8.count }, failures)
        }, consume: { counter, documents, bytes, failures in
            total.merge(counter)
            statistics.documents += documents
            statistics.textBytes += bytes
            errors += failures
        })
        let totalBytes = inputs.reduce(0) { $0 + StageRunner.totalBytes($1) }
        let progress = ProgressLine(label: "tokenizer train: counting", totalBytes: totalBytes,
                                    enabled: options.showProgress && ProgressLine.isTerminal)
        var bytesBefore = 0
        var records = 0
        var feeder = BatchFeeder(pool: pool, maxItems: 4096, maxBytes: 8 << 20)
        for input in inputs {
            let format = try options.reader.format ?? InputFormat.detect(path: input)
            let reader = try options.reader.reader(for: input, format: format)
            while let record = try reader.next() {
                records += 1
                if records & 255 == 0 { progress.update(documents: records, bytes: bytesBefore + reader.fileBytesConsumed) }
                feeder.add(record, bytes: record.heldBytes)
            }
            feeder.finish()
            bytesBefore += StageRunner.totalBytes(input)
            progress.clear()
            log("counted \(input): \(statistics.documents) documents, " + String(format: "%.1f", Double(statistics.textBytes) / 1e6) + " MB so far, \(total.count) distinct pieces")
        }
        if let error = errors.first { throw error }
        let definition = learn(total, statistics: &statistics)
        statistics.seconds = Date().timeIntervalSince(started)
        return (definition, statistics)
    }

    // MARK: - Merging

    /// A max-heap of (count, pair) with the smaller pair key first on equal counts, so training is
    /// deterministic.
    private struct PairHeap {
        var items: [(Int64, UInt64)] = []

        @inline(__always) static func before(_ a: (Int64, UInt64), _ b: (Int64, UInt64)) -> Bool {
            a.0 > b.0 || (a.0 == b.0 && a.1 < b.1)
        }

        mutating func push(_ item: (Int64, UInt64)) {
            items.append(item)
            var i = items.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard PairHeap.before(items[i], items[parent]) else { break }
                items.swapAt(i, parent)
                i = parent
            }
        }

        mutating func pop() -> (Int64, UInt64)? {
            guard !items.isEmpty else { return nil }
            let top = items[0]
            let last = items.removeLast()
            if !items.isEmpty {
                items[0] = last
                var i = 0
                while true {
                    let l = 2 * i + 1, r = l + 1
                    var best = i
                    if l < items.count && PairHeap.before(items[l], items[best]) { best = l }
                    if r < items.count && PairHeap.before(items[r], items[best]) { best = r }
                    if best == i { break }
                    items.swapAt(i, best)
                    i = best
                }
            }
            return top
        }
    }

    func learn(_ counter: PieceCounter, statistics: inout Statistics) -> TokenizerDefinition {
        statistics.distinctPieces = counter.count
        // Words as runs of symbols in one array; a word shrinks in place as pairs merge.
        var symbols: [UInt32] = []
        var start: [Int] = []
        var length: [Int] = []
        var frequency: [Int64] = []
        for i in 0..<counter.count {
            let bytes = counter.bytes(i)
            guard bytes.count >= 2 else { continue }
            start.append(symbols.count)
            length.append(bytes.count)
            frequency.append(counter.counts[i])
            for b in bytes { symbols.append(UInt32(b)) }
        }

        var pairCount: [UInt64: Int64] = [:]
        var wordsWith: [UInt64: [Int32]] = [:]
        for w in 0..<start.count {
            for k in start[w]..<(start[w] + length[w] - 1) {
                let key = PairTable.key(symbols[k], symbols[k + 1])
                pairCount[key, default: 0] += frequency[w]
                if wordsWith[key]?.last != Int32(w) { wordsWith[key, default: []].append(Int32(w)) }
            }
        }
        var heap = PairHeap()
        for (key, count) in pairCount { heap.push((count, key)) }

        var tokenBytes: [[UInt8]] = (0..<256).map { [UInt8($0)] }
        var idOfBytes: [[UInt8]: UInt32] = [:]
        for (id, bytes) in tokenBytes.enumerated() { idOfBytes[bytes] = UInt32(id) }
        var merges: [(UInt32, UInt32)] = []
        let target = options.vocabularySize - options.specialTokens.count
        var visited = [Int](repeating: -1, count: start.count)
        var delta: [UInt64: Int64] = [:]

        while tokenBytes.count < target, let (count, key) = heap.pop() {
            let current = pairCount[key] ?? 0
            if current != count {
                if current > 0 { heap.push((current, key)) }
                continue
            }
            if count < options.minFrequency { break }
            let a = UInt32(key >> 32), b = UInt32(key & 0xFFFF_FFFF)
            let bytes = tokenBytes[Int(a)] + tokenBytes[Int(b)]
            let merged: UInt32
            if let existing = idOfBytes[bytes] {
                merged = existing
            } else {
                merged = UInt32(tokenBytes.count)
                tokenBytes.append(bytes)
                idOfBytes[bytes] = merged
            }
            merges.append((a, b))
            let mergeIndex = merges.count
            delta.removeAll(keepingCapacity: true)
            for w32 in wordsWith[key] ?? [] {
                let w = Int(w32)
                if visited[w] == mergeIndex { continue }
                visited[w] = mergeIndex
                let f = frequency[w]
                let s = start[w]
                var n = length[w]
                var k = s
                while k < s + n - 1 {
                    guard symbols[k] == a && symbols[k + 1] == b else { k += 1; continue }
                    if k > s {
                        let left = symbols[k - 1]
                        delta[PairTable.key(left, a), default: 0] -= f
                        delta[PairTable.key(left, merged), default: 0] += f
                    }
                    if k + 2 < s + n {
                        let right = symbols[k + 2]
                        delta[PairTable.key(b, right), default: 0] -= f
                        delta[PairTable.key(merged, right), default: 0] += f
                    }
                    delta[key, default: 0] -= f
                    symbols[k] = merged
                    for m in (k + 1)..<(s + n - 1) { symbols[m] = symbols[m + 1] }
                    n -= 1
                    k += 1
                }
                length[w] = n
                for m in s..<(s + n - 1) where symbols[m] == merged || symbols[m + 1] == merged {
                    let pair = PairTable.key(symbols[m], symbols[m + 1])
                    if wordsWith[pair]?.last != w32 { wordsWith[pair, default: []].append(w32) }
                }
            }
            wordsWith[key] = nil
            for (pair, change) in delta where change != 0 {
                let updated = (pairCount[pair] ?? 0) + change
                pairCount[pair] = updated > 0 ? updated : nil
                if change > 0 { heap.push((updated, pair)) }
            }
        }
        statistics.merges = merges.count

        let texts = tokenBytes.map { ByteLevelAlphabet.encode($0) }
        var vocabulary = texts.enumerated().map { ($0.element, UInt32($0.offset)) }
        var added: [AddedToken] = []
        for special in options.specialTokens {
            let id = UInt32(vocabulary.count)
            vocabulary.append((special, id))
            added.append(AddedToken(id: id, content: special, normalized: false, special: true))
        }
        var definition = TokenizerDefinition(vocabulary: vocabulary,
                                             merges: .ranked(merges.map { (texts[Int($0.0)], texts[Int($0.1)]) }),
                                             steps: [.split(options.pattern), .byteLevel(addPrefixSpace: false, useRegex: false)])
        definition.addedTokens = added
        definition.ignoreMerges = options.ignoreMerges
        definition.decodeByteLevel = true
        return definition
    }
}
