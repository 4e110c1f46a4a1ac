/// Hashes of word n-grams in O(1) each, from prefix hashes over the words' characters laid end to
/// end: the key datatrove's duplicate n-gram check uses (`"".join(words)`) is exactly that
/// concatenation; the top n-gram check (`" ".join(words)`) also mixes in where the words break.
struct NGramHasher {
    private static let base: UInt64 = 0x100_0000_01B3
    /// prefix[i]: hash of the characters of words 0..<i laid end to end.
    private var prefix: [UInt64]
    private(set) var characters: [Int]
    /// characterPrefix[c]: hash of the first c characters of the words laid end to end (so
    /// prefix[i] == characterPrefix[characters[i]]), for hashes of runs that cross words anywhere.
    private var characterPrefix: [UInt64]

    init(_ s: UnsafeBufferPointer<Unicode.Scalar>, words: [SpacyWordSplitter.Token]) {
        var total = 0
        for word in words { total += Int(word.end - word.start) }
        let wordCount = words.count
        // All three arrays written through raw pointers, sized up front (appending checked the
        // capacity and uniqueness at every word).
        var prefix = [UInt64](repeating: 0, count: wordCount + 1)
        var characters = [Int](repeating: 0, count: wordCount + 1)
        let base = Self.base
        let baseSquared = base &* base
        characterPrefix = [UInt64](unsafeUninitializedCapacity: total + 1) { buffer, initialized in
            prefix.withUnsafeMutableBufferPointer { prefix in
                characters.withUnsafeMutableBufferPointer { characters in
                    words.withUnsafeBufferPointer { words in
                        guard let out = buffer.baseAddress, let text = s.baseAddress else { return }
                        out[0] = 0
                        var hash: UInt64 = 0
                        var at = 1
                        for (position, word) in words.enumerated() {
                            var index = Int(word.start)
                            let end = Int(word.end)
                            // Two characters a step: h2 = h·B² + (a·B + b) equals (h·B + a)·B + b, and
                            // only the first product waits for the previous step (half the dependent
                            // multiplies).
                            while index + 2 <= end {
                                let a = UInt64(text[index].value) &+ 1
                                let b = UInt64(text[index + 1].value) &+ 1
                                out[at] = hash &* base &+ a
                                hash = hash &* baseSquared &+ (a &* base &+ b)
                                out[at + 1] = hash
                                at += 2
                                index += 2
                            }
                            if index < end {
                                hash = hash &* base &+ UInt64(text[index].value) &+ 1
                                out[at] = hash
                                at += 1
                            }
                            prefix[position + 1] = hash
                            characters[position + 1] = at - 1
                        }
                        initialized = at
                    }
                }
            }
            if initialized == 0 { buffer[0] = 0; initialized = 1 }
        }
        self.prefix = prefix
        self.characters = characters
    }

    /// Hash of `count` characters (at most 1023) from character `start` of the words laid end to end.
    @inline(__always)
    func run(from start: Int, count: Int) -> UInt64 {
        characterPrefix.withUnsafeBufferPointer { prefix in
            powers.withUnsafeBufferPointer { powers in prefix[start + count] &- prefix[start] &* powers[count] }
        }
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
    private static let powers: [UInt64] = {
        var powers = [UInt64](repeating: 1, count: 1024)
        for index in 1..<powers.count { powers[index] = powers[index - 1] &* base }
        return powers
    }()
    private let powers = NGramHasher.powers

    /// base^(characters of words first..<end): from the table, else by squaring.
    @inline(__always)
    private func spanPower(_ first: Int, _ end: Int) -> UInt64 {
        var exponent = characters[end] - characters[first]
        if exponent < powers.count { return powers.withUnsafeBufferPointer { $0[exponent] } }
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
