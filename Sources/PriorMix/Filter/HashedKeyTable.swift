/// An open-addressing table keyed by 64-bit hashes that are already well mixed (the n-gram, line and
/// paragraph hashes), with an `Int` pair per key. The repetition rules touch it once per n-gram for
/// nine n-gram sizes; `Dictionary` and `Set` would re-hash every key with their seeded hasher.
/// Cleared between uses without giving its storage back.
struct HashedKeyTable {
    private var keys: [UInt64]
    private var first: [Int32]
    private var second: [Int32]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        first = [Int32](repeating: 0, count: size)
        second = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    /// Empties the table, growing it to hold `capacity` keys at most half full.
    mutating func reset(capacity: Int) {
        var size = keys.count
        while size < capacity * 2 { size <<= 1 }
        if size != keys.count {
            self = HashedKeyTable(capacity: capacity)
        } else if count > 0 {
            for index in keys.indices { keys[index] = 0 }
            count = 0
        }
    }

    /// The slot of `key` (0 stands for empty, so key 0 is stored as 1), and whether it was there.
    @inline(__always)
    private mutating func slot(_ key: UInt64) -> (Int, Bool) {
        if (count + 1) * 2 > keys.count { grow() }
        let stored = key == 0 ? 1 : key
        var slot = Int(truncatingIfNeeded: (stored &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
        while true {
            let present = keys[slot]
            if present == stored { return (slot, true) }
            if present == 0 {
                keys[slot] = stored
                count += 1
                return (slot, false)
            }
            slot = (slot + 1) & mask
        }
    }

    /// Doubles the table, keeping every key with its pair.
    private mutating func grow() {
        let old = (keys, first, second)
        let size = keys.count * 2
        keys = [UInt64](repeating: 0, count: size)
        first = [Int32](repeating: 0, count: size)
        second = [Int32](repeating: 0, count: size)
        mask = size - 1
        for index in old.0.indices where old.0[index] != 0 {
            var slot = Int(truncatingIfNeeded: (old.0[index] &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
            while keys[slot] != 0 { slot = (slot + 1) & mask }
            keys[slot] = old.0[index]
            first[slot] = old.1[index]
            second[slot] = old.2[index]
        }
    }

    /// Adds `key`; false when it was already present.
    @inline(__always)
    mutating func insert(_ key: UInt64) -> Bool {
        !slot(key).1
    }

    /// Counts one more occurrence of `key`, first seen at `position`; returns the count and the
    /// first position.
    @inline(__always)
    mutating func increment(_ key: UInt64, position: Int) -> (count: Int, first: Int) {
        let (index, present) = slot(key)
        if present {
            first[index] += 1
        } else {
            first[index] = 1
            second[index] = Int32(truncatingIfNeeded: position)
        }
        return (Int(first[index]), Int(second[index]))
    }
}
