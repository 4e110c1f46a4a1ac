/// The lexicon scanner's marks of which terms a segment has already counted (`LexiconScanner.scan`
/// takes one slot per term and a stamp new to the segment), kept per thread: a fresh zeroed array
/// per document (24 KB with the default labels) cost more than scanning a short document's words.
/// Stamps only ever grow, so a slot holding the current stamp was set in the current segment,
/// exactly as with a zeroed array and the segment's index.
final class TermStamps {
    var values: [UInt32] = []
    private var last: UInt32 = 0

    /// The first of `count` consecutive stamps no slot holds yet (all slots are cleared when the
    /// counter would wrap).
    func reserve(_ count: Int) -> UInt32 {
        if UInt64(last) + UInt64(count) >= UInt64(UInt32.max) {
            for index in values.indices { values[index] = 0 }
            last = 0
        }
        let first = last + 1
        last += UInt32(count)
        return first
    }

    /// The calling thread's stamps, with at least `entries` slots.
    static func forCurrentThread(entries: Int) -> TermStamps {
        let stamps = slot.value(orMake: TermStamps.init)
        if stamps.values.count < entries {
            stamps.values = [UInt32](repeating: 0, count: entries)
            stamps.last = 0
        }
        return stamps
    }

    private static let slot = ThreadLocalObject()
}
