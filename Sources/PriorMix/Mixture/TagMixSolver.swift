/// Chooses how many tokens to take from each (bucket, tag class) cell so that every bucket gets its
/// share, the reasoning and visual shares hit their targets, no cell is upsampled past the epoch
/// cap, and the mix stays as close as possible to each bucket's natural proportions.
///
/// A small quadratic program (at most 4 × buckets variables), solved by projected gradient descent:
/// each step projects every bucket's cells onto {Σ = bucket share, 0 ≤ w ≤ cap}.
struct TagMixSolver {
    /// Per bucket: its share of the mixture.
    var bucketShares: [Double]
    /// Per bucket and class: natural token share of the class within the bucket, reasoning and
    /// visual fraction of the class's tokens, and the largest share of the mixture it can supply.
    var natural: [[Double]]
    var reasoningFraction: [[Double]]
    var visualFraction: [[Double]]
    var upperBound: [[Double]]
    var reasoningTarget: Double?
    var visualTarget: Double?

    func solve(iterations: Int = 20_000) -> [[Double]] {
        let start = bucketShares.indices.map { b in natural[b].map { $0 * bucketShares[b] } }
        var w = start.indices.map { project(start[$0], total: bucketShares[$0], upper: upperBound[$0]) }
        guard reasoningTarget != nil || visualTarget != nil else { return w }
        let penalty = 200.0
        let scale = start.map { $0.map { max($0, 1e-3) } }
        var constraintNorm = 0.0
        for b in w.indices { for k in w[b].indices { constraintNorm += reasoningFraction[b][k] * reasoningFraction[b][k] + visualFraction[b][k] * visualFraction[b][k] } }
        let minimumScale = scale.joined().min() ?? 1e-3
        let step = 0.5 / (2 / minimumScale + 2 * penalty * max(constraintNorm, 1e-9))
        for _ in 0..<iterations {
            var reasoningGap = 0.0, visualGap = 0.0
            for b in w.indices {
                for k in w[b].indices {
                    reasoningGap += w[b][k] * reasoningFraction[b][k]
                    visualGap += w[b][k] * visualFraction[b][k]
                }
            }
            reasoningGap = reasoningTarget.map { reasoningGap - $0 } ?? 0
            visualGap = visualTarget.map { visualGap - $0 } ?? 0
            for b in w.indices {
                var next = w[b]
                for k in next.indices {
                    let gradient = 2 * (w[b][k] - start[b][k]) / scale[b][k]
                        + 2 * penalty * (reasoningGap * reasoningFraction[b][k] + visualGap * visualFraction[b][k])
                    next[k] -= step * gradient
                }
                w[b] = project(next, total: bucketShares[b], upper: upperBound[b])
            }
        }
        return w
    }

    /// Euclidean projection onto {Σ x = total, 0 ≤ x ≤ upper}: x = clip(y − τ), τ found by bisection.
    /// When the caps cannot reach `total`, every cell is at its cap (the bucket falls short).
    func project(_ y: [Double], total: Double, upper: [Double]) -> [Double] {
        if upper.reduce(0, +) <= total { return upper }
        func sum(_ tau: Double) -> Double { zip(y, upper).reduce(0) { $0 + min(max($1.0 - tau, 0), $1.1) } }
        var low = (y.min() ?? 0) - total - 1, high = (y.max() ?? 0) + 1
        for _ in 0..<100 {
            let middle = (low + high) / 2
            if sum(middle) > total { low = middle } else { high = middle }
        }
        let tau = (low + high) / 2
        return zip(y, upper).map { min(max($0 - tau, 0), $1) }
    }
}
