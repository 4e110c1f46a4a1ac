import CPrefetch
import Foundation

/// The features of tokens a thread has already turned into features, for one model: a token's
/// features (its word id and its character n-grams' rows, after the prune index) depend on nothing
/// but its bytes, and most tokens of running text were seen before, so fastText's per-token work
/// (hashing every n-gram, the bucket division, the prune-index and dictionary lookups) happens once
/// per distinct token instead of once per occurrence.
///
/// Each feature is kept as the input matrix's payload for its row (`FastTextMatrix.payloadWidth`
/// bytes: a quantized row's codes and norm code, or a dense row's id), a token's payloads side by
/// side: adding a cached token's rows then reads its codes in one run instead of fetching each row's
/// codes from wherever the row lies in the matrix. The payloads come back in the order they were
/// computed and the caller adds the rows in that order, so sums round exactly as before.
///
/// A token's record is one run of the cache's arena (its lengths, its bytes, its payloads), so a
/// hit reads a slot and one run of memory.
///
/// Bounded: tokens up to `maximumTokenBytes`, and two generations of records, each of at most
/// `maximumEntries` tokens and `arenaBytes` of records (a slot table of 8 MB and an arena of 24 MB
/// each, on huge pages where Linux allows them, allocated once, touched as they fill: 64 MB a
/// thread at most). New tokens go into the current generation; a token found only in the old one
/// is copied forward. When the current generation fills it becomes the old one and the old one is
/// emptied to become the current: a long run keeps the tokens of its recent text instead of
/// forgetting everything at once. A record averages about 40 bytes for lid.176, so the entries,
/// not the bytes, fill first. The size is for long runs: generations of 131,072 tokens cost a
/// run's steady state 4-8% more time in the language rule (tokens forgotten and computed again,
/// or found only in the old generation), while the first touch of the larger memory (about 0.7 ms
/// a megabyte here) is paid once. Per thread (`forCurrentThread`), so predictions share nothing
/// mutable.
final class FastTextFeatureCache {
    static let maximumTokenBytes = 64
    static let maximumEntries = 1 << 19
    static let arenaBytes = 24 << 20

    struct Slot {
        var hash: UInt32
        var offset: Int32  // of the record in the arena; -1: empty
    }

    /// One generation: an open-addressing table of slots (at most half full) over an arena of
    /// records (UInt16 byte count, UInt16 feature count, the token's bytes, its payloads).
    struct Generation {
        let slots: UnsafeMutablePointer<Slot>
        let arena: UnsafeMutablePointer<UInt8>
        let slotBits: Int
        var used = 0
        var entries = 0
        /// Whether the slots hold anything but empty slots (a new generation's memory is not
        /// written until it is first used: a short run never touches the second generation).
        private var dirty = true

        init(slotBits: Int, arenaBytes: Int) {
            self.slotBits = slotBits
            let slotCount = 1 << slotBits
            slots = HugePageMemory.allocate(bytes: slotCount * MemoryLayout<Slot>.stride).bindMemory(to: Slot.self, capacity: slotCount)
            // Eight bytes more: a short token's comparison reads eight bytes of a record at the end.
            arena = HugePageMemory.allocate(bytes: arenaBytes + 8).bindMemory(to: UInt8.self, capacity: arenaBytes + 8)
        }

        func deallocate() {
            HugePageMemory.deallocate(UnsafeMutableRawPointer(slots))
            HugePageMemory.deallocate(UnsafeMutableRawPointer(arena))
        }

        mutating func clear() {
            if dirty || entries > 0 { slots.update(repeating: Slot(hash: 0, offset: -1), count: 1 << slotBits) }
            dirty = false
            used = 0
            entries = 0
        }

        @inline(__always)
        func home(_ hash: UInt32) -> Int { Int(truncatingIfNeeded: (UInt64(hash) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - slotBits)) }

        /// The token's record, or the empty slot where it would go (`readable`: as `same` takes it).
        @inline(__always)
        func find(_ token: UnsafeBufferPointer<UInt8>, hash: UInt32, readable: Int) -> (offset: Int?, slot: Int) {
            probe(hash) { record in
                Int(UnsafeRawPointer(record).loadUnaligned(as: UInt16.self)) == token.count
                    && FastTextFeatureCache.same(record + 4, token, readable: readable)
            }
        }

        /// The record of the first slot holding `hash` along its probe, fetched early; false when
        /// no slot has the hash.
        @inline(__always)
        func prefetchRecord(hash: UInt32) -> Bool {
            guard let offset = probe(hash, { _ in true }).offset else { return false }
            priormix_prefetch(arena + offset)
            priormix_prefetch(arena + offset + 64)
            return true
        }

