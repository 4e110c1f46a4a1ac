/// A fixed set of short character strings with a value each, looked up by a range of a character
/// buffer without building a string: FNV-1a over the characters, open addressing, a check of the
/// characters on a hash match. The word splitter asks it several times per word, where
/// `Dictionary`'s seeded hashing of a boxed key would dominate.
struct ScalarKeyTable<Value>: @unchecked Sendable {
    private var slots: [Int32] = [-1]
    private var mask = 0
    private var entries: [(hash: UInt64, key: [Unicode.Scalar], value: Value)] = []
    private(set) var maximumLength = 0

    init() {}

    @inline(__always)
    static func hash(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for index in start..<end { hash = (hash ^ UInt64(s[index].value)) &* 0x100_0000_01B3 }
        return hash
    }

    var count: Int { entries.count }

    /// Adds `key` unless present; returns whether it was added.
    @discardableResult
    mutating func insert(_ key: [Unicode.Scalar], _ value: Value) -> Bool {
        let found = key.withUnsafeBufferPointer { self.index(of: $0, 0, key.count) }
        guard found == nil else { return false }
        let hash = key.withUnsafeBufferPointer { Self.hash($0, 0, key.count) }
        entries.append((hash, key, value))
        maximumLength = max(maximumLength, key.count)
        if entries.count * 4 > slots.count { rebuild(capacity: slots.count * 8) } else { place(entries.count - 1) }
        return true
    }

    private mutating func rebuild(capacity: Int) {
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        for index in entries.indices { place(index) }
    }

    private mutating func place(_ index: Int) {
        var slot = Int(truncatingIfNeeded: entries[index].hash) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(index)
    }

    @inline(__always)
    private func index(of s: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int) -> Int? {
        let length = end - start
        guard length > 0, length <= maximumLength else { return nil }
        let hash = Self.hash(s, start, end)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let index = Int(slots[slot])
            if index < 0 { return nil }
            let entry = entries[index]
            if entry.hash == hash && entry.key.count == length {
                var same = true
                for offset in 0..<length where entry.key[offset] != s[start + offset] { same = false; break }
                if same { return index }
            }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    func value(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int) -> Value? {
        index(of: s, start, end).map { entries[$0].value }
    }

    func forEach(_ body: ([Unicode.Scalar], Value) -> Void) {
        for entry in entries { body(entry.key, entry.value) }
    }
}
