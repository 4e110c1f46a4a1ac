/// An open-addressing table keyed by 64-bit hashes that are already well mixed (the n-gram, line and
/// paragraph hashes), with a count and a position per key. The repetition rules touch it once per
/// n-gram for nine n-gram sizes; `Dictionary` and `Set` would re-hash every key with their seeded
/// hasher. Cleared between uses without giving its storage back.
///
/// A class over raw storage: as a struct of arrays every write checked the arrays' uniqueness (a
/// runtime call per probe). The pair sits beside its key, so a counted probe touches one line.
final class HashedKeyTable {
    fileprivate struct Slot {
        var key: UInt64
        var count: Int32
        var position: Int32
    }

    private var slots: UnsafeMutablePointer<Slot>
    /// Slots in use: a power of two at most `allocated`, so a table that once held a long text
    /// serves a short one with a small mask and clears only that part.
    private var size: Int
    private var mask: Int
    private var allocated: Int
    /// Slots from the start that may hold keys (everything beyond is zero).
    private var dirty = 0
    /// Keys added by `insert` (for growing); a pass does not count.
    private var count = 0
    /// Whether a pass may have added keys since the last reset.
    private var passed = false

    init(capacity: Int = 1024) {
        size = Self.size(for: capacity, from: 16)
        mask = size - 1
        allocated = size
        slots = .allocate(capacity: size)
        slots.initialize(repeating: Slot(key: 0, count: 0, position: 0), count: size)
    }

    deinit { slots.deallocate() }

    /// Four slots a key: at a quarter full a probe rarely goes past its home slot, and the
    /// n-gram passes, whose found-or-new branch the processor cannot predict, mispredicted fewer
    /// probe steps (Gopher's repetition rule about 10% cheaper than at half full).
    private static func size(for capacity: Int, from start: Int) -> Int {
        var size = start
        while size < capacity * 4 { size <<= 1 }
        return size
    }

    /// Empties the table and sizes it to hold `capacity` keys at most a quarter full (growing the
    /// storage when needed, never giving it back); only slots that may hold keys are cleared.
    func reset(capacity: Int) {
        emptySlots(Self.size(for: capacity, from: 16), inUse: count > 0 || passed ? size : 0)
        count = 0
        passed = false
    }

    /// Empties the table for a pass that adds at most `capacity` keys: the pass keeps the storage
    /// and mask in registers and neither counts keys nor checks for growth (a table that counted
    /// kept its count in memory, a store and a load on every probe's path).
    func pass(capacity: Int) -> Pass {
        reset(capacity: capacity)
        passed = true
        return Pass(slots: slots, mask: mask)
    }

    /// Makes `newSize` slots the empty table: new storage when the old is too small, else only the
    /// slots that may hold keys are cleared (the first `inUse`, and what an earlier, larger use
    /// left beyond the new size is remembered in `dirty`).
    private func emptySlots(_ newSize: Int, inUse: Int) {
        if newSize > allocated {
            slots.deallocate()
            allocated = newSize
            slots = .allocate(capacity: newSize)
            slots.initialize(repeating: Slot(key: 0, count: 0, position: 0), count: newSize)
            dirty = 0
        } else {
            let extent = max(dirty, inUse)
            let clear = min(extent, newSize)
            if clear > 0 { slots.update(repeating: Slot(key: 0, count: 0, position: 0), count: clear) }
            dirty = clear >= extent ? 0 : extent
        }
        size = newSize
        mask = newSize - 1
    }

    @inline(__always)
    fileprivate static func home(_ stored: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: (stored &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask }

    /// Doubles the table, keeping every key with its pair (within the storage when it is large enough).
    private func grow() {
        let oldSize = size
        let old = UnsafeMutablePointer<Slot>.allocate(capacity: oldSize)
        old.initialize(from: slots, count: oldSize)
        emptySlots(oldSize * 2, inUse: oldSize)
        for index in 0..<oldSize where old[index].key != 0 {
            var slot = Self.home(old[index].key, mask)
            while slots[slot].key != 0 { slot = (slot + 1) & mask }
            slots[slot] = old[index]
        }
        old.deallocate()
    }

    /// Adds `key` (growing the table when it is half full); false when it was already present.
    @inline(__always)
    func insert(_ key: UInt64) -> Bool {
        if (count + 1) * 2 > size { grow() }
        let added = Pass(slots: slots, mask: mask).insert(key)
        count &+= added ? 1 : 0
        return added
    }

    /// The table during a pass sized for its keys (`pass(capacity:)`).
    struct Pass {
        fileprivate let slots: UnsafeMutablePointer<Slot>
        fileprivate let mask: Int

        /// The slot of `key` (0 stands for empty, so key 0 is stored as 1), and whether it was
        /// there. Found or new is decided without a branch (the key is written either way): the
        /// passes find and add keys in no order the processor could predict.
        @inline(__always)
        private func slot(_ key: UInt64) -> (UnsafeMutablePointer<Slot>, Bool) {
            let stored = key == 0 ? 1 : key
            var index = HashedKeyTable.home(stored, mask)
            while slots[index].key != stored && slots[index].key != 0 { index = (index + 1) & mask }
            let slot = slots + index
            let present = slot.pointee.key == stored
            slot.pointee.key = stored
            return (slot, present)
        }

        /// Adds `key`; false when it was already present.
        @inline(__always)
        func insert(_ key: UInt64) -> Bool {
            !slot(key).1
        }

        /// Counts one more occurrence of `key`, first seen at `position`; returns the count and the
        /// first position.
        @inline(__always)
        func increment(_ key: UInt64, position: Int) -> (count: Int, first: Int) {
            let (slot, present) = self.slot(key)
            // An empty slot's pair is zero: the count goes to 1 the same way, the position is chosen.
            let count = slot.pointee.count &+ 1
            let first = present ? slot.pointee.position : Int32(truncatingIfNeeded: position)
            slot.pointee.count = count
            slot.pointee.position = first
            return (Int(count), Int(first))
        }
    }
}