        /// Walks the slots of `hash` from its home: the offset of the first record with that hash
        /// that `matches`, or the empty slot that ends the probe.
        @inline(__always)
        private func probe(_ hash: UInt32, _ matches: (UnsafeMutablePointer<UInt8>) -> Bool) -> (offset: Int?, slot: Int) {
            let mask = (1 << slotBits) - 1
            var slot = home(hash)
            while true {
                let candidate = slots[slot]
                if candidate.offset < 0 { return (nil, slot) }
                if candidate.hash == hash && matches(arena + Int(candidate.offset)) { return (Int(candidate.offset), slot) }
                slot = (slot + 1) & mask
            }
        }

        /// Room for `size` more bytes and one more token.
        @inline(__always)
        func fits(_ size: Int, entryLimit: Int, arenaLimit: Int) -> Bool { entries < entryLimit && used + size <= arenaLimit }

        /// Claims `size` bytes of the arena for the record of the token with `hash` at the empty `slot`.
        @inline(__always)
        mutating func claim(_ size: Int, hash: UInt32, slot: Int) -> Int {
            let offset = used
            slots[slot] = Slot(hash: hash, offset: Int32(offset))
            used += size
            entries += 1
            return offset
        }
    }

    let modelSerial: UInt64
    let payloadWidth: Int
    private var current: Generation
    private var old: Generation
    private let entryLimit: Int
    private let arenaLimit: Int
    /// Scratch: the feature ids of the token being computed, `pendingCount` of them (raw memory:
    /// an array's growth and uniqueness checks cost more than the ids' computation).
    private(set) var pendingIDs: UnsafeMutablePointer<Int32>
    private var pendingCapacity = 256
    var pendingCount = 0

    /// Room for `capacity` pending ids (their previous values are not kept).
    @inline(__always)
    func reservePending(_ capacity: Int) -> UnsafeMutablePointer<Int32> {
        if capacity > pendingCapacity {
            pendingIDs.deallocate()
            pendingCapacity = max(capacity, 2 * pendingCapacity)
            pendingIDs = .allocate(capacity: pendingCapacity)
        }
        return pendingIDs
    }

    /// The pending ids as an array (tests set and read them this way).
    var pending: [Int32] {
        get { Array(UnsafeBufferPointer(start: pendingIDs, count: pendingCount)) }
        set {
            newValue.withUnsafeBufferPointer { reservePending($0.count).update(from: $0.baseAddress!, count: $0.count) }
            pendingCount = newValue.count
        }
    }
    /// Scratch: a document's tokens, found before any is looked up so that the slot and record of
    /// a token a few places ahead can be fetched while the current one is added (a probe of the
    /// slots or the arena missing the processor's caches was most of a cached token's time).
    var tokens: [TokenSpan] = []

    struct TokenSpan {
        var start: Int
        var count: Int32
        /// `keyHash` of the token.
        var hash: UInt32
    }

