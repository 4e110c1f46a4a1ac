/// A BPE model over raw bytes: the vocabulary keyed by the bytes each token stands for, the merge
/// table, and how a piece's bytes become the first symbols (byte-level alphabet, or characters
/// with byte fallback and an unknown token, as HF's BPE does).
final class BPEModel: @unchecked Sendable {
    enum Alphabet {
        /// GPT-2 byte-level: every byte is a symbol (its alphabet character in tokenizer.json).
        case bytes
        /// Unicode scalars are symbols; missing ones fall back to `<0xXX>` tokens or the unknown token.
        case characters
    }

    let alphabet: Alphabet
    let merges: PairTable
    /// Token id by the raw bytes it encodes (only tokens a piece can spell).
    let vocabulary: ByteStringTable
    /// HF `ignore_merges` (and tiktoken's rule): a piece that is itself a token is not merged.
    let ignoreMerges: Bool
    let byteFallback: Bool
    let unknownID: UInt32?
    let fuseUnknown: Bool
    /// Byte-level: the symbol of each byte, or `UInt32.max` when the vocabulary lacks it.
    let byteSymbol: [UInt32]
    let allBytesKnown: Bool
    /// `<0x00>` … `<0xFF>`, `UInt32.max` where absent.
    let fallbackID: [UInt32]

    init(alphabet: Alphabet, merges: PairTable, vocabulary: ByteStringTable, ignoreMerges: Bool,
         byteFallback: Bool, unknownID: UInt32?, fuseUnknown: Bool, byteSymbol: [UInt32], fallbackID: [UInt32]) {
        self.alphabet = alphabet
        self.merges = merges
        self.vocabulary = vocabulary
        self.ignoreMerges = ignoreMerges
        self.byteFallback = byteFallback
        self.unknownID = unknownID
        self.fuseUnknown = fuseUnknown
        self.byteSymbol = byteSymbol
        self.allBytesKnown = alphabet == .bytes && !byteSymbol.contains(.max)
        self.fallbackID = fallbackID
    }

    /// Appends the ids of one piece (`count > 0` bytes at `p`) to `out`.
    @inline(__always)
    func encode(_ p: UnsafePointer<UInt8>, _ count: Int, _ scratch: EncoderScratch, _ out: inout [UInt32]) {
        if count == 1 && allBytesKnown {
            out.append(byteSymbol[Int(p[0])])
            return
        }
        let cacheable = count <= PieceCache.maxPieceBytes
        var key = PieceCache.Key(w0: 0, w1: 0, w2: 0, meta: 0, slot: 0)
        if cacheable {
            key = PieceCache.key(p, count)
            if scratch.cache.lookup(key, into: &out) { return }
        }
        if ignoreMerges, let id = vocabulary.lookup(p, count) {
            out.append(id)
            if cacheable {
                var single = id
                scratch.cache.insert(key, &single, 1)
            }
            return
        }
        scratch.reserve(count * 2 + 2)
        var n = symbolize(p, count, scratch)
        n = BPEMerge.apply(scratch, n, merges)
        out.append(contentsOf: UnsafeBufferPointer(start: scratch.symbols, count: n))
        if cacheable { scratch.cache.insert(key, scratch.symbols, n) }
    }

    /// Writes the first symbols of a piece into `scratch.symbols`; returns their count.
    @inline(__always)
    private func symbolize(_ p: UnsafePointer<UInt8>, _ count: Int, _ scratch: EncoderScratch) -> Int {
        let sym = scratch.symbols
        if allBytesKnown {
            byteSymbol.withUnsafeBufferPointer { table in
                for i in 0..<count { sym[i] = table[Int(p[i])] }
            }
            return count
        }
        return symbolizeWithGaps(p, count, sym)
    }

    /// HF `BPE::merge_word` for alphabets with holes: a unit missing from the vocabulary becomes
    /// its `<0xXX>` tokens (byte fallback), else the unknown token (fused with neighbours if
    /// `fuse_unk`), else nothing. As in HF, a pending unknown token is only written when the next
    /// known unit or the end arrives, so byte-fallback tokens can precede it.
    private func symbolizeWithGaps(_ p: UnsafePointer<UInt8>, _ count: Int, _ sym: UnsafeMutablePointer<UInt32>) -> Int {
        var n = 0
        var pendingUnknown = false
        var i = 0
        while i < count {
            // The unit: one byte (byte-level) or one scalar (characters).
            let length = alphabet == .bytes ? 1 : UTF8Length.ofLeadByte(p[i])
            let id: UInt32? = alphabet == .bytes
                ? (byteSymbol[Int(p[i])] == .max ? nil : byteSymbol[Int(p[i])])
                : vocabulary.lookup(p + i, length)
            if let id {
                if pendingUnknown { sym[n] = unknownID!; n += 1; pendingUnknown = false }
                sym[n] = id
                n += 1
            } else if byteFallback, let ids = fallbackIDs(of: p + i, length) {
                for id in ids { sym[n] = id; n += 1 }
            } else if unknownID != nil {
                if pendingUnknown && !fuseUnknown { sym[n] = unknownID!; n += 1 }
                pendingUnknown = true
            }
            i += length
        }
        if pendingUnknown { sym[n] = unknownID!; n += 1 }
        return n
    }

    /// The `<0xXX>` ids of a unit's UTF-8 bytes (for byte-level units: of its alphabet character).
    private func fallbackIDs(of p: UnsafePointer<UInt8>, _ length: Int) -> [UInt32]? {
        let bytes: [UInt8] = alphabet == .bytes
            ? Array(String(ByteLevelAlphabet.character(for: p[0])).utf8)
            : Array(UnsafeBufferPointer(start: p, count: length))
        var ids: [UInt32] = []
        for byte in bytes {
            let id = fallbackID[Int(byte)]
            if id == .max { return nil }
            ids.append(id)
        }
        return ids
    }
}

enum UTF8Length {
    @inline(__always) static func ofLeadByte(_ b: UInt8) -> Int {
        b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
    }
}
