/// Per-thread working memory for encoding: symbol buffers, the merge heap, the piece cache and
/// prefix-space buffers. `Tokenizer` hands one to each concurrent caller, so the tables it shares
/// stay read-only and no lock is taken per piece.
final class EncoderScratch {
    private(set) var capacity = 0
    var symbols: UnsafeMutablePointer<UInt32>
    var ranks: UnsafeMutablePointer<UInt32>
    var merged: UnsafeMutablePointer<UInt32>
    var previous: UnsafeMutablePointer<Int32>
    var next: UnsafeMutablePointer<Int32>
    var heap: UnsafeMutablePointer<UInt64>
    let cache = PieceCache()
    /// One growable byte buffer per pre-tokenizer step that prepends a space.
    var prefixBuffers: [[UInt8]]

    init(steps: Int) {
        symbols = .allocate(capacity: 1)
        ranks = .allocate(capacity: 1)
        merged = .allocate(capacity: 1)
        previous = .allocate(capacity: 1)
        next = .allocate(capacity: 1)
        heap = .allocate(capacity: 1)
        prefixBuffers = Array(repeating: [], count: steps)
        reserve(256)
    }

    deinit {
        free()
        cache.deallocate()
    }

    private func free() {
        symbols.deallocate(); ranks.deallocate(); merged.deallocate()
        previous.deallocate(); next.deallocate(); heap.deallocate()
    }

    /// Makes room for `count` symbols (a piece never has more symbols than bytes × 2).
    @inline(__always)
    func reserve(_ count: Int) {
        guard count > capacity else { return }
        free()
        var size = max(capacity, 256)
        while size < count { size <<= 1 }
        capacity = size
        symbols = .allocate(capacity: size)
        ranks = .allocate(capacity: size)
        merged = .allocate(capacity: size)
        previous = .allocate(capacity: size)
        next = .allocate(capacity: size)
        heap = .allocate(capacity: size * 2)
    }
}
