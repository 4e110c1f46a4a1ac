/// Hashes of word n-grams in O(1) each, from prefix hashes over the words' characters laid end to
/// end: the key datatrove's duplicate n-gram check uses (`"".join(words)`) is exactly that
/// concatenation; the top n-gram check (`" ".join(words)`) also mixes in where the words break.
///
/// A class over raw storage read without bounds checks: the n-gram passes call it several times
/// per word, and the arrays' checks were a visible share of those passes. One per thread, refilled
/// for each document (`prepare`) in storage that is kept, so no document allocates or clears any.
final class NGramHasher {
    private static let base: UInt64 = 0x100_0000_01B3
    /// prefix[i]: hash of the characters of words 0..<i laid end to end.
    private var prefix: UnsafeMutablePointer<UInt64>
    /// characters[i]: how many characters words 0..<i hold.
    private var characters: UnsafeMutablePointer<Int>
    /// characterPrefix[c]: hash of the first c characters of the words laid end to end (so
    /// prefix[i] == characterPrefix[characters[i]]), for hashes of runs that cross words anywhere.
    private var characterPrefix: UnsafeMutablePointer<UInt64>
    private let prefixStorage = ScratchBuffer<UInt64>()
    private let characterStorage = ScratchBuffer<Int>()
    private let characterPrefixStorage = ScratchBuffer<UInt64>()
    /// The words' characters laid end to end (with room for a copy's overshoot).
    private let joinedStorage = ScratchBuffer<UInt32>()

    init() {
        prefix = prefixStorage.storage(1)
        characters = characterStorage.storage(1)
        characterPrefix = characterPrefixStorage.storage(1)
    }

    /// Hashes the n-grams of `words` (ranges of `s`) from now on.
    func prepare(_ s: UnsafeBufferPointer<Unicode.Scalar>, words: [SpacyWordSplitter.Token]) {
        let wordCount = words.count
        var total = 0
        for word in words { total += Int(word.end - word.start) }
        prefix = prefixStorage.storage(wordCount + 1)
        characters = characterStorage.storage(wordCount + 1)
        characterPrefix = characterPrefixStorage.storage(total + 1)
        let joined = joinedStorage.storage(total + Self.copyLength)
        guard let text = s.baseAddress else { return }
        // The words' characters are copied end to end first, so the hash below runs over them in
        // one loop: hashed word by word, the loop's end at every word (its length varies) was a
        // mispredicted branch or two per word. Copies are 16 characters (two vector moves) whatever
        // the word's length, a longer word or one at the text's end character by character.
        words.withUnsafeBufferPointer { words in
            let raw = UnsafeRawPointer(text).assumingMemoryBound(to: UInt32.self)
            var at = 0
            characters[0] = 0
            for (position, word) in words.enumerated() {
                let start = Int(word.start)
                let count = Int(word.end) - start
                if count <= Self.copyLength && start + Self.copyLength <= s.count {
                    let from = UnsafeRawPointer(raw + start)
                    let to = UnsafeMutableRawPointer(joined + at)
                    to.storeBytes(of: from.loadUnaligned(as: SIMD8<UInt32>.self), as: SIMD8<UInt32>.self)
                    to.storeBytes(of: from.loadUnaligned(fromByteOffset: 32, as: SIMD8<UInt32>.self), toByteOffset: 32, as: SIMD8<UInt32>.self)
                } else {
                    for index in 0..<count { joined[at + index] = raw[start + index] }
                }
                at += count
                characters[position + 1] = at
            }
        }
        let base = Self.base
        let baseSquared = base &* base
        let out = characterPrefix
        out[0] = 0
        var hash: UInt64 = 0
        var at = 0
        // Two characters a step: h2 = h·B² + (a·B + b) equals (h·B + a)·B + b, and only the first
        // product waits for the previous step (half the dependent multiplies).
        while at + 2 <= total {
            let a = UInt64(joined[at]) &+ 1
            let b = UInt64(joined[at + 1]) &+ 1
            out[at + 1] = hash &* base &+ a
            hash = hash &* baseSquared &+ (a &* base &+ b)
            out[at + 2] = hash
            at += 2
        }
        if at < total { out[at + 1] = hash &* base &+ UInt64(joined[at]) &+ 1 }
        for position in 0...wordCount { prefix[position] = out[characters[position]] }
    }

    /// Characters a word's copy moves at once.
    private static let copyLength = 16

    /// Hash of `count` characters (at most 1023) from character `start` of the words laid end to end.
    @inline(__always)
    func run(from start: Int, count: Int) -> UInt64 {
        characterPrefix[start + count] &- characterPrefix[start] &* powers[count]
    }

    /// Hash of words first..<first+n laid end to end.
    @inline(__always)
    func concatenated(_ first: Int, _ n: Int) -> UInt64 {
        let end = first + n
        // prefix[end] - prefix[first] * base^(characters in between)
        let span = spanPower(first, end)
        return prefix[end] &- prefix[first] &* span
    }

    /// Hash of the same words joined by single spaces (word boundaries count).
    @inline(__always)
    func spaced(_ first: Int, _ n: Int) -> UInt64 {
        var boundaries: UInt64 = 0
        for index in first..<(first + n) { boundaries = boundaries &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(characters[index + 1] - characters[index]) }
        return concatenated(first, n) ^ (boundaries &* 0xD6E8_FEB8_6659_FD93)
    }

    /// Characters of words first..<first+n laid end to end.
    @inline(__always)
    func length(_ first: Int, _ n: Int) -> Int { characters[first + n] - characters[first] }

    /// base^k for k < 1024, computed once: an n-gram of up to ten words rarely spans more
    /// characters, so the span's power is one load instead of a loop of squarings.
    private static let powerCount = 1024
    nonisolated(unsafe) private static let powerTable: UnsafeMutablePointer<UInt64> = {
        let powers = UnsafeMutablePointer<UInt64>.allocate(capacity: powerCount)  // lives as long as the process
        powers[0] = 1
        for index in 1..<powerCount { powers[index] = powers[index - 1] &* base }
        return powers
    }()
    private let powers = NGramHasher.powerTable

    /// base^(characters of words first..<end): from the table, else by squaring.
    @inline(__always)
    private func spanPower(_ first: Int, _ end: Int) -> UInt64 {
        var exponent = characters[end] - characters[first]
        if exponent < Self.powerCount { return powers[exponent] }
        var result: UInt64 = 1
        var factor = Self.base
        while exponent > 0 {
            if exponent & 1 == 1 { result = result &* factor }
            factor = factor &* factor
            exponent >>= 1
        }
        return result
    }
}
