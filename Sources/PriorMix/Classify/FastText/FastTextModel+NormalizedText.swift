import CPrefetch

extension FastTextModel {
    /// `probabilities(utf8: FastTextText.normalizedBytes(text))`, equal to the last bit, without
    /// building the normalised text: the tokens are cut, lowercased and hashed in one pass over the
    /// raw bytes (`FastTextText.forEachNormalizedToken`). What the default classifier's learned
    /// half runs on every document.
    public func probabilities(normalizing text: UnsafeBufferPointer<UInt8>) -> [Double] {
        // Tree models rank labels along paths; they take the general way.
        if tree != nil { return FastTextText.normalizedBytes(utf8: text).withUnsafeBufferPointer { probabilities(utf8: $0) } }
        var hidden = [Float](repeating: 0, count: dimension)
        // Sixteen bytes past the text, so that any token's first sixteen bytes can be loaded at once
        // (all initialised: the bytes a load reads past a token are masked off, but never undefined).
        let found = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: text.count + 16) { scratch in
            scratch.initialize(repeating: 0)
            if args.maxn <= 0, args.wordNgrams <= 1, case .dense(_, let columns, let values) = input {
                return computeHiddenOfWords(text, scratch: scratch.baseAddress!, columns: columns, values: values, into: &hidden)
            }
            return computeHidden(tokens: FastTextNormalizedTokens(text: text, scratch: scratch.baseAddress!), into: &hidden)
        }
        guard found else { return [Double](repeating: 0, count: dictionary.labelCount) }
        return hidden.withUnsafeBufferPointer { labelScores($0.baseAddress!).map(Double.init) }
    }

    private struct WordToken {
        var start: UnsafePointer<UInt8>
        var count: Int
        var hash: UInt32
    }

    /// `computeHidden` for a model whose features are its words alone (no character or word
    /// n-grams) and whose rows are plain floats, as the shipped classifier's. The same rows are
    /// added in the same order, but the lookups overlap: the document's tokens are cut and hashed
    /// first, then looked up while the table slots of tokens further on are already being fetched
    /// and each found word's row is fetched as soon as its id is known, and the rows are added last. One after another, each token waited for its slot and then its row, and
    /// those misses of the processor's caches were most of the model's time.
    /// `scratch` has sixteen readable bytes past `text.count`.
    private func computeHiddenOfWords(_ text: UnsafeBufferPointer<UInt8>, scratch: UnsafeMutablePointer<UInt8>, columns: Int, values: [Float],
                                      into hidden: inout [Float]) -> Bool {
        let dictionary = self.dictionary
        // At most one token a byte, and the end-of-line token.
        let capacity = text.count + 1
        return withUnsafeTemporaryAllocation(of: WordToken.self, capacity: capacity) { tokens in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: capacity) { ids in
                var tokenCount = 0
                FastTextText.forEachNormalizedToken(text, scratch: scratch) { token, hash in
                    tokens[tokenCount] = WordToken(start: token.baseAddress!, count: token.count, hash: hash)
                    tokenCount += 1
                }
                return values.withUnsafeBufferPointer { values in
                    let rows = values.baseAddress!
                    // First the frequent words' table, with the slot of the token eight places
                    // ahead already being fetched; a token not found there has its slot in the
                    // other table fetched at once, to be read in the second pass. `ids` holds
                    // each token's frequent entry (or -1) until the second pass, which overwrites
                    // it from the front with the found ids, never ahead of what it reads.
                    let ahead = 8
                    for index in 0..<min(ahead, tokenCount) { dictionary.prefetchFrequentLookup(hash: tokens[index].hash) }
                    for index in 0..<tokenCount {
                        if index + ahead < tokenCount { dictionary.prefetchFrequentLookup(hash: tokens[index + ahead].hash) }
                        let token = tokens[index]
                        let entry = dictionary.frequentEntry(UnsafeBufferPointer(start: token.start, count: token.count), hash: token.hash, padded: true)
                        ids[index] = entry
                        if entry < 0 { dictionary.prefetchRareLookup(hash: token.hash) }
                    }
                    var found = 0
                    @inline(__always) func add(_ wid: Int32?, isLabel: Bool) {
                        guard let wid, !isLabel else { return }
                        priormix_prefetch(rows + Int(wid) * columns)
                        ids[found] = wid
                        found += 1
                    }
                    dictionary.isLabelEntry.withUnsafeBufferPointer { isLabelEntry in
                        for index in 0..<tokenCount {
                            let entry = ids[index]
                            if entry >= 0 {
                                add(entry, isLabel: isLabelEntry[Int(entry)])
                            } else {
                                // A token in no entry adds nothing, whether it reads as a label or not.
                                let token = tokens[index]
                                let rare = dictionary.rareEntry(UnsafeBufferPointer(start: token.start, count: token.count), hash: token.hash, padded: true)
                                if rare >= 0 { add(rare, isLabel: isLabelEntry[Int(rare)]) }
                            }
                        }
                    }
                    FastTextDictionary.endOfSentence.withUnsafeBufferPointer {
                        let (wid, isLabel) = dictionary.lookup($0, hash: FastTextDictionary.hash($0))
                        add(wid, isLabel: isLabel)
                    }
                    guard found > 0 else { return false }
                    hidden.withUnsafeMutableBufferPointer { hidden in
                        if columns == 16 {
                            // The sums in a register rather than in memory: lane by lane the same
                            // additions in the same order.
                            var sum = SIMD16<Float>()
                            for index in 0..<found {
                                sum += UnsafeRawPointer(rows + Int(ids[index]) * 16).loadUnaligned(as: SIMD16<Float>.self)
                            }
                            for column in 0..<16 { hidden[column] = sum[column] }
                        } else {
                            for index in 0..<found {
                                let source = rows + Int(ids[index]) * columns
                                for column in 0..<columns { hidden[column] += source[column] }
                            }
                        }
                        let scale = Float(1.0 / Double(found))
                        for column in 0..<columns { hidden[column] *= scale }
                    }
                    return true
                }
            }
        }
    }
}
