/// Documents counted over equal-width bins of [0, 1] fixed in advance. Bins never move with the
/// data, so histograms of parts of a corpus add up to the histogram of the whole exactly.
public struct ScoreHistogram: Codable, Sendable, Equatable {
    /// Documents per bin; bin `i` holds values in [i/n, (i+1)/n), the last one also holds 1.
    public private(set) var counts: [Int]

    public init(bins: Int) {
        precondition(bins > 0, "a histogram needs at least one bin")
        counts = [Int](repeating: 0, count: bins)
    }

    public init(counts: [Int]) {
        precondition(!counts.isEmpty, "a histogram needs at least one bin")
        self.counts = counts
    }

    public var bins: Int { counts.count }
    public var total: Int { counts.reduce(0, +) }

    /// The bin of `value`, which must be finite (callers validate their inputs).
    public static func bin(of value: Double, bins: Int) -> Int {
        min(bins - 1, max(0, Int(value * Double(bins))))
    }

    /// Lower and upper edge of bin `index`.
    public func edges(of index: Int) -> (lower: Double, upper: Double) {
        (Double(index) / Double(bins), Double(index + 1) / Double(bins))
    }

    public mutating func add(_ value: Double) {
        counts[Self.bin(of: value, bins: bins)] += 1
    }

    /// Adds `other`'s counts; both must have the same bins (checked when reports are loaded).
    public mutating func merge(_ other: ScoreHistogram) {
        precondition(other.bins == bins, "histograms with different bins cannot merge")
        for index in counts.indices { counts[index] += other.counts[index] }
    }
}
