/// Deterministic per-document random numbers: a hash of the seed, a purpose and the document id,
/// so whether a document is sampled never depends on file order, machine or thread count.
public enum SelectionKey {
    public enum Purpose: UInt64 { case sample = 0x5A4D_504C_4500_0001, validation = 0x5641_4C49_4400_0002 }

    /// A number in [0, 1) for `id`.
    public static func unit(seed: UInt64, purpose: Purpose, id: String) -> Double {
        let h = FNV1a.hash64(id.utf8)
        var mixer = SplitMix64(seed: h ^ seed &* 0x9E37_79B9_7F4A_7C15 ^ purpose.rawValue)
        return Double(mixer.next() >> 11) / Double(1 << 53)
    }
}
