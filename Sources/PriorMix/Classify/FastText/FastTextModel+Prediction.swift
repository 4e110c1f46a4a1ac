import Foundation

extension FastTextModel {
    public struct Prediction: Sendable, Equatable {
        /// The label without fastText's `__label__` prefix.
        public var label: String
        /// The probability fastText's `predict` reports: exp of its log score, where fastText adds
        /// 1e-5 before every log (so a certain label reports 1.00001). For `-loss hs` models it is the
        /// product over the label's tree path; for softmax, the softmax; for one-vs-all, the sigmoid.
        public var probability: Double
    }

    /// The `k` most probable labels of one document, best first, as fastText's `predict` gives them
    /// for the line `text + "\n"`: newlines and other ASCII whitespace separate words (fastText itself
    /// stops at the first newline, which is why callers such as datatrove replace newlines first).
    /// `k <= 0` asks for every label (fastText's `k = -1`); labels below `threshold` are left out.
    /// Empty when the text gives no feature the model knows.
    ///
    /// Complexity: O(text length + features × dim + work of the loss); safe to call from many threads.
    public func predict(_ text: String, k: Int = 1, threshold: Double = 0) -> [Prediction] {
        var text = text
        return text.withUTF8 { predict(utf8: $0, k: k, threshold: threshold) }
    }

    /// `predict` over UTF-8 bytes (no String needed).
    public func predict(utf8 text: UnsafeBufferPointer<UInt8>, k: Int = 1, threshold: Double = 0) -> [Prediction] {
        ranked(utf8: text, k: k, threshold: threshold).map {
            Prediction(label: dictionary.label(Int($0.label)), probability: Double(Foundation.exp($0.score)))
        }
    }

    /// The best `k` (label index, fastText log score) pairs, best first, in fastText's order.
    /// `cache` (the calling thread's, `FastTextFeatureCache.forCurrentThread`) spares repeated
    /// tokens their feature computation; results are the same with or without it.
    func ranked(utf8 text: UnsafeBufferPointer<UInt8>, k: Int, threshold: Double, cache: FastTextFeatureCache? = nil) -> [(score: Float, label: Int32)] {
        let labelCount = dictionary.labelCount
        guard labelCount > 0 else { return [] }
        var hidden = [Float](repeating: 0, count: dimension)
        guard computeHidden(text, into: &hidden, cache: cache) else { return [] }
        let capacity = k <= 0 ? labelCount : min(k, labelCount)
        var heap = bestScores(hidden, capacity: capacity, threshold: Float(threshold))
        return heap.sorted()
    }

    /// The heap of the best `capacity` labels of a hidden layer whose probability reaches
    /// `threshold`: the tree's search, or fastText's findKBest (threshold on the probability,
    /// ranking on its log).
    private func bestScores(_ hidden: [Float], capacity: Int, threshold: Float) -> PredictionHeap {
        var heap = PredictionHeap(capacity: capacity)
        hidden.withUnsafeBufferPointer { h in
            let hidden = h.baseAddress!
            if let tree {
                tree.search(k: capacity, threshold: threshold, heap: &heap) { output.dotRow($0, with: hidden) }
            } else {
                for (label, probability) in labelScores(hidden).enumerated() where probability >= threshold {
                    let score = HierarchicalSoftmaxTree.fastTextLog(probability)
                    if heap.isFull && score < heap.worst { continue }
                    heap.insert(score: score, label: Int32(label))
                }
            }
        }
        return heap
    }

    /// The first entry of fastText's full ranking (`ranked` with k = every label, threshold 0) and the
    /// first whose label is in `labels` (nil: no list), without ranking all of them: with room for
    /// every label the heap drops nothing, so the ranking only decides between equal scores. When the
    /// best score (or the best among `labels`) is shared, or a score is NaN, the full ranking decides.
    func bestEntries(utf8 text: UnsafeBufferPointer<UInt8>, among labels: Set<Int32>?, cache: FastTextFeatureCache? = nil)
        -> (top: (score: Float, label: Int32)?, best: (score: Float, label: Int32)?) {
        let labelCount = dictionary.labelCount
        guard labelCount > 0 else { return (nil, nil) }
        var hidden = [Float](repeating: 0, count: dimension)
        guard computeHidden(text, into: &hidden, cache: cache) else { return (nil, nil) }
        if let tree {
            // The two entries straight from the tree, skipping subtrees that cannot hold them.
            let found = hidden.withUnsafeBufferPointer { h in tree.best(among: labels) { output.dotRow($0, with: h.baseAddress!) } }
            if let found { return found }
        }
        var heap = bestScores(hidden, capacity: labelCount, threshold: 0)
        // The best entry among those `include` accepts, and whether another has the same score.
        func unique(_ include: (Int32) -> Bool) -> (entry: (score: Float, label: Int32)?, decided: Bool) {
            var best: (score: Float, label: Int32)?
            var decided = true
            for entry in heap.entries where include(entry.label) {
                if entry.score.isNaN { return (nil, false) }
                if let current = best {
                    if entry.score > current.score { best = entry; decided = true } else if entry.score == current.score { decided = false }
                } else {
                    best = entry
                }
            }
            return (best, decided)
        }
        let top = unique { _ in true }
        let best = labels.map { labels in unique { labels.contains($0) } } ?? top
        if top.decided && best.decided { return (top.entry, best.entry) }
        let ranked = heap.sorted()
        return (ranked.first, labels.map { labels in ranked.first { labels.contains($0.label) } } ?? ranked.first)
    }

