import Foundation

/// The hypothesis paper's feature preparation before any metric (`prepare_features`, after
/// `remove_outliers` in its code): every value is clipped to ±t, where t is the `quantile` of the
/// absolute values — by default per item over all its layers and columns (linear interpolation, as
/// `torch.quantile`) and averaged over items; `exact` takes instead the sorted absolute values of the
/// whole array at index ⌊quantile · count⌋, as its `--precise` mode does. A quantile of 1 keeps the
/// features unchanged.
public struct OutlierClamp: Sendable, Equatable {
    public var quantile: Double
    public var exact: Bool

    public init(quantile: Double = 0.95, exact: Bool = false) {
        self.quantile = quantile
        self.exact = exact
    }

    /// The clipping threshold for `features`, or nil when the quantile is 1.
    public func threshold(_ features: AlignmentFeatures) -> Double? {
        if quantile >= 1 { return nil }
        if exact {
            let count = features.values.count
            let scratch = UnsafeMutablePointer<Double>.allocate(capacity: count)
            defer { scratch.deallocate() }
            features.values.withUnsafeBufferPointer { for i in 0..<count { scratch[i] = abs($0[i]) } }
            return Self.select(min(Int(quantile * Double(count)), count - 1), in: scratch, count: count)
        }
        let stride = features.layers * features.width
        let workers = ProcessInfo.processInfo.activeProcessorCount
        var perItem = [Double](repeating: 0, count: features.count)
        perItem.withUnsafeMutableBufferPointer { out in
            let out = out
            features.values.withUnsafeBufferPointer { values in
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    let scratch = UnsafeMutablePointer<Double>.allocate(capacity: stride)
                    defer { scratch.deallocate() }
                    for item in Swift.stride(from: worker, to: features.count, by: workers) {
                        for i in 0..<stride { scratch[i] = abs(values[item * stride + i]) }
                        let position = quantile * Double(stride - 1)
                        let lower = Int(position.rounded(.down))
                        let below = Self.select(lower, in: scratch, count: stride)
                        // After selection everything past `lower` is at least `below`: the next order
                        // statistic is their minimum.
                        var above = below
                        if lower + 1 < stride {
                            above = scratch[lower + 1]
                            for i in (lower + 1)..<stride where scratch[i] < above { above = scratch[i] }
                        }
                        out[item] = below + (above - below) * (position - Double(lower))
                    }
                }
            }
        }
        return perItem.reduce(0, +) / Double(features.count)
    }

    /// `features` clipped at the threshold `threshold(_:)` gave for them (nil: unchanged); the
    /// caller keeps the threshold, which the results report.
    public func apply(_ features: AlignmentFeatures, threshold: Double?) -> AlignmentFeatures {
        guard let t = threshold else { return features }
        var out = features
        out.values.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count { p[i] = min(max(p[i], -t), t) }
        }
        return out
    }

    /// The `k`-th smallest of `count` values (0-based), partially reordering them so that smaller
    /// values come before position k and larger ones after (Hoare's selection, median-of-three
    /// pivots). O(count) on average, unlike a sort.
    static func select(_ k: Int, in p: UnsafeMutablePointer<Double>, count: Int) -> Double {
        var low = 0, high = count - 1
        while high > low {
            let middle = low + (high - low) / 2
            if p[middle] < p[low] { p.swapAt(middle, low) }
            if p[high] < p[low] { p.swapAt(high, low) }
            if p[high] < p[middle] { p.swapAt(high, middle) }
            let pivot = p[middle]
            var i = low, j = high
            while i <= j {
                while p[i] < pivot { i += 1 }
                while p[j] > pivot { j -= 1 }
                if i <= j {
                    p.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { high = j } else if k >= i { low = i } else { return p[k] }
        }
        return p[k]
    }
}

private extension UnsafeMutablePointer where Pointee == Double {
    func swapAt(_ i: Int, _ j: Int) {
        let t = self[i]
        self[i] = self[j]
        self[j] = t
    }
}