    /// The hash the cache files a token under: one multiply and fold per eight bytes. fastText's
    /// own hash (FNV-1a) steps through the token byte by byte, a multiply's latency a byte and a
    /// mispredicted loop exit a token, and was a visible share of a cached token's time; it is now
    /// computed only for the tokens the cache lacks, whose dictionary lookup needs it. `readable`
    /// is how many bytes from the token's start may be read (at least its length): a short token
    /// with eight of them is read in one load and masked.
    @inline(__always)
    static func keyHash(_ token: UnsafeBufferPointer<UInt8>, readable: Int) -> UInt32 {
        @inline(__always) func mix(_ state: UInt64, _ word: UInt64) -> UInt64 {
            let product = (state ^ word) &* 0xBF58_476D_1CE4_E5B9
            return product ^ (product >> 31)
        }
        let count = token.count
        var state = UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15
        if let base = token.baseAddress, count > 0 {
            let raw = UnsafeRawPointer(base)
            if count <= 8 {
                var word: UInt64 = 0
                if readable >= 8 {
                    word = firstBytes(raw, count)
                } else {
                    for index in 0..<count { word |= UInt64(base[index]) << UInt64(index * 8) }
                }
                state = mix(state, word)
            } else {
                // Whole words, then the last eight bytes (overlapping the word before when the
                // length is not a multiple of eight).
                var offset = 0
                while offset + 8 < count {
                    state = mix(state, UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                    offset += 8
                }
                state = mix(state, UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)))
            }
        }
        let final = (state ^ (state >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return UInt32(truncatingIfNeeded: final >> 32)
    }

    /// The first `count` (at most eight) bytes at `bytes` as a little-endian word, the rest zero,
    /// from one load of eight bytes (all eight must be readable).
    @inline(__always)
    private static func firstBytes(_ bytes: UnsafeRawPointer, _ count: Int) -> UInt64 {
        let word = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        return count >= 8 ? word : word & ((1 << UInt64(count * 8)) &- 1)
    }

    /// The limits (per generation) are parameters so tests can make a cache that fills at once.
    init(modelSerial: UInt64, payloadWidth: Int, maximumEntries: Int = FastTextFeatureCache.maximumEntries,
         arenaBytes: Int = FastTextFeatureCache.arenaBytes) {
        self.modelSerial = modelSerial
        self.payloadWidth = payloadWidth
        entryLimit = max(1, maximumEntries)
        arenaLimit = arenaBytes
        // Slots for twice the entries: a probe rarely goes past its home slot's neighbours.
        var slotBits = 4
        while 1 << slotBits < 2 * entryLimit { slotBits += 1 }
        current = Generation(slotBits: slotBits, arenaBytes: arenaBytes)
        old = Generation(slotBits: slotBits, arenaBytes: arenaBytes)
        current.clear()
        pendingIDs = .allocate(capacity: pendingCapacity)
    }

    deinit {
        current.deallocate()
        old.deallocate()
        pendingIDs.deallocate()
    }

    /// Forgets every token.
    func reset() {
        current.clear()
        old.clear()
    }

    /// Tokens and record bytes held by the current and the old generation (for tests).
    var generationEntries: (current: Int, old: Int) { (current.entries, old.entries) }
    var generationBytes: (current: Int, old: Int) { (current.used, old.used) }

    /// The current generation becomes the old one; the old one's tokens are forgotten and its
    /// memory holds the new current generation.
    private func rotate() {
        swap(&current, &old)
        current.clear()
    }

    /// A run of a token's payloads: the first, and how many (they lie `payloadWidth` bytes apart, in order).
    typealias Payloads = (first: UnsafePointer<UInt8>, count: Int)

    /// The cached payloads of `token`, or nil when the token is not cached. `hash` is the token's
    /// `keyHash`, `readable` how many bytes from its start may be read (as `keyHash` takes it). A
    /// token found in the old generation only is copied into the current one first (when the
    /// current one is full it turns old instead, the old record goes, and the token counts as not
    /// cached).
    @inline(__always)
    func cachedPayloads(_ token: UnsafeBufferPointer<UInt8>, hash: UInt32, readable: Int) -> Payloads? {
        let (offset, slot) = current.find(token, hash: hash, readable: readable)
        if let offset { return Self.payloads(current.arena + offset) }
        guard old.entries > 0 else { return nil }
        return promote(token, hash: hash, readable: readable, slot: slot)
    }

    /// The old generation's record of `token` copied into the current one at `slot` (the empty
    /// slot the token's probe of the current generation ended at); nil when the old generation
    /// lacks it too.
    @inline(never)
    private func promote(_ token: UnsafeBufferPointer<UInt8>, hash: UInt32, readable: Int, slot: Int) -> Payloads? {
        guard let oldOffset = old.find(token, hash: hash, readable: readable).offset else { return nil }
        let record = old.arena + oldOffset
        let (first, featureCount) = Self.payloads(record)
        let size = UnsafePointer(record).distance(to: first) + featureCount * payloadWidth
        guard current.fits(size, entryLimit: entryLimit, arenaLimit: arenaLimit) else {
            rotate()
            return nil
        }
        let offset = current.claim(size, hash: hash, slot: slot)
        (current.arena + offset).update(from: record, count: size)
        return Self.payloads(current.arena + offset)
    }

    @inline(__always)
    private static func payloads(_ record: UnsafeMutablePointer<UInt8>) -> Payloads {
        let byteCount = Int(UnsafeRawPointer(record).loadUnaligned(as: UInt16.self))
        let featureCount = Int(UnsafeRawPointer(record + 2).loadUnaligned(as: UInt16.self))
        return (UnsafePointer(record + 4 + byteCount), featureCount)
    }

    /// Stores `pending` as the features of `token` (not cached yet, at most `maximumTokenBytes`),
    /// each written by `payload(id, destination)`, and returns them as `cachedPayloads` would; nil
    /// (nothing stored) when the record would not fit even an empty arena.
    func insertPending(_ token: UnsafeBufferPointer<UInt8>, hash: UInt32, payload: (Int32, UnsafeMutablePointer<UInt8>) -> Void) -> Payloads? {
        let size = 4 + token.count + pendingCount * payloadWidth
        guard size <= arenaLimit, pendingCount <= Int(UInt16.max) else { return nil }
        if !current.fits(size, entryLimit: entryLimit, arenaLimit: arenaLimit) { rotate() }
        let slot = current.find(token, hash: hash, readable: token.count).slot
        let offset = current.claim(size, hash: hash, slot: slot)
        let record = current.arena + offset
        UnsafeMutableRawPointer(record).storeBytes(of: UInt16(token.count), toByteOffset: 0, as: UInt16.self)
        UnsafeMutableRawPointer(record).storeBytes(of: UInt16(pendingCount), toByteOffset: 2, as: UInt16.self)
        for index in 0..<token.count { record[4 + index] = token[index] }
        var destination = record + 4 + token.count
        for index in 0..<pendingCount {
            payload(pendingIDs[index], destination)
            destination += payloadWidth
        }
        return Self.payloads(record)
    }

    /// A hint: the slots a token with `hash` starts its probes at will be read soon.
    @inline(__always)
    func prefetchSlot(hash: UInt32) {
        priormix_prefetch(current.slots + current.home(hash))
        if old.entries > 0 { priormix_prefetch(old.slots + old.home(hash)) }
    }

    /// A hint: the record of the token with `hash` (the first slot of that hash along its probe,
    /// in the current generation, else in the old one, whose slots `prefetchSlot` fetched earlier)
    /// will be read soon. False when no slot has the hash: the token is certainly not cached.
    @inline(__always)
    func prefetchRecord(hash: UInt32) -> Bool {
        current.prefetchRecord(hash: hash) || (old.entries > 0 && old.prefetchRecord(hash: hash))
    }

    /// Whether the bytes at `stored` (a record's, in the arena) equal `token`'s, eight at a time
    /// (tokens are short; a call to memcmp cost more than the comparison). A token of at most eight
    /// bytes with eight `readable` from its start is one masked comparison: the loop over its last
    /// bytes, a different number each token, was a mispredicted exit a token.
    @inline(__always)
    fileprivate static func same(_ stored: UnsafePointer<UInt8>, _ token: UnsafeBufferPointer<UInt8>, readable: Int) -> Bool {
        let count = token.count
        let other = token.baseAddress!
        if count <= 8 && readable >= 8 { return firstBytes(stored, count) == firstBytes(other, count) }
        var index = 0
        while index + 8 <= count {
            if UnsafeRawPointer(stored + index).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(other + index).loadUnaligned(as: UInt64.self) {
                return false
            }
            index += 8
        }
        while index < count {
            if stored[index] != other[index] { return false }
            index += 1
        }
        return true
    }

    /// The calling thread's cache for the model `modelSerial`. A thread keeps caches for its two
    /// most recently used models (a language rule and a model rule in one chain), so the memory a
    /// thread holds stays bounded however many models a process loads.
    static func forCurrentThread(modelSerial: UInt64, payloadWidth: Int) -> FastTextFeatureCache {
        let holder = holderSlot.value(orMake: Holder.init)
        if let first = holder.caches.first, first.modelSerial == modelSerial { return first }
        if let index = holder.caches.firstIndex(where: { $0.modelSerial == modelSerial }) {
            let cache = holder.caches.remove(at: index)
            holder.caches.insert(cache, at: 0)
            return cache
        }
        if holder.caches.count >= 2 { holder.caches.removeLast() }
        let cache = FastTextFeatureCache(modelSerial: modelSerial, payloadWidth: payloadWidth)
        holder.caches.insert(cache, at: 0)
        return cache
    }

    private static let holderSlot = ThreadLocalObject()

    private final class Holder {
        var caches: [FastTextFeatureCache] = []
    }

    /// A number no other model of this process has (models are compared by it, never by address,
    /// which a later model may reuse).
    static func nextModelSerial() -> UInt64 {
        serialLock.lock()
        defer { serialLock.unlock() }
        lastSerial += 1
        return lastSerial
    }

    private static let serialLock = NSLock()
    nonisolated(unsafe) private static var lastSerial: UInt64 = 0
}

extension FastTextModel {
    /// The calling thread's feature cache for this model.
    func threadFeatureCache() -> FastTextFeatureCache {
        FastTextFeatureCache.forCurrentThread(modelSerial: serial, payloadWidth: input.payloadWidth)
    }
}
