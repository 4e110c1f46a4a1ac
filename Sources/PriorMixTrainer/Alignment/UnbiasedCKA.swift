/// `unbiased_cka`: CKA of the linear kernels `K = A Aᵀ`, `L = B Bᵀ` with the unbiased HSIC, and the
/// reference's `+ 1e-6` in the denominator. The sums come from feature-space products:
/// `Σ K∘L = ‖AᵀB‖²_F`, `K1 = A(Aᵀ1)`, minus the diagonals (`‖a_i‖²`).
struct UnbiasedCKA: LayerMetric {
    struct Prepared {
        var features: FeatureMatrix
        var gram: FeatureMatrix?
        var diagonal: [Double]
        /// `K̃ 1`
        var rowSums: [Double]
        var total: Double
        var selfHSIC: Double
    }

    var form: KernelForm

    func prepare(_ features: FeatureMatrix) -> Prepared {
        let diagonal = features.squaredRowNorms()
        let rowSums = zip(features.times(features.columnSums()), diagonal).map { $0 - $1 }
        var prepared = Prepared(features: features, gram: form == .gram ? features.timesTranspose(features) : nil,
                                diagonal: diagonal, rowSums: rowSums, total: rowSums.reduce(0, +), selfHSIC: 0)
        prepared.selfHSIC = hsic(prepared, prepared)
        return prepared
    }

    func hsic(_ a: Prepared, _ b: Prepared) -> Double {
        let full: Double
        if let k = a.gram, let l = b.gram {
            full = dot(k.values, l.values)
        } else {
            full = a.features.transposeTimes(b.features).squaredNorm
        }
        let diagonal = dot(a.diagonal, b.diagonal)
        let product = dot(a.rowSums, b.rowSums)
        return UnbiasedHSIC(elementwise: full - diagonal, sumK: a.total, sumL: b.total, product: product).value(items: a.diagonal.count)
    }

    func score(_ a: Prepared, _ b: Prepared) -> Double {
        hsic(a, b) / ((a.selfHSIC * b.selfHSIC).squareRoot() + 1e-6)
    }
}