    /// Every label's probability, indexed like `labels`: the softmax or sigmoids themselves (without
    /// fastText's 1e-5), or for `-loss hs` the path products fastText reports. All zero when the text
    /// gives no known feature.
    public func probabilities(_ text: String) -> [Double] {
        var text = text
        return text.withUTF8 { probabilities(utf8: $0) }
    }

    /// `probabilities` of text given as UTF-8 bytes.
    public func probabilities(utf8 text: UnsafeBufferPointer<UInt8>) -> [Double] {
        let labelCount = dictionary.labelCount
        if tree != nil {
            var result = [Double](repeating: 0, count: labelCount)
            for entry in ranked(utf8: text, k: 0, threshold: 0) {
                result[Int(entry.label)] = Double(Foundation.exp(entry.score))
            }
            return result
        }
        var hidden = [Float](repeating: 0, count: dimension)
        guard computeHidden(text, into: &hidden) else { return [Double](repeating: 0, count: labelCount) }
        return hidden.withUnsafeBufferPointer { labelScores($0.baseAddress!).map(Double.init) }
    }

    /// fastText's hidden layer: the mean of the input rows of every feature of `text`, added in
    /// feature order and scaled by 1/count rounded from double, as fastText does. False when the text
    /// has no feature (the hidden layer is then undefined).
    func computeHidden(_ text: UnsafeBufferPointer<UInt8>, into hidden: inout [Float], cache: FastTextFeatureCache? = nil) -> Bool {
        // Word n-grams hash token pairs across the line: those models take the uncached way.
        if let cache, args.wordNgrams <= 1, cache.payloadWidth == input.payloadWidth {
            return computeHiddenCached(text, into: &hidden, cache: cache)
        }
        return computeHidden(tokens: FastTextLineTokens(text: text), into: &hidden)
    }

    /// `computeHidden` of the tokens a caller cuts itself (the end-of-line token included),
    /// without the feature cache.
    @inline(__always)
    func computeHidden<Tokens: FastTextTokenSource>(tokens: Tokens, into hidden: inout [Float]) -> Bool {
        var count = 0
        var labels: [Int32] = []
        var hashes: [Int32] = []
        hidden.withUnsafeMutableBufferPointer { h in
            input.withRowAdder(to: h.baseAddress!) { addRow in
                dictionary.forEachFeature(tokens: tokens, labels: &labels, hashes: &hashes) { id in
                    addRow(Int(id))
                    count += 1
                }
            }
        }
        guard count > 0 else { return false }
        let scale = Float(1.0 / Double(count))
        for index in hidden.indices { hidden[index] *= scale }
        return true
    }

