import Foundation
import PriorMix

/// Scores two feature sets of the same items layer pair by layer pair, as the hypothesis paper's
/// `measure_alignment.py` does: clip outliers (over each whole file), L2-normalise each item in each
/// layer, apply the metric to every (A layer, B layer) pair, keep the best. Per-layer work (Gram
/// matrices, neighbour lists, singular subspaces) is done once per layer, not once per pair.
public enum LayerAlignment {
    public static func measure(_ a: AlignmentFeatures, _ b: AlignmentFeatures, options: AlignmentOptions) throws -> AlignmentResult {
        try measure(a, b, metrics: [options.metric], options: options)[0]
    }

    /// Several metrics on the same prepared features (clipping and normalising done once).
    public static func measure(_ a: AlignmentFeatures, _ b: AlignmentFeatures, metrics: [AlignmentMetric],
                               options: AlignmentOptions) throws -> [AlignmentResult] {
        for metric in metrics {
            var checked = options
            checked.metric = metric
            try validate(a, b, options: checked)
        }
        BLASThreads.set(options.threads)
        let thresholdA = options.clamp.threshold(a), thresholdB = options.clamp.threshold(b)
        let clippedA = options.clamp.apply(a, threshold: thresholdA), clippedB = options.clamp.apply(b, threshold: thresholdB)
        func matrices(_ features: AlignmentFeatures) -> [FeatureMatrix] {
            (0..<features.layers).map { options.normalize ? features.layer($0).normalizedRows() : features.layer($0) }
        }
        let layersA = matrices(clippedA), layersB = matrices(clippedB)
        let form = KernelForm.choose(items: a.count, widths: (a.width, b.width))
        return try metrics.map { metric in
            let scores: [[Double]]
            switch metric {
            case .mutualKNN: scores = try grid(MutualKNN(k: options.k, threads: options.threads), layersA, layersB)
            case .cycleKNN: scores = try grid(CycleKNN(k: options.k, threads: options.threads), layersA, layersB)
            case .cka: scores = try grid(CenteredKernelAlignment(form: form), layersA, layersB)
            case .unbiasedCKA: scores = try grid(UnbiasedCKA(form: form), layersA, layersB)
            case .cknna: scores = try grid(CKNNA(k: options.k, threads: options.threads), layersA, layersB)
            case .svcca: scores = try grid(SVCCA(), layersA, layersB)
            }
            var best = AlignmentResult.Pair(layerA: 0, layerB: 0, score: scores[0][0])
            for (i, row) in scores.enumerated() {
                for (j, score) in row.enumerated() {
                    guard score.isFinite else {
                        throw PriorMixError(.malformedInput, "\(metric.rawValue) is undefined (\(score)) for layer \(i) of \(a.source) and layer \(j) of \(b.source)",
                                            hint: "a layer whose features are constant or nearly so has no kernel structure; choose other layers")
                    }
                    if score > best.score { best = AlignmentResult.Pair(layerA: i, layerB: j, score: score) }
                }
            }
            return AlignmentResult(metric: metric, k: metric.usesNeighbors ? options.k : nil, items: a.count,
                                   featuresA: a.source, featuresB: b.source, layersA: a.layers, layersB: b.layers,
                                   outlierQuantile: options.clamp.quantile, thresholdA: thresholdA, thresholdB: thresholdB,
                                   normalized: options.normalize, scores: scores, best: best,
                                   bestByLayerA: scores.enumerated().map { i, row in
                                       let j = row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) }!
                                       return AlignmentResult.Pair(layerA: i, layerB: j, score: row[j])
                                   })
        }
    }

    static func grid<M: LayerMetric>(_ metric: M, _ a: [FeatureMatrix], _ b: [FeatureMatrix]) throws -> [[Double]] {
        let preparedA = try a.map { try metric.prepare($0) }
        let preparedB = try b.map { try metric.prepare($0) }
        return try preparedA.map { x in try preparedB.map { y in try metric.score(x, y) } }
    }

    /// Checks that make every metric well defined, each naming the files.
    static func validate(_ a: AlignmentFeatures, _ b: AlignmentFeatures, options: AlignmentOptions) throws {
        guard a.count == b.count else {
            throw PriorMixError(.usage, "\(a.source) has \(a.count) items but \(b.source) has \(b.count); alignment pairs items row by row",
                                hint: "compute both feature sets from the same texts (or image–caption pairs), in the same order")
        }
        let n = a.count
        let minimum = options.metric == .unbiasedCKA || options.metric == .cknna ? 4 : 2
        guard n >= minimum else {
            throw PriorMixError(.usage, "\(options.metric.rawValue) needs at least \(minimum) items; \(a.source) has \(n)")
        }
        if options.metric.usesNeighbors {
            let low = options.metric == .cknna ? 2 : 1
            guard options.k >= low, options.k < n else {
                throw PriorMixError(.usage, "--k \(options.k) is out of range for \(n) items: \(options.metric.rawValue) needs \(low) ≤ k < n")
            }
        }
        guard options.clamp.quantile > 0, options.clamp.quantile <= 1 else {
            throw PriorMixError(.usage, "the outlier quantile must be in (0, 1], not \(options.clamp.quantile)")
        }
    }
}
