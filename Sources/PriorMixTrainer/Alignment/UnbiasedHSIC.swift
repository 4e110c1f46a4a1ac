/// The unbiased HSIC estimator (Song et al., 2012, eq. 5) as the reference computes it, from the
/// four sums it needs — so callers can get them without forming n × n matrices. With `K̃`, `L̃` the
/// kernels with zero diagonals:
/// `[Σ K̃∘L̃ᵀ + ΣK̃ · ΣL̃ / ((n−1)(n−2)) − 2 · 1ᵀK̃L̃1 / (n−2)] / (n(n−3))`.
struct UnbiasedHSIC {
    /// `Σ_ij K̃_ij L̃_ji`
    var elementwise: Double
    var sumK: Double
    var sumL: Double
    /// `1ᵀ K̃ L̃ 1`
    var product: Double

    func value(items n: Int) -> Double {
        let m = Double(n)
        return (elementwise + sumK * sumL / ((m - 1) * (m - 2)) - 2 * product / (m - 2)) / (m * (m - 3))
    }
}
