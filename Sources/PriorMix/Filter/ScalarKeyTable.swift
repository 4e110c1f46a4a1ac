/// A fixed set of short character strings with a value each, looked up by a range of a character
/// buffer without building a string: FNV-1a over the characters, open addressing, a check of the
/// characters on a hash match. The word splitter asks it several times per word, where
/// `Dictionary`'s seeded hashing of a boxed key would dominate.
///
/// Most words are no key at all, so a small filter answers first: one bit per (length, first
/// character, last character) class of the keys, 8 KB that stay in the L1 cache. Only words of a
/// class some key has are hashed and probed in the larger slot table (a cache miss per lookup when
/// every word went there). Keys are stored end to end, so a probe copies no array.
struct ScalarKeyTable<Value>: @unchecked Sendable {
    private var slots: [Int32] = [-1]
    private var mask = 0
    private var hashes: [UInt64] = []
    /// Key i is keyScalars[keyStarts[i] ..< keyStarts[i + 1]].
    private var keyScalars: [Unicode.Scalar] = []
    private var keyStarts: [Int] = [0]
    private var values: [Value] = []
    /// filter[(length mod 16) · 64 + first mod 64] has bit (last mod 64) set for every key (first
    /// mod 64, not 32, keeps upper and lower case letters apart).
    private var filter = [UInt64](repeating: 0, count: 1024)
    private(set) var maximumLength = 0

    init() {}

    @inline(__always)
    static func hash(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for index in start..<end { hash = (hash ^ UInt64(s[index].value)) &* 0x100_0000_01B3 }
        return hash
    }

    var count: Int { values.count }

    @inline(__always)
    private static func filterSlot(length: Int, first: Unicode.Scalar) -> Int { (length & 15) << 6 | Int(first.value & 63) }

    @inline(__always)
    private static func filterBit(last: Unicode.Scalar) -> UInt64 { 1 << UInt64(last.value & 63) }

    /// Adds `key` unless present; returns whether it was added.
    @discardableResult
    mutating func insert(_ key: [Unicode.Scalar], _ value: Value) -> Bool {
        guard !key.isEmpty else { return false }
        let found = key.withUnsafeBufferPointer { self.index(of: $0, 0, key.count) }
        guard found == nil else { return false }
        let hash = key.withUnsafeBufferPointer { Self.hash($0, 0, key.count) }
        hashes.append(hash)
        keyScalars.append(contentsOf: key)
        keyStarts.append(keyScalars.count)
        values.append(value)
        filter[Self.filterSlot(length: key.count, first: key[0])] |= Self.filterBit(last: key[key.count - 1])
        maximumLength = max(maximumLength, key.count)
        if values.count * 4 > slots.count { rebuild(capacity: slots.count * 8) } else { place(values.count - 1) }
        return true
    }

    private mutating func rebuild(capacity: Int) {
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        for index in values.indices { place(index) }
    }

    private mutating func place(_ index: Int) {
        var slot = Int(truncatingIfNeeded: hashes[index]) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(index)
    }

    @inline(__always)
    private func index(of s: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int) -> Int? {
        let length = end - start
        guard length > 0, length <= maximumLength else { return nil }
        guard filter[Self.filterSlot(length: length, first: s[start])] & Self.filterBit(last: s[end - 1]) != 0 else { return nil }
        let hash = Self.hash(s, start, end)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { return nil }
            let keyStart = keyStarts[index]
            if hashes[index] == hash && keyStarts[index + 1] - keyStart == length {
                var same = true
                for offset in 0..<length where keyScalars[keyStart + offset] != s[start + offset] { same = false; break }
                if same { return index }
            }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    func value(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int) -> Value? {
        index(of: s, start, end).map { values[$0] }
    }

    @inline(__always)
    func contains(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int) -> Bool {
        index(of: s, start, end) != nil
    }

    func forEach(_ body: ([Unicode.Scalar], Value) -> Void) {
        for index in values.indices { body(Array(keyScalars[keyStarts[index]..<keyStarts[index + 1]]), values[index]) }
    }
}
