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
/// Bounded: tokens up to `maximumTokenBytes`, at most `maximumEntries` tokens and
/// `maximumPayloadBytes` (a few megabytes a thread); when either fills, everything is forgotten and
/// the cache starts again. Per thread (`forCurrentThread`), so predictions share nothing mutable.
final class FastTextFeatureCache {
    static let maximumTokenBytes = 64
    static let maximumEntries = 1 << 16
    static let maximumPayloadBytes = 1 << 24
    private static let slotCount = 1 << 17

    private struct Slot {
        var hash: UInt32
        var entry: Int32  // -1: empty
    }

    private struct Entry {
        var byteStart: Int32
        var byteCount: Int32
        var payloadStart: Int32
        var featureCount: Int32
    }

    let modelSerial: UInt64
    let payloadWidth: Int
    private var slots: [Slot]
    private var entries: [Entry] = []
    private var bytes: [UInt8] = []
    private var payloads: [UInt8] = []
    /// Scratch: the feature ids of the token being computed.
    var pending: [Int32] = []

    init(modelSerial: UInt64, payloadWidth: Int) {
        self.modelSerial = modelSerial
        self.payloadWidth = payloadWidth
        slots = [Slot](repeating: Slot(hash: 0, entry: -1), count: Self.slotCount)
    }

    /// Forgets every token.
    func reset() {
        for index in slots.indices { slots[index].entry = -1 }
        entries.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        payloads.removeAll(keepingCapacity: true)
    }

    /// Calls `visit` with each cached payload of `token` and returns how many, or nil when the token
    /// is not cached. `hash` is fastText's hash of the token (computed by the caller anyway).
    @inline(__always)
    func visitCached(_ token: UnsafeBufferPointer<UInt8>, hash: UInt32, _ visit: (UnsafePointer<UInt8>) -> Void) -> Int? {
        guard let entry = find(token, hash: hash).entry else { return nil }
        return visitEntry(entry, visit)
    }

    @inline(__always)
    private func visitEntry(_ entry: Int, _ visit: (UnsafePointer<UInt8>) -> Void) -> Int {
        let record = entries[entry]
        let width = payloadWidth
        payloads.withUnsafeBufferPointer { payloads in
            var payload = payloads.baseAddress! + Int(record.payloadStart)
            for _ in 0..<Int(record.featureCount) {
                visit(payload)
                payload += width
            }
        }
        return Int(record.featureCount)
    }

    /// Stores `pending` as the features of `token` (not cached yet, at most `maximumTokenBytes`),
    /// each written by `payload(id, destination)`, then visits them as `visitCached` would.
    func insertPending(_ token: UnsafeBufferPointer<UInt8>, hash: UInt32, payload: (Int32, UnsafeMutablePointer<UInt8>) -> Void,
                       _ visit: (UnsafePointer<UInt8>) -> Void) -> Int {
        let size = pending.count * payloadWidth
        if entries.count >= Self.maximumEntries || payloads.count + size > Self.maximumPayloadBytes { reset() }
        let slot = find(token, hash: hash).slot
        slots[slot] = Slot(hash: hash, entry: Int32(entries.count))
        entries.append(Entry(byteStart: Int32(bytes.count), byteCount: Int32(token.count), payloadStart: Int32(payloads.count),
                             featureCount: Int32(pending.count)))
        bytes.append(contentsOf: token)
        let start = payloads.count
        payloads.append(contentsOf: repeatElement(0, count: size))
        payloads.withUnsafeMutableBufferPointer { payloads in
            var destination = payloads.baseAddress! + start
            for id in pending {
                payload(id, destination)
                destination += payloadWidth
            }
        }
        return visitEntry(entries.count - 1, visit)
    }

    /// The token's entry, or the empty slot where it would go.
    @inline(__always)
    private func find(_ token: UnsafeBufferPointer<UInt8>, hash: UInt32) -> (entry: Int?, slot: Int) {
        let mask = Self.slotCount - 1
        var slot = Int(hash &* 0x9E37_79B1) >> 15 & mask
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let candidate = slots[slot]
                if candidate.entry < 0 { return (nil, slot) }
                if candidate.hash == hash {
                    let record = entries[Int(candidate.entry)]
                    if Int(record.byteCount) == token.count && bytes.withUnsafeBufferPointer({ Self.same($0.baseAddress! + Int(record.byteStart), token) }) {
                        return (Int(candidate.entry), slot)
                    }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Whether `count` bytes at `stored` equal `token`'s, eight at a time (tokens are short; a
    /// call to memcmp cost more than the comparison).
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
        if holder.caches.count >= 2 { holder.caches.removeLast() }
        let cache = FastTextFeatureCache(modelSerial: modelSerial, payloadWidth: payloadWidth)
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
