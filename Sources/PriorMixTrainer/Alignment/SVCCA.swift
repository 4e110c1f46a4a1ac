import CBLAS
import PriorMix

/// `svcca`: each side's features are centred and divided by their column standard deviation (n − 1
/// denominator, + 1e-8), reduced to their top `dimensions` (10) left singular vectors, and the
/// score is the mean canonical correlation between the two subspaces.
///
/// The reference takes the singular vectors from `torch.svd_lowrank` (randomised) and the
/// correlations from scikit-learn's iterative CCA; this takes the exact ones. With orthonormal,
/// centred bases U₁ and U₂, the canonical correlations are the singular values of `U₁ᵀ U₂`.
struct SVCCA: LayerMetric {
    var dimensions = 10

    func prepare(_ features: FeatureMatrix) throws -> FeatureMatrix {
        let n = features.rows, d = features.columns
        guard n > dimensions, d >= dimensions else {
            throw PriorMixError(.usage, "svcca needs more than \(dimensions) items and at least \(dimensions) columns; the features are \(n) × \(d)")
        }
        var x = features.centeredColumns()
        let sums = x.squaredColumnSums()
        x.values.withUnsafeMutableBufferPointer { p in
            for column in 0..<d {
                cblas_dscal(Int32(n), 1 / ((sums[column] / Double(n - 1)).squareRoot() + 1e-8), p.baseAddress! + column, Int32(d))
            }
        }
        // Left singular vectors from whichever Gram matrix is smaller.
        var basis = [Double](repeating: 0, count: n * dimensions)
        if n <= d {
            let gram = x.timesTranspose(x)
            let (values, vectors) = try SymmetricEigen.largest(dimensions, of: gram.values, size: n)
            try checkRank(values)
            for j in 0..<dimensions { for row in 0..<n { basis[row * dimensions + j] = vectors[j * n + row] } }
        } else {
            let covariance = x.transposeTimes(x)
            let (values, vectors) = try SymmetricEigen.largest(dimensions, of: covariance.values, size: d)
            try checkRank(values)
            let v = FeatureMatrix(rows: dimensions, columns: d, values: vectors)
            let projected = x.timesTranspose(v)
            for j in 0..<dimensions {
                let scale = 1 / values[j].squareRoot()
                for row in 0..<n { basis[row * dimensions + j] = projected.values[row * dimensions + j] * scale }
            }
        }
        return FeatureMatrix(rows: n, columns: dimensions, values: basis)
    }

    /// Below rank `dimensions` the subspace is not defined by the data.
    func checkRank(_ eigenvalues: [Double]) throws {
        guard eigenvalues[dimensions - 1] > 1e-12 * max(eigenvalues[0], 1e-300) else {
            throw PriorMixError(.malformedInput, "svcca needs features of rank \(dimensions) or more")
        }
    }

    func score(_ a: FeatureMatrix, _ b: FeatureMatrix) throws -> Double {
        let m = a.transposeTimes(b)
        let (values, _) = try SymmetricEigen.largest(dimensions, of: m.transposeTimes(m).values, size: dimensions)
        return values.reduce(0) { $0 + max($1, 0).squareRoot() } / Double(dimensions)
    }
}
