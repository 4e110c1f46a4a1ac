import CBLAS
import Foundation

/// A dense row-major matrix of Doubles: one row per item. Alignment works in double precision so
/// that nearest-neighbour ranks do not flip on rounding, and results agree with a float64 reference.
/// Loops go through raw pointers and BLAS so they stay fast in debug builds too (the tests run them).
public struct FeatureMatrix: Sendable {
    public var rows: Int
    public var columns: Int
    public var values: [Double]

    public init(rows: Int, columns: Int, values: [Double]) {
        precondition(values.count == rows * columns)
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// Each row divided by its Euclidean norm (at least 1e-12), as `torch.nn.functional.normalize`.
    public func normalizedRows() -> FeatureMatrix {
        var out = self
        let (n, d) = (Int32(columns), columns)
        out.values.withUnsafeMutableBufferPointer { x in
            for row in 0..<rows {
                let p = x.baseAddress! + row * d
                let norm = cblas_ddot(n, p, 1, p, 1).squareRoot()
                cblas_dscal(n, 1 / max(norm, 1e-12), p, 1)
            }
        }
        return out
    }

    /// Each column minus its mean.
    public func centeredColumns() -> FeatureMatrix {
        let means = columnSums().map { -$0 / Double(rows) }
        var out = self
        out.values.withUnsafeMutableBufferPointer { x in
            for row in 0..<rows { cblas_daxpy(Int32(columns), 1, means, 1, x.baseAddress! + row * columns, 1) }
        }
        return out
    }

    /// Column sums (`Xᵀ 1`).
    public func columnSums() -> [Double] {
        transposeTimes(vector: [Double](repeating: 1, count: rows))
    }

    /// `Xᵀ v` for a vector of length `rows`.
    func transposeTimes(vector: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: columns)
        cblas_dgemv(CblasRowMajor, CblasTrans, Int32(rows), Int32(columns), 1, values, Int32(columns), vector, 1, 0, &out, 1)
        return out
    }

    /// `X v` for a vector of length `columns`.
    public func times(_ vector: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: rows)
        cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(rows), Int32(columns), 1, values, Int32(columns), vector, 1, 0, &out, 1)
        return out
    }

    /// Squared row norms: the diagonal of the Gram matrix `X Xᵀ`.
    public func squaredRowNorms() -> [Double] {
        values.withUnsafeBufferPointer { x in
            (0..<rows).map { row in
                let p = x.baseAddress! + row * columns
                return cblas_ddot(Int32(columns), p, 1, p, 1)
            }
        }
    }

    /// Per column, the sum of squares.
    func squaredColumnSums() -> [Double] {
        var sums = [Double](repeating: 0, count: columns)
        values.withUnsafeBufferPointer { x in
            sums.withUnsafeMutableBufferPointer { s in
                for row in 0..<rows {
                    let p = x.baseAddress! + row * columns
                    for column in 0..<columns { s[column] += p[column] * p[column] }
                }
            }
        }
        return sums
    }

    /// `selfᵀ other` (columns × other.columns), both with the same rows, through BLAS.
    public func transposeTimes(_ other: FeatureMatrix) -> FeatureMatrix {
        precondition(rows == other.rows)
        var out = [Double](repeating: 0, count: columns * other.columns)
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(columns), Int32(other.columns), Int32(rows), 1,
                    values, Int32(columns), other.values, Int32(other.columns), 0, &out, Int32(other.columns))
        return FeatureMatrix(rows: columns, columns: other.columns, values: out)
    }

    /// `self otherᵀ` (rows × other.rows), both with the same columns, through BLAS: a Gram matrix
    /// when `other` is `self`.
    public func timesTranspose(_ other: FeatureMatrix) -> FeatureMatrix {
        precondition(columns == other.columns)
        var out = [Double](repeating: 0, count: rows * other.rows)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(other.rows), Int32(columns), 1,
                    values, Int32(columns), other.values, Int32(columns), 0, &out, Int32(other.rows))
        return FeatureMatrix(rows: rows, columns: other.rows, values: out)
    }

    /// Sum of squares of every entry (the squared Frobenius norm).
    public var squaredNorm: Double { dot(values, values) }
}

/// `Σ xᵢ yᵢ` through BLAS.
func dot(_ x: [Double], _ y: [Double]) -> Double {
    precondition(x.count == y.count)
    return cblas_ddot(Int32(x.count), x, 1, y, 1)
}