    /// `computeHidden` through the thread's feature cache (models without word n-grams): a token
    /// seen before adds its cached rows, a new one is looked up, its features computed and cached,
    /// then added; the same rows in the same order either way. Label tokens add nothing, as there.
    ///
    /// The document's tokens and their cache hashes are found first, so that while one token is
    /// added the cache slot of the token sixteen places ahead and the record of the one eight places
    /// ahead are already being fetched (and, for a token certainly not cached, its dictionary slot).
    private func computeHiddenCached(_ text: UnsafeBufferPointer<UInt8>, into hidden: inout [Float], cache: FastTextFeatureCache) -> Bool {
        var count = 0
        var tokens = cache.tokens
        cache.tokens = []
        tokens.removeAll(keepingCapacity: true)
        if let base = text.baseAddress {
            FastTextDictionary.forEachToken(of: text, endOfLine: false) { token in
                let start = token.baseAddress! - base
                tokens.append(FastTextFeatureCache.TokenSpan(start: start, count: Int32(token.count),
                                                             hash: FastTextFeatureCache.keyHash(token, readable: text.count - start)))
            }
        }
        hidden.withUnsafeMutableBufferPointer { h in
            input.withPayloadAdder(to: h.baseAddress!) { addPayload in input.withPayloadRunAdder(to: h.baseAddress!) { addRun in
            input.withPayloadPrefetcher { prefetchRow in
                @inline(__always) func add(_ token: UnsafeBufferPointer<UInt8>, hash: UInt32, readable: Int) {
                    let cacheable = token.count <= FastTextFeatureCache.maximumTokenBytes
                    if cacheable, let cached = cache.cachedPayloads(token, hash: hash, readable: readable) {
                        if cached.count > 0 { addRun(cached.first, cached.count) }
                        count += cached.count
                        return
                    }
                    let (wid, isLabel) = dictionary.lookup(token, hash: FastTextDictionary.hash(token))
                    if isLabel { return }
                    // Ids whose rows are added one payload at a time, not from the cache.
                    @inline(__always) func addEach(_ ids: UnsafePointer<Int32>, _ idCount: Int) {
                        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: input.payloadWidth) { payload in
                            for index in 0..<idCount {
                                input.writePayload(row: Int(ids[index]), to: payload.baseAddress!)
                                addPayload(payload.baseAddress!)
                            }
                        }
                        count += idCount
                    }
                    guard cacheable else {
                        // A token too long to cache (rare): its ids go through a temporary buffer.
                        withUnsafeTemporaryAllocation(of: Int32.self, capacity: dictionary.featureBound(byteCount: token.count)) { ids in
                            addEach(ids.baseAddress!, dictionary.tokenFeatures(token, wid: wid, into: ids.baseAddress!))
                        }
                        return
                    }
                    let ids = cache.reservePending(dictionary.featureBound(byteCount: token.count))
                    let idCount = dictionary.tokenFeatures(token, wid: wid, into: ids)
                    for index in 0..<idCount { prefetchRow(Int(ids[index])) }
                    cache.pendingCount = idCount
                    if let stored = cache.insertPending(token, hash: hash, payload: { input.writePayload(row: Int($0), to: $1) }) {
                        if stored.count > 0 { addRun(stored.first, stored.count) }
                        count += stored.count
                    } else {
                        // A record larger than the cache's whole arena (only tests make such caches).
                        addEach(ids, idCount)
                    }
                }
                tokens.withUnsafeBufferPointer { tokens in
                    guard let base = text.baseAddress else { return }
                    let total = tokens.count
                    for index in 0..<total {
                        if index + 16 < total { cache.prefetchSlot(hash: tokens[index + 16].hash) }
                        if index + 8 < total, !cache.prefetchRecord(hash: tokens[index + 8].hash) {
                            let ahead = tokens[index + 8]
                            dictionary.prefetchLookup(hash: FastTextDictionary.hash(UnsafeBufferPointer(start: base + ahead.start, count: Int(ahead.count))))
                        }
                        let token = tokens[index]
                        add(UnsafeBufferPointer(start: base + token.start, count: Int(token.count)), hash: token.hash, readable: text.count - token.start)
                    }
                }
                FastTextDictionary.endOfSentence.withUnsafeBufferPointer {
                    add($0, hash: FastTextFeatureCache.keyHash($0, readable: $0.count), readable: $0.count)
                }
            } } }
        }
        cache.tokens = tokens
        guard count > 0 else { return false }
        let scale = Float(1.0 / Double(count))
        for index in hidden.indices { hidden[index] *= scale }
        return true
    }

    /// Softmax (fastText's `SoftmaxLoss::computeOutput`) or per-label sigmoids through fastText's
    /// table (one-vs-all and negative sampling) of the output rows against `hidden`.
    func labelScores(_ hidden: UnsafePointer<Float>) -> [Float] {
        let labelCount = dictionary.labelCount
        var scores = (0..<labelCount).map { output.dotRow($0, with: hidden) }
        if args.loss == .softmax {
            var maximum = scores[0]
            for score in scores { maximum = max(score, maximum) }
            var total: Float = 0
            for label in scores.indices { scores[label] = Foundation.exp(scores[label] - maximum); total += scores[label] }
            for label in scores.indices { scores[label] /= total }
        } else {
            for label in scores.indices { scores[label] = Sigmoid.table(scores[label]) }
        }
        return scores
    }
}

/// fastText's sigmoid: a 512-step table over [-8, 8], which one-vs-all predictions go through;
/// using the same table keeps probabilities equal to fastText's.
enum Sigmoid {
    static let tableSize = 512
    static let maximum: Float = 8
    static let values: [Float] = (0...tableSize).map { index in
        let x = Float(index * 2) * maximum / Float(tableSize) - maximum
        return Float(1.0 / (1.0 + Double(exp(-x))))  // fastText computes this step in double
    }

    @inline(__always)
    static func table(_ x: Float) -> Float {
        if x.isNaN { return x }  // a damaged model's NaN must not reach Int(_:), which traps
        if x < -maximum { return 0 }
        if x > maximum { return 1 }
        let index = Int((x + maximum) * Float(tableSize) / maximum / 2)
        return values[index]
    }
}
