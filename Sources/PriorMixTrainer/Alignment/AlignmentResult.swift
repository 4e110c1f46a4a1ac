import Foundation
import PriorMix

/// The score of every layer pair (A's layers as rows, B's as columns) and the best pair.
public struct AlignmentResult: Codable, Sendable, PrettyJSONEncodable {
    public struct Pair: Codable, Sendable, Equatable {
        public var layerA: Int
        public var layerB: Int
        public var score: Double
    }

    public var metric: AlignmentMetric
    /// Neighbours per item, for the k-NN metrics.
    public var k: Int?
    public var items: Int
    public var featuresA: String
    public var featuresB: String
    public var layersA: Int
    public var layersB: Int
    /// The clipping thresholds applied (absent when the quantile is 1).
    public var outlierQuantile: Double
    public var thresholdA: Double?
    public var thresholdB: Double?
    public var normalized: Bool
    /// `scores[i][j]`: the metric of A's layer i against B's layer j.
    public var scores: [[Double]]
    /// The first highest score in row order (the reference keeps the first strictly greater one).
    public var best: Pair
    /// For each layer of A, its best layer of B.
    public var bestByLayerA: [Pair]

    /// The matrix as an SVG heat map; every cell points into this result's JSON.
    public var heatMap: String {
        ScoreHeatMap(title: "\(metric.rawValue) by layer pair", rowLabels: (0..<layersA).map { "A layer \($0)" },
                     columnLabels: (0..<layersB).map { "B \($0)" }, scores: scores, summaryTitle: "best",
                     summaries: bestByLayerA.map(\.score), summaryPointer: { "/bestByLayerA/\($0)/score" },
                     cellPointer: { "/scores/\($0)/\($1)" }).svg
    }

    /// An aligned text table: the best pair, then the matrix when there is more than one pair.
    public var table: String {
        var lines = ["\(metric.rawValue)\(k.map { " (k = \($0))" } ?? "") over \(items) items: "
                     + String(format: "%.6f", best.score)
                     + (layersA * layersB > 1 ? " at layer \(best.layerA) of A and layer \(best.layerB) of B" : "")]
        guard layersA * layersB > 1 else { return lines[0] }
        lines.append("")
        lines.append("A layer \\ B layer" + (0..<layersB).map { String(repeating: " ", count: max(0, 8 - String($0).count)) + String($0) }.joined())
        for (i, row) in scores.enumerated() {
            let label = String(i)
            lines.append(label + String(repeating: " ", count: 17 - label.count) + row.map { String(format: "%8.4f", $0) }.joined())
        }
        return lines.joined(separator: "\n")
    }
}
