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
            let sorted = features.values.map(abs).sorted()
            return sorted[min(Int(quantile * Double(sorted.count)), sorted.count - 1)]
        }
        let stride = features.layers * features.width
        var perItem = [Double](repeating: 0, count: features.count)
        perItem.withUnsafeMutableBufferPointer { out in
            let out = out
            features.values.withUnsafeBufferPointer { values in
                DispatchQueue.concurrentPerform(iterations: features.count) { item in
                    let row = values[item * stride..<(item + 1) * stride].map(abs).sorted()
                    let position = quantile * Double(stride - 1)
                    let lower = Int(position.rounded(.down))
                    let upper = min(lower + 1, stride - 1)
                    let fraction = position - Double(lower)
                    out[item] = row[lower] + (row[upper] - row[lower]) * fraction
                }
            }
        }
        return perItem.reduce(0, +) / Double(features.count)
    }

    /// The features with every value clipped to the threshold.
    public func apply(_ features: AlignmentFeatures) -> AlignmentFeatures {
        guard let t = threshold(features) else { return features }
        var out = features
        out.values = features.values.map { min(max($0, -t), t) }
        return out
    }
}
