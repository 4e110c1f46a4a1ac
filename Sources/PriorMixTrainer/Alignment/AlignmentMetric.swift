import Foundation
import PriorMix

/// The alignment metrics of the Platonic Representation Hypothesis paper's reference code
/// (Huh et al., 2024, `metrics.py`), with its definitions and normalisations: scores of how alike
/// two representations of the same `n` items are.
public enum AlignmentMetric: String, CaseIterable, Sendable, Codable {
    /// Mean share of each item's k nearest neighbours that both spaces agree on (the paper's main metric).
    case mutualKNN = "mutual_knn"
    /// Share of items found among the A-neighbours of one of their own B-neighbours.
    case cycleKNN = "cycle_knn"
    /// Linear centred kernel alignment with the biased HSIC (Kornblith et al.).
    case cka
    /// Linear CKA with the unbiased HSIC estimator (Song et al., 2012, eq. 5).
    case unbiasedCKA = "unbiased_cka"
    /// CKA restricted to pairs that are mutual k-nearest neighbours (the paper's CKNNA).
    case cknna
    /// Mean canonical correlation of the top-10 singular subspaces of the standardised features.
    case svcca

    /// Whether `k` matters.
    public var usesNeighbors: Bool { [.mutualKNN, .cycleKNN, .cknna].contains(self) }
}

/// One metric, split into what depends on one layer's features alone (computed once per layer,
/// however many layer pairs use it) and the score of a pair.
protocol LayerMetric {
    associatedtype Prepared
    /// `features` are the prepared (clipped and normalised) items × width matrix of one layer.
    func prepare(_ features: FeatureMatrix) throws -> Prepared
    func score(_ a: Prepared, _ b: Prepared) throws -> Double
}

/// When `n²` is small next to `d_A · d_B`, kernel sums are cheaper over n × n Gram matrices than
/// over d_A × d_B cross-products; both give the same number.
enum KernelForm {
    case gram
    case features

    static func choose(items n: Int, widths: (Int, Int)) -> KernelForm {
        n <= 2048 && n * n < widths.0 * widths.1 ? .gram : .features
    }
}
