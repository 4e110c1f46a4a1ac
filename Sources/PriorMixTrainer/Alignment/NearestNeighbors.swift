import CBLAS
import Foundation

/// Each item's `k` nearest other items by inner product (the hypothesis paper's
/// `compute_nearest_neighbors`: the Gram matrix with its diagonal excluded, largest first), with
/// the similarities. Ties go to the lower index, so the lists are deterministic.
///
/// The Gram matrix is computed a block of rows at a time (BLAS `dgemm`) and only the top `k` of
/// each row kept, so memory is O(block · n + n · k) rather than O(n²).
/// Complexity: O(n² · d) for the products, O(n² · log k) for the selection.
public struct NearestNeighbors: Sendable {
    public let count: Int
    public let k: Int
    /// `indices[i * k + r]`: the r-th nearest neighbour of item i.
    public let indices: [Int32]
    /// `similarities[i * k + r]`: its inner product with item i.
    public let similarities: [Double]

    public init(_ features: FeatureMatrix, k: Int, threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        let n = features.rows, d = features.columns
        precondition(k >= 1 && k < n, "k must be in 1..<n")
        count = n
        self.k = k
        var indices = [Int32](repeating: 0, count: n * k)
        var similarities = [Double](repeating: 0, count: n * k)
        let block = max(1, min(n, (1 << 22) / max(n, 1)))
        var gram = [Double](repeating: 0, count: block * n)
        features.values.withUnsafeBufferPointer { x in
            indices.withUnsafeMutableBufferPointer { indexOut in
                similarities.withUnsafeMutableBufferPointer { valueOut in
                    gram.withUnsafeMutableBufferPointer { g in
                        let (indexOut, valueOut, g) = (indexOut, valueOut, g)
                        var start = 0
                        while start < n {
                            let rows = min(block, n - start)
                            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(n), Int32(d), 1,
                                        x.baseAddress! + start * d, Int32(d), x.baseAddress, Int32(d), 0, g.baseAddress, Int32(n))
                            let chunk = (rows + threads - 1) / threads
                            DispatchQueue.concurrentPerform(iterations: threads) { worker in
                                for row in worker * chunk..<min(rows, (worker + 1) * chunk) {
                                    Self.selectTop(k, from: g.baseAddress! + row * n, count: n, excluding: start + row,
                                                   indices: indexOut.baseAddress! + (start + row) * k,
                                                   values: valueOut.baseAddress! + (start + row) * k)
                                }
                            }
                            start += rows
                        }
                    }
                }
            }
        }
        self.indices = indices
        self.similarities = similarities
    }

    /// The `k` largest of `row` (skipping `excluding`), largest first, lower index first on ties:
    /// an insertion-sorted list, since k is small next to n.
    static func selectTop(_ k: Int, from row: UnsafePointer<Double>, count: Int, excluding: Int,
                          indices: UnsafeMutablePointer<Int32>, values: UnsafeMutablePointer<Double>) {
        var filled = 0
        for j in 0..<count where j != excluding {
            let v = row[j]
            if filled == k && !(v > values[k - 1]) { continue }
            // Strictly greater moves ahead, so an equal value stays behind the earlier index.
            var position = filled == k ? k - 1 : filled
            while position > 0 && v > values[position - 1] {
                values[position] = values[position - 1]
                indices[position] = indices[position - 1]
                position -= 1
            }
            values[position] = v
            indices[position] = Int32(j)
            if filled < k { filled += 1 }
        }
    }

    /// The neighbours of `item`.
    public func neighbors(of item: Int) -> ArraySlice<Int32> { indices[item * k..<(item + 1) * k] }
}
