/// Hashes of word n-grams in O(1) each, from prefix hashes over the words' characters laid end to
/// end: the key datatrove's duplicate n-gram check uses (`"".join(words)`) is exactly that
/// concatenation. The top n-gram check (`" ".join(words)`) compares word sequences (no word holds
/// a space), keyed by a key per word.
///
/// A view of raw storage read without bounds checks: the n-gram passes call it several times per
/// word, and the arrays' checks were a visible share of those passes. A struct of pointers, so a
/// pass keeps them in registers (a class's fields were loaded again after every table store). The
/// storage is the thread's (`Storage`), refilled for each document: no document allocates any.
struct NGramHasher {
    private static let base: UInt64 = 0x100_0000_01B3
    /// prefix[i]: hash of the characters of words 0..<i laid end to end.
    private let prefix: UnsafeMutablePointer<UInt64>
    /// characters[i]: how many characters words 0..<i hold.
    private let characters: UnsafeMutablePointer<Int>
    /// characterPrefix[c]: hash of the first c characters of the words laid end to end (so
    /// prefix[i] == characterPrefix[characters[i]]), for hashes of runs that cross words anywhere.
    private let characterPrefix: UnsafeMutablePointer<UInt64>
    /// wordKeys[i]: word i's characters and length, mixed.
    private let wordKeys: UnsafeMutablePointer<UInt64>
    private let powers = NGramHasher.powerTable

    /// Storage for a thread's hashers, kept from one document to the next.
    final class Storage {
        private let prefix = ScratchBuffer<UInt64>()
        private let characters = ScratchBuffer<Int>()
        private let characterPrefix = ScratchBuffer<UInt64>()
        private let wordKeys = ScratchBuffer<UInt64>()
        /// The words' characters laid end to end (with room for a copy's overshoot).
        private let joined = ScratchBuffer<UInt32>()

        /// The hasher of `words` (ranges of `s`), valid until the next call.
        func hasher(_ s: UnsafeBufferPointer<Unicode.Scalar>, words: [SpacyWordSplitter.Token]) -> NGramHasher {
            let wordCount = words.count
            var total = 0
            for word in words { total += Int(word.end - word.start) }
            let hasher = NGramHasher(prefix: prefix.storage(wordCount + 1), characters: characters.storage(wordCount + 1),
                                     characterPrefix: characterPrefix.storage(total + 1), wordKeys: wordKeys.storage(wordCount))
            hasher.fill(s, words: words, joined: joined.storage(total + NGramHasher.copyLength), total: total)
            return hasher
        }
    }

    /// Characters a word's copy moves at once.
    private static let copyLength = 16

    private func fill(_ s: UnsafeBufferPointer<Unicode.Scalar>, words: [SpacyWordSplitter.Token], joined: UnsafeMutablePointer<UInt32>, total: Int) {
        characters[0] = 0
        // The words' characters are copied end to end first, so the hash below runs over them in
        // one loop: hashed word by word, the loop's end at every word (its length varies) was a
        // mispredicted branch or two per word. Copies are 16 characters (two vector moves) whatever
        // the word's length, a longer word or one at the text's end character by character.
        words.withUnsafeBufferPointer { words in
            guard let text = s.baseAddress else { return }
            let raw = UnsafeRawPointer(text).assumingMemoryBound(to: UInt32.self)
            var at = 0
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
        for position in 0...words.count { prefix[position] = out[characters[position]] }
        // A word's key: its hash and its length, mixed (murmur3's finalizer), so that the keys of
        // different words differ like random numbers and their folds below do too.
        for word in 0..<words.count {
            wordKeys[word] = finalMix(concatenated(word, 1) ^ (UInt64(length(word, 1)) &* 0x94D0_49BB_1331_11EB))
        }
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

    /// Key of words first..<first+n as a sequence (their keys folded in order): equal for the
    /// same words joined by single spaces.
    @inline(__always)
    func spaced(_ first: Int, _ n: Int) -> UInt64 {
        var key = wordKeys[first]
        for index in (first + 1)..<(first + n) { key = key &* 0xD6E8_FEB8_6659_FD93 &+ wordKeys[index] }
        return key
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
