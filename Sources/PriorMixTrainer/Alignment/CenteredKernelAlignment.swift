/// `cka`: linear centred kernel alignment with the biased HSIC,
/// `HSIC(K, L) = tr(K H L H)` for `K = A Aᵀ`, `L = B Bᵀ`, `H = I − 11ᵀ/n`, and
/// `CKA = HSIC(K, L) / (√(HSIC(K, K) · HSIC(L, L)) + 1e-6)` — the reference's epsilon included.
/// `tr(K H L H) = ‖(HA)ᵀ(HB)‖²_F`, so no n × n matrix is needed unless n is the small side.
struct CenteredKernelAlignment: LayerMetric {
    struct Prepared {
        var centered: FeatureMatrix
        /// `H K H` when the Gram form is cheaper.
        var centeredGram: FeatureMatrix?
        var selfHSIC: Double
    }

    var form: KernelForm

    func prepare(_ features: FeatureMatrix) -> Prepared {
        let centered = features.centeredColumns()
        switch form {
        case .gram:
            let gram = centered.timesTranspose(centered)
            return Prepared(centered: centered, centeredGram: gram, selfHSIC: gram.squaredNorm)
        case .features:
            return Prepared(centered: centered, centeredGram: nil, selfHSIC: centered.transposeTimes(centered).squaredNorm)
        }
    }

    func crossHSIC(_ a: Prepared, _ b: Prepared) -> Double {
        if let k = a.centeredGram, let l = b.centeredGram {
            return dot(k.values, l.values)
        }
        return a.centered.transposeTimes(b.centered).squaredNorm
    }

    func score(_ a: Prepared, _ b: Prepared) -> Double {
        crossHSIC(a, b) / ((a.selfHSIC * b.selfHSIC).squareRoot() + 1e-6)
    }
}
