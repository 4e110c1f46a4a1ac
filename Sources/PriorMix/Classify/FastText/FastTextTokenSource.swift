/// Where a prediction's tokens come from: a line split as fastText splits it, or a raw text cut
/// as its normalised form would be (`FastTextText.forEachNormalizedToken`). Each token comes with
/// its fastText hash, and the end-of-line token `</s>` comes last. A generic value rather than a
/// closure, so that the dictionary's per-token work inlines into each source's loop.
protocol FastTextTokenSource {
    func forEachToken(_ body: (UnsafeBufferPointer<UInt8>, UInt32) -> Void)
}

/// fastText's tokens of one line (`FastTextDictionary.forEachToken`).
struct FastTextLineTokens: FastTextTokenSource {
    let text: UnsafeBufferPointer<UInt8>

    @inline(__always)
    func forEachToken(_ body: (UnsafeBufferPointer<UInt8>, UInt32) -> Void) {
        FastTextDictionary.forEachToken(of: text) { body($0, FastTextDictionary.hash($0)) }
    }
}

/// The tokens of `FastTextText.normalizedBytes(text)`, cut from the raw text; `scratch` holds at
/// least `text.count` bytes.
struct FastTextNormalizedTokens: FastTextTokenSource {
    let text: UnsafeBufferPointer<UInt8>
    let scratch: UnsafeMutablePointer<UInt8>

    @inline(__always)
    func forEachToken(_ body: (UnsafeBufferPointer<UInt8>, UInt32) -> Void) {
        FastTextText.forEachNormalizedToken(text, scratch: scratch, body)
        FastTextDictionary.endOfSentence.withUnsafeBufferPointer { body($0, FastTextDictionary.hash($0)) }
    }
}
