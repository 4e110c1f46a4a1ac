#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A fast non-cryptographic hash of short byte strings (pre-tokenization pieces), reading eight
/// bytes at a time. Stable within a process, which is all the in-memory tables need.
enum ByteHash {
    static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 { SplitMix64.mix(x) }

    /// The bytes at `p[0..<count]` as up to eight little-endian bytes (zero-filled).
    @inline(__always)
    static func partialWord(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        if count >= 8 { return UnsafeRawPointer(p).loadUnaligned(as: UInt64.self) }
        var word: UInt64 = 0
        if count >= 4 {
            let low = UInt64(UnsafeRawPointer(p).loadUnaligned(as: UInt32.self))
            let high = UInt64(UnsafeRawPointer(p + count - 4).loadUnaligned(as: UInt32.self))
            // Overlapping loads: the bytes are all covered, and the count keeps distinct strings apart.
            word = low | (high << 32)
        } else if count > 0 {
            word = UInt64(p[0]) | UInt64(p[count >> 1]) << 8 | UInt64(p[count - 1]) << 16
        }
        return word
    }

    /// Byte equality without a libc call: pieces are short, and the call costs more than the compare.
    @inline(__always)
    static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var i = 0
        while i + 8 <= count {
            if UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self) { return false }
            i += 8
        }
        return partialWord(a + i, count - i) == partialWord(b + i, count - i)
    }

    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        var h = UInt64(truncatingIfNeeded: count) &* multiplier
        var i = 0
        while i + 8 <= count {
            h = (h ^ UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)) &* multiplier
            h = (h << 29) | (h >> 35)
            i += 8
        }
        h ^= partialWord(p + i, count - i)
        return mix(h)
    }
}

/// Open-addressing map from a token pair `(left, right)` to `(rank, merged id)`: the BPE merge
/// table, probed with integer keys only (no byte strings on the merge path).
final class PairTable: @unchecked Sendable {
    private static let emptyKey = UInt64.max
    private let keys: UnsafeMutablePointer<UInt64>
    private let values: UnsafeMutablePointer<UInt64>
    private let mask: Int
    private(set) var count = 0

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        mask = size - 1
        keys = .allocate(capacity: size)
        keys.initialize(repeating: PairTable.emptyKey, count: size)
        values = .allocate(capacity: size)
        values.initialize(repeating: 0, count: size)
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    @inline(__always) static func key(_ left: UInt32, _ right: UInt32) -> UInt64 { UInt64(left) << 32 | UInt64(right) }

    @inline(__always) private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* ByteHash.multiplier) >> 32) & mask }

    /// Sets the value for a pair, replacing an earlier one (a later merge line wins, as in HF).
    func set(_ left: UInt32, _ right: UInt32, rank: UInt32, merged: UInt32) {
        let key = PairTable.key(left, right)
        var i = slot(key)
        while keys[i] != PairTable.emptyKey && keys[i] != key { i = (i + 1) & mask }
        if keys[i] == PairTable.emptyKey { count += 1 }
        keys[i] = key
        values[i] = UInt64(rank) << 32 | UInt64(merged)
    }

    /// `rank << 32 | merged` for the pair, or `UInt64.max` when the pair never merges.
    @inline(__always)
    func lookup(_ left: UInt32, _ right: UInt32) -> UInt64 {
        let key = PairTable.key(left, right)
        var i = slot(key)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == PairTable.emptyKey { return UInt64.max }
            i = (i + 1) & mask
        }
    }
}

/// Open-addressing map from byte strings to ids (the vocabulary by raw bytes), keys kept in one
/// arena so a lookup touches one slot and one short run of key bytes.
final class ByteStringTable: @unchecked Sendable {
    private struct Slot {
        var hash: UInt64
        var offset: UInt32
        var length: UInt32   // UInt32.max marks an empty slot
        var value: UInt32
    }

    private var slots: UnsafeMutablePointer<Slot>
    private var mask: Int
    private var arena: [UInt8] = []
    private var arenaBase: UnsafeMutablePointer<UInt8>?
    private(set) var count = 0

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        mask = size - 1
        slots = .allocate(capacity: size)
        slots.initialize(repeating: Slot(hash: 0, offset: 0, length: .max, value: 0), count: size)
    }

    deinit {
        slots.deallocate()
        arenaBase?.deallocate()
    }

    /// Adds or replaces a key. Must not be called after `freeze()`.
    func set(_ key: [UInt8], _ value: UInt32) {
        precondition(arenaBase == nil, "ByteStringTable is frozen")
        let h = key.withUnsafeBufferPointer { ByteHash.hash($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, key.count) }
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i].length != .max {
            if slots[i].hash == h && Int(slots[i].length) == key.count
                && arena[Int(slots[i].offset)..<(Int(slots[i].offset) + key.count)].elementsEqual(key) {
                slots[i].value = value
                return
            }
            i = (i + 1) & mask
        }
        slots[i] = Slot(hash: h, offset: UInt32(arena.count), length: UInt32(key.count), value: value)
        arena.append(contentsOf: key)
        count += 1
    }

    /// Moves the keys to a fixed buffer; lookups need it and never touch Swift arrays after.
    func freeze() {
        let base = UnsafeMutablePointer<UInt8>.allocate(capacity: max(arena.count, 1))
        arena.withUnsafeBufferPointer { if let a = $0.baseAddress { base.initialize(from: a, count: arena.count) } }
        arenaBase = base
        arena = []
    }

    @inline(__always)
    func lookup(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt32? {
        let h = ByteHash.hash(p, count)
        var i = Int(truncatingIfNeeded: h) & mask
        let base = arenaBase!
        while true {
            let s = slots[i]
            if s.length == .max { return nil }
            if s.hash == h && Int(s.length) == count && ByteHash.equal(base + Int(s.offset), p, count) { return s.value }
            i = (i + 1) & mask
        }
    }
}
