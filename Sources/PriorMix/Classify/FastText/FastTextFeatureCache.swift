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
/// Bounded: tokens up to `maximumTokenBytes`, at most `maximumEntries` tokens and `arenaBytes` of
/// records (32 MB a thread on huge pages where Linux allows them, allocated once, touched as it fills; 131,072 tokens hold every distinct
/// token of corpus-dev's 3.6 MB, where 32,768 were forgotten three times); when either fills, everything is forgotten and the
/// cache starts again. Per thread (`forCurrentThread`), so predictions share nothing mutable.
final class FastTextFeatureCache {
    static let maximumTokenBytes = 64
    static let maximumEntries = 1 << 17
    static let arenaBytes = 1 << 25
    private static let slotBits = 18
    private static let slotCount = 1 << slotBits

    private struct Slot {
        var hash: UInt32
        var offset: Int32  // of the record in the arena; -1: empty
    }

    let modelSerial: UInt64
    let payloadWidth: Int
    private let slots: UnsafeMutablePointer<Slot>
    /// Records: UInt16 byte count, UInt16 feature count, the token's bytes, its payloads.
    private let arena: UnsafeMutablePointer<UInt8>
    private var used = 0
    private var entries = 0
    /// Scratch: the feature ids of the token being computed.
    var pending: [Int32] = []
    /// Scratch: a document's tokens, found before any is looked up so that the slot and record of
    /// a token a few places ahead can be fetched while the current one is added (a probe of the
    /// slots or the arena missing the processor's caches was most of a cached token's time).
    var tokens: [TokenSpan] = []

    struct TokenSpan {
        var start: Int
        var count: Int32
        var hash: UInt32
    }

    /// The limits are parameters so tests can make a cache that fills at once.
    init(modelSerial: UInt64, payloadWidth: Int, maximumEntries: Int = FastTextFeatureCache.maximumEntries,
         arenaBytes: Int = FastTextFeatureCache.arenaBytes) {
        self.modelSerial = modelSerial
        self.payloadWidth = payloadWidth
        entryLimit = min(maximumEntries, Self.slotCount / 2)
        arenaLimit = arenaBytes
        slots = HugePageMemory.allocate(bytes: Self.slotCount * MemoryLayout<Slot>.stride).bindMemory(to: Slot.self, capacity: Self.slotCount)
        slots.initialize(repeating: Slot(hash: 0, offset: -1), count: Self.slotCount)
        arena = HugePageMemory.allocate(bytes: arenaLimit).bindMemory(to: UInt8.self, capacity: arenaLimit)
    }

    private let entryLimit: Int
    private let arenaLimit: Int

    deinit {
        HugePageMemory.deallocate(UnsafeMutableRawPointer(slots))
        HugePageMemory.deallocate(UnsafeMutableRawPointer(arena))
    }

    /// Forgets every token.
    func reset() {
        slots.update(repeating: Slot(hash: 0, offset: -1), count: Self.slotCount)
        used = 0
        entries = 0
    }

    /// Calls `visit` with the cached payloads of `token` (the first, and how many: they lie
    /// `payloadWidth` bytes apart, in order) and returns how many, or nil when the token is not
    /// cached. `hash` is fastText's hash of the token (computed by the caller anyway).
    @inline(__always)
    func visitCached(_ token: UnsafeBufferPointer<UInt8>, hash: UInt32, _ visit: (UnsafePointer<UInt8>, Int) -> Void) -> Int? {
        guard let offset = find(token, hash: hash).offset else { return nil }
        return visitRecord(offset, visit)
    }

    @inline(__always)
    private func visitRecord(_ offset: Int, _ visit: (UnsafePointer<UInt8>, Int) -> Void) -> Int {
        let record = arena + offset
        let byteCount = Int(UnsafeRawPointer(record).loadUnaligned(as: UInt16.self))
        let featureCount = Int(UnsafeRawPointer(record + 2).loadUnaligned(as: UInt16.self))
        if featureCount > 0 { visit(UnsafePointer(record + 4 + byteCount), featureCount) }
        return featureCount
    }

    /// Stores `pending` as the features of `token` (not cached yet, at most `maximumTokenBytes`),
    /// each written by `payload(id, destination)`, then visits them as `visitCached` would; nil
    /// (nothing stored or visited) when the record would not fit even an empty arena.
    func insertPending(_ token: UnsafeBufferPointer<UInt8>, hash: UInt32, payload: (Int32, UnsafeMutablePointer<UInt8>) -> Void,
                       _ visit: (UnsafePointer<UInt8>, Int) -> Void) -> Int? {
        let size = 4 + token.count + pending.count * payloadWidth
        guard size <= arenaLimit, pending.count <= Int(UInt16.max) else { return nil }
        if entries >= entryLimit || used + size > arenaLimit { reset() }
        let slot = find(token, hash: hash).slot
        let offset = used
        slots[slot] = Slot(hash: hash, offset: Int32(offset))
        let record = arena + offset
        UnsafeMutableRawPointer(record).storeBytes(of: UInt16(token.count), toByteOffset: 0, as: UInt16.self)
        UnsafeMutableRawPointer(record).storeBytes(of: UInt16(pending.count), toByteOffset: 2, as: UInt16.self)
        for index in 0..<token.count { record[4 + index] = token[index] }
        var destination = record + 4 + token.count
        for id in pending {
            payload(id, destination)
            destination += payloadWidth
        }
        used += size
        entries += 1
        return visitRecord(offset, visit)
    }

    @inline(__always)
    private static func home(_ hash: UInt32) -> Int { Int(truncatingIfNeeded: (UInt64(hash) &* 0x9E37_79B9_7F4A_7C15) >> (64 - slotBits)) }

    /// A hint: the slot a token with `hash` starts its probe at will be read soon.
    @inline(__always)
    func prefetchSlot(hash: UInt32) {
        priormix_prefetch(slots + Self.home(hash))
    }

    /// A hint: the record of the token with `hash` (the first slot of that hash along its probe,
    /// whose slot `prefetchSlot` fetched earlier) will be read soon. False when no slot has the
    /// hash: the token is certainly not cached.
    @inline(__always)
    func prefetchRecord(hash: UInt32) -> Bool {
        let mask = Self.slotCount - 1
        var slot = Self.home(hash)
        while true {
            let candidate = slots[slot]
            if candidate.offset < 0 { return false }
            if candidate.hash == hash {
                let record = arena + Int(candidate.offset)
                priormix_prefetch(record)
                priormix_prefetch(record + 64)
                return true
            }
            slot = (slot + 1) & mask
        }
    }

    /// The token's record, or the empty slot where it would go.
    @inline(__always)
    private func find(_ token: UnsafeBufferPointer<UInt8>, hash: UInt32) -> (offset: Int?, slot: Int) {
        let mask = Self.slotCount - 1
        var slot = Self.home(hash)
        while true {
            let candidate = slots[slot]
            if candidate.offset < 0 { return (nil, slot) }
            if candidate.hash == hash {
                let record = arena + Int(candidate.offset)
                if Int(UnsafeRawPointer(record).loadUnaligned(as: UInt16.self)) == token.count && Self.same(record + 4, token) {
                    return (Int(candidate.offset), slot)
                }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Whether the bytes at `stored` equal `token`'s, eight at a time (tokens are short; a call to
    /// memcmp cost more than the comparison).
    @inline(__always)
    private static func same(_ stored: UnsafePointer<UInt8>, _ token: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = token.count
        let other = token.baseAddress!
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
