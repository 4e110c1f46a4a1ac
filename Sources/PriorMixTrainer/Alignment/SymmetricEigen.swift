import CBLAS
import Foundation
import PriorMix

/// The largest eigenpairs of a symmetric matrix, through LAPACK's `dsyevr` (in libopenblas).
/// Only the requested pairs are computed, so the top ten of a 4,096-square matrix cost one
/// tridiagonal reduction rather than a full decomposition.
enum SymmetricEigen {
    /// The `count` largest eigenvalues (largest first) and their unit eigenvectors,
    /// `vectors[j * size + i]` = component i of the j-th vector. `matrix` is `size × size`.
    static func largest(_ count: Int, of matrix: [Double], size: Int) throws -> (values: [Double], vectors: [Double]) {
        precondition(count >= 1 && count <= size && matrix.count == size * size)
        var a = matrix
        var n = Int32(size), lda = Int32(size), ldz = Int32(size)
        var il = Int32(size - count + 1), iu = Int32(size)
        var vl = 0.0, vu = 0.0, abstol = 0.0
        var found: Int32 = 0, info: Int32 = 0
        var w = [Double](repeating: 0, count: size)
        var z = [Double](repeating: 0, count: size * count)
        var support = [Int32](repeating: 0, count: 2 * max(1, count))
        var workQuery = 0.0, iworkQuery: Int32 = 0
        var lworkQuery: Int32 = -1, liworkQuery: Int32 = -1
        let jobz: CChar = 86, range: CChar = 73, uplo: CChar = 85 // "V", "I", "U"
        withUnsafePointer(to: jobz) { j in withUnsafePointer(to: range) { r in withUnsafePointer(to: uplo) { u in
            dsyevr_(j, r, u, &n, &a, &lda, &vl, &vu, &il, &iu, &abstol, &found, &w, &z, &ldz, &support,
                    &workQuery, &lworkQuery, &iworkQuery, &liworkQuery, &info, 1, 1, 1)
        } } }
        guard info == 0 else { throw PriorMixError(.internalFailure, "dsyevr workspace query failed (info \(info))") }
        var lwork = Int32(workQuery), liwork = iworkQuery
        var work = [Double](repeating: 0, count: Int(lwork))
        var iwork = [Int32](repeating: 0, count: Int(liwork))
        withUnsafePointer(to: jobz) { j in withUnsafePointer(to: range) { r in withUnsafePointer(to: uplo) { u in
            dsyevr_(j, r, u, &n, &a, &lda, &vl, &vu, &il, &iu, &abstol, &found, &w, &z, &ldz, &support,
                    &work, &lwork, &iwork, &liwork, &info, 1, 1, 1)
        } } }
        guard info == 0, Int(found) == count else {
            throw PriorMixError(.internalFailure, "dsyevr did not converge (info \(info), \(found) of \(count) eigenpairs)")
        }
        // dsyevr returns ascending order; reverse to largest first.
        var values = [Double](), vectors = [Double]()
        values.reserveCapacity(count)
        vectors.reserveCapacity(size * count)
        for j in (0..<count).reversed() {
            values.append(w[j])
            vectors += z[j * size..<(j + 1) * size]
        }
        return (values, vectors)
    }
}
