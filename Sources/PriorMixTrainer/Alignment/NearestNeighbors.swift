import CBLAS
import Foundation

/// Each item's `k` nearest other items by inner product (the hypothesis paper's
/// `compute_nearest_neighbors`: the Gram matrix with its diagonal excluded, largest first), with
/// the similarities. Ties go to the lower index, so the lists are deterministic.
///
/// The Gram matrix is computed a block of rows at a time and only each row's top `k` kept, so
/// memory is O(block · n + n · k) rather than O(n²). The products run in single precision (BLAS
/// `sgemm`, twice the speed of double) only to find candidates: every j whose float product is
/// within twice the rounding bound of the row's k-th is recomputed in double and the final choice
/// made there, so the lists are exactly those of a double-precision Gram matrix.
/// Complexity: O(n² · d) for the products, O(n² · log k) for the selection.
public struct NearestNeighbors: Sendable {
    public let count: Int
    public let k: Int
    /// `indices[i * k + r]`: the r-th nearest neighbour of item i.
    public let indices: [Int32]
    /// `similarities[i * k + r]`: its inner product with item i (double precision).
    public let similarities: [Double]

    public init(_ features: FeatureMatrix, k: Int, threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        let n = features.rows, d = features.columns
        precondition(k >= 1 && k < n, "k must be in 1..<n")
        count = n
        self.k = k
        var indices = [Int32](repeating: 0, count: n * k)
        var similarities = [Double](repeating: 0, count: n * k)
        let single = features.values.map { Float($0) }
        let norms = features.squaredRowNorms().map { $0.squareRoot() }
        let largestNorm = norms.max() ?? 0
        // |float product − exact| ≤ (d + 2) u ‖a‖ ‖b‖ with u = 2⁻²⁴ (inputs rounded once, d products
        // summed in any order); doubled for safety against the first-order bound.
        let unitBound = 2 * Double(d + 2) * 0x1p-24
        let block = max(1, min(n, (1 << 22) / max(n, 1)))
        var gram = [Float](repeating: 0, count: block * n)
        let workers = max(1, threads)
        features.values.withUnsafeBufferPointer { x in
            single.withUnsafeBufferPointer { xs in
                indices.withUnsafeMutableBufferPointer { indexOut in
                    similarities.withUnsafeMutableBufferPointer { valueOut in
                        gram.withUnsafeMutableBufferPointer { g in
                            let (indexOut, valueOut, g) = (indexOut, valueOut, g)
                            var start = 0
                            while start < n {
                                let rows = min(block, n - start)
                                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(n), Int32(d), 1,
                                            xs.baseAddress! + start * d, Int32(d), xs.baseAddress, Int32(d), 0, g.baseAddress, Int32(n))
                                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                                    var candidates: [Int32] = []
                                    var floatTop = [Float](repeating: 0, count: k)
                                    for row in stride(from: worker, to: rows, by: workers) {
                                        let item = start + row
                                        let products = g.baseAddress! + row * n
                                        let kth = Self.kthLargest(k, of: products, count: n, excluding: item, scratch: &floatTop)
                                        let margin = Float(2 * unitBound * norms[item] * largestNorm) * 1.001
                                        let cut = kth - margin
                                        candidates.removeAll(keepingCapacity: true)
                                        for j in 0..<n where j != item && products[j] >= cut { candidates.append(Int32(j)) }
                                        Self.selectExact(k, candidates: candidates, item: item, features: x.baseAddress!, width: d,
                                                         indices: indexOut.baseAddress! + item * k, values: valueOut.baseAddress! + item * k)
                                    }
                                }
                                start += rows
                            }
                        }
                    }
                }
            }
        }
        self.indices = indices
        self.similarities = similarities
    }

    /// The k-th largest of `row` without `excluding` (an insertion-sorted top list in `scratch`).
    static func kthLargest(_ k: Int, of row: UnsafePointer<Float>, count: Int, excluding: Int, scratch: inout [Float]) -> Float {
        var filled = 0
        for j in 0..<count where j != excluding {
            let v = row[j]
            if filled == k && !(v > scratch[k - 1]) { continue }
            var position = filled == k ? k - 1 : filled
            while position > 0 && v > scratch[position - 1] {
                scratch[position] = scratch[position - 1]
                position -= 1
            }
            scratch[position] = v
            if filled < k { filled += 1 }
        }
        return scratch[k - 1]
    }

    /// The `k` largest exact products among `candidates` (ascending indices), largest first; a
    /// later candidate displaces an earlier one only when strictly larger, so ties keep the lower index.
    static func selectExact(_ k: Int, candidates: [Int32], item: Int, features: UnsafePointer<Double>, width: Int,
                            indices: UnsafeMutablePointer<Int32>, values: UnsafeMutablePointer<Double>) {
        var filled = 0
        let a = features + item * width
        for j in candidates {
            let v = cblas_ddot(Int32(width), a, 1, features + Int(j) * width, 1)
            if filled == k && !(v > values[k - 1]) { continue }
            var position = filled == k ? k - 1 : filled
            while position > 0 && v > values[position - 1] {
                values[position] = values[position - 1]
                indices[position] = indices[position - 1]
                position -= 1
            }
            values[position] = v
            indices[position] = j
            if filled < k { filled += 1 }
        }
    }

    /// The neighbours of `item`.
    public func neighbors(of item: Int) -> ArraySlice<Int32> { indices[item * k..<(item + 1) * k] }
}
