/// Hashes of word n-grams in O(1) each, from prefix hashes over the words' characters laid end to
/// end: the key datatrove's duplicate n-gram check uses (`"".join(words)`) is exactly that
/// concatenation; the top n-gram check (`" ".join(words)`) also mixes in where the words break.
///
/// A class over raw storage read without bounds checks: the n-gram passes call it several times
/// per word, and the arrays' checks were a visible share of those passes.
final class NGramHasher {
    private static let base: UInt64 = 0x100_0000_01B3
    /// prefix[i]: hash of the characters of words 0..<i laid end to end.
    private let prefix: UnsafeMutablePointer<UInt64>
    /// characters[i]: how many characters words 0..<i hold.
    private let characters: UnsafeMutablePointer<Int>
    /// characterPrefix[c]: hash of the first c characters of the words laid end to end (so
    /// prefix[i] == characterPrefix[characters[i]]), for hashes of runs that cross words anywhere.
    private let characterPrefix: UnsafeMutablePointer<UInt64>
    private let wordCount: Int

    init(_ s: UnsafeBufferPointer<Unicode.Scalar>, words: [SpacyWordSplitter.Token]) {
        var total = 0
        for word in words { total += Int(word.end - word.start) }
        wordCount = words.count
        prefix = .allocate(capacity: wordCount + 1)
        characters = .allocate(capacity: wordCount + 1)
        characterPrefix = .allocate(capacity: total + 1)
        prefix[0] = 0
        characters[0] = 0
        characterPrefix[0] = 0
        let base = Self.base
        let baseSquared = base &* base
        words.withUnsafeBufferPointer { words in
            guard let text = s.baseAddress else { return }
            let out = characterPrefix
            var hash: UInt64 = 0
            var at = 1
            for (position, word) in words.enumerated() {
                var index = Int(word.start)
                let end = Int(word.end)
                // Two characters a step: h2 = h·B² + (a·B + b) equals (h·B + a)·B + b, and only
                // the first product waits for the previous step (half the dependent multiplies).
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
        }
    }

    deinit {
        prefix.deallocate()
        characters.deallocate()
        characterPrefix.deallocate()
    }

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
