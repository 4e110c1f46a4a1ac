import Foundation

/// How `LayerAlignment` scores two feature sets. The defaults are the hypothesis paper's:
/// mutual k-NN with k = 10 on features clipped at their 0.95 quantile and L2-normalised per item.
public struct AlignmentOptions: Sendable {
    public var metric: AlignmentMetric = .mutualKNN
    public var k = 10
    public var clamp = OutlierClamp()
    /// Divide each item's features by their Euclidean norm before scoring (the reference does).
    public var normalize = true
    public var threads = ProcessInfo.processInfo.activeProcessorCount

    public init(metric: AlignmentMetric = .mutualKNN, k: Int = 10) {
        self.metric = metric
        self.k = k
    }
}
