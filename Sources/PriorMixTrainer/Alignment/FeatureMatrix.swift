import CBLAS
import Foundation

/// A dense row-major matrix of Doubles: one row per item. Alignment works in double precision so
/// that nearest-neighbour ranks do not flip on rounding, and results agree with a float64 reference.
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
        var out = values
        for row in 0..<rows {
            var sum = 0.0
            for column in 0..<columns { sum += out[row * columns + column] * out[row * columns + column] }
            let scale = 1 / max(sum.squareRoot(), 1e-12)
            for column in 0..<columns { out[row * columns + column] *= scale }
        }
        return FeatureMatrix(rows: rows, columns: columns, values: out)
    }

    /// Each column minus its mean.
    public func centeredColumns() -> FeatureMatrix {
        let means = columnSums().map { $0 / Double(rows) }
        var out = values
        for row in 0..<rows { for column in 0..<columns { out[row * columns + column] -= means[column] } }
        return FeatureMatrix(rows: rows, columns: columns, values: out)
    }

    /// Row sums.
    public func rowSums() -> [Double] {
        (0..<rows).map { row in (0..<columns).reduce(0.0) { $0 + values[row * columns + $1] } }
    }

    /// Column sums (`Xᵀ 1`).
    public func columnSums() -> [Double] {
        var sums = [Double](repeating: 0, count: columns)
        for row in 0..<rows { for column in 0..<columns { sums[column] += values[row * columns + column] } }
        return sums
    }

    /// `X v` for a vector of length `columns`.
    public func times(_ vector: [Double]) -> [Double] {
        (0..<rows).map { row in (0..<columns).reduce(0.0) { $0 + values[row * columns + $1] * vector[$1] } }
    }

    /// Squared row norms: the diagonal of the Gram matrix `X Xᵀ`.
    public func squaredRowNorms() -> [Double] {
        (0..<rows).map { row in (0..<columns).reduce(0.0) { $0 + values[row * columns + $1] * values[row * columns + $1] } }
    }

    /// `selfᵀ other` (columns × other.columns), both with the same rows, through BLAS.
    public func transposeTimes(_ other: FeatureMatrix) -> FeatureMatrix {
        precondition(rows == other.rows)
        var out = [Double](repeating: 0, count: columns * other.columns)
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { c in
                    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(columns), Int32(other.columns), Int32(rows), 1,
                                a.baseAddress, Int32(columns), b.baseAddress, Int32(other.columns), 0, c.baseAddress, Int32(other.columns))
                }
            }
        }
        return FeatureMatrix(rows: columns, columns: other.columns, values: out)
    }

    /// `self otherᵀ` (rows × other.rows), both with the same columns, through BLAS: a Gram matrix
    /// when `other` is `self`.
    public func timesTranspose(_ other: FeatureMatrix) -> FeatureMatrix {
        precondition(columns == other.columns)
        var out = [Double](repeating: 0, count: rows * other.rows)
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { c in
                    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(other.rows), Int32(columns), 1,
                                a.baseAddress, Int32(columns), b.baseAddress, Int32(columns), 0, c.baseAddress, Int32(other.rows))
                }
            }
        }
        return FeatureMatrix(rows: rows, columns: other.rows, values: out)
    }

    /// Sum of squares of every entry (the squared Frobenius norm).
    public var squaredNorm: Double { values.reduce(0) { $0 + $1 * $1 } }
}

extension FeatureMatrix {
    /// Per column, the sum of squares.
    func squaredColumnSums() -> [Double] {
        var sums = [Double](repeating: 0, count: columns)
        for row in 0..<rows { for column in 0..<columns { sums[column] += values[row * columns + column] * values[row * columns + column] } }
        return sums
    }
}
