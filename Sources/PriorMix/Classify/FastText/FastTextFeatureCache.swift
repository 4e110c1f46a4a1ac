import Foundation

/// The feature ids of tokens a thread has already turned into features, for one model: a token's
/// ids (its word id and its character n-grams' rows, after the prune index) depend on nothing but
/// its bytes, and most tokens of running text were seen before, so fastText's per-token work
/// (hashing every n-gram, the bucket division, the prune-index lookups, the dictionary probe)
/// happens once per distinct token instead of once per occurrence. The ids come back in the order
/// they were computed and the caller adds the rows in that order, so sums round as before.
///
/// Bounded: tokens up to `maximumTokenBytes`, at most `maximumEntries` tokens and `maximumIDs` ids
/// (about 10 MB a thread); when either fills, everything is forgotten and the cache starts again.
/// Per thread (`forCurrentThread`), so predictions share nothing mutable.
final class FastTextFeatureCache {
    static let maximumTokenBytes = 64
    static let maximumEntries = 1 << 15
    static let maximumIDs = 1 << 21
    private static let slotCount = 1 << 16

    private(set) var modelSerial: UInt64
    private var slots: [Int32]
    private var hashes: [UInt32] = []
    /// Token i is bytes[byteStarts[i] ..< byteStarts[i + 1]], its ids ids[idStarts[i] ..< idStarts[i + 1]].
    private var bytes: [UInt8] = []
    private var byteStarts: [Int32] = [0]
    private var ids: [Int32] = []
    private var idStarts: [Int32] = [0]
    /// Scratch: the ids of the token being computed.
    var pending: [Int32] = []

    init(modelSerial: UInt64) {
        self.modelSerial = modelSerial
        slots = [Int32](repeating: -1, count: Self.slotCount)
    }

    /// Forgets every token (and takes `modelSerial` as the model it now serves).
    func reset(modelSerial: UInt64) {
        self.modelSerial = modelSerial
        for index in slots.indices { slots[index] = -1 }
        hashes.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        byteStarts.removeAll(keepingCapacity: true)
        byteStarts.append(0)
        ids.removeAll(keepingCapacity: true)
        idStarts.removeAll(keepingCapacity: true)
        idStarts.append(0)
    }

    /// Calls `visit` with each cached id of `token` and returns true, or returns false when the
    /// token is not cached. `hash` is fastText's hash of the token (computed by the caller anyway).
    @inline(__always)
    func visitCached(_ token: UnsafeBufferPointer<UInt8>, hash: UInt32, _ visit: (Int32) -> Void) -> Bool {
        guard let entry = find(token, hash: hash).entry else { return false }
        ids.withUnsafeBufferPointer { ids in
            for position in Int(idStarts[entry])..<Int(idStarts[entry + 1]) { visit(ids[position]) }
        }
        return true
    }

    /// Stores `pending` as the ids of `token` (which must not be cached yet).
    func insertPending(_ token: UnsafeBufferPointer<UInt8>, hash: UInt32) {
        guard token.count <= Self.maximumTokenBytes else { return }
        if hashes.count >= Self.maximumEntries || ids.count + pending.count > Self.maximumIDs { reset(modelSerial: modelSerial) }
        guard pending.count <= Self.maximumIDs else { return }
        let slot = find(token, hash: hash).slot
        slots[slot] = Int32(hashes.count)
        hashes.append(hash)
        bytes.append(contentsOf: token)
        byteStarts.append(Int32(bytes.count))
        ids.append(contentsOf: pending)
        idStarts.append(Int32(ids.count))
    }

    /// The token's entry, or the empty slot where it would go.
    @inline(__always)
    private func find(_ token: UnsafeBufferPointer<UInt8>, hash: UInt32) -> (entry: Int?, slot: Int) {
        let mask = Self.slotCount - 1
        var slot = Int(hash &* 0x9E37_79B1) >> 16 & mask
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let entry = Int(slots[slot])
                if entry < 0 { return (nil, slot) }
                if hashes[entry] == hash {
                    let start = Int(byteStarts[entry])
                    let end = Int(byteStarts[entry + 1])
                    if end - start == token.count && bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress! + start, token.baseAddress!, token.count) == 0 }) {
                        return (entry, slot)
                    }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The calling thread's cache for the model `modelSerial`. A thread keeps caches for its two
    /// most recently used models (a language rule and a model rule in one chain), so the memory a
    /// thread holds stays bounded however many models a process loads.
    static func forCurrentThread(modelSerial: UInt64) -> FastTextFeatureCache {
        let dictionary = Thread.current.threadDictionary
        let holder: Holder
        if let existing = dictionary[holderKey] as? Holder {
            holder = existing
        } else {
            holder = Holder()
            dictionary[holderKey] = holder
        }
        if let index = holder.caches.firstIndex(where: { $0.modelSerial == modelSerial }) {
            let cache = holder.caches.remove(at: index)
            holder.caches.insert(cache, at: 0)
            return cache
        }
        let cache: FastTextFeatureCache
        if holder.caches.count >= 2 {
            cache = holder.caches.removeLast()
            cache.reset(modelSerial: modelSerial)
        } else {
            cache = FastTextFeatureCache(modelSerial: modelSerial)
        }
        holder.caches.insert(cache, at: 0)
        return cache
    }

    private static let holderKey = "PriorMix.FastTextFeatureCache"

    private final class Holder: NSObject {
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
