import Foundation
import PriorMix

/// Draws training windows of `length + 1` tokens (inputs and shifted targets) uniformly over every
/// start position of every shard. Each window's position is a pure function of (seed, step,
/// sequence index), so a resumed run reads exactly the windows the uninterrupted one would have,
/// whatever the thread count.
public struct WindowSampler: Sendable {
    let shards: [TokenShard]
    let length: Int
    let seed: UInt64
    /// Cumulative start positions per shard.
    private let starts: [Int]

    public init(shards: [TokenShard], length: Int, seed: UInt64) throws {
        self.shards = shards
        self.length = length
        self.seed = seed
        var total = 0
        starts = shards.map { shard in
            total += max(0, shard.count - length)
            return total
        }
        guard total > 0 else {
            throw PriorMixError(.usage, "no training shard holds \(length + 1) tokens for a \(length)-token context",
                                file: shards.first.map { ($0.path as NSString).deletingLastPathComponent },
                                hint: "use a shorter --context or build more tokens")
        }
    }

    public var windowCount: Int { starts.last ?? 0 }

    /// Fills `inputs` and `targets` (each `length` long) for window `sequence` of `step`.
    public func window(step: Int, sequence: Int, inputs: UnsafeMutablePointer<Int32>, targets: UnsafeMutablePointer<Int32>) {
        var random = SplitMix64(seed: seed ^ (UInt64(step) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(sequence) &* 0xC2B2_AE3D_27D4_EB4F))
        _ = random.next()
        let position = Int(random.next() % UInt64(windowCount))
        var shard = 0
        while starts[shard] <= position { shard += 1 }
        let offset = position - (shard == 0 ? 0 : starts[shard - 1])
        shards[shard].copy(from: offset, count: length, into: inputs)
        shards[shard].copy(from: offset + 1, count: length, into: targets)
    }
}
