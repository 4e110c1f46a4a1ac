import PriorMix

/// `cknna`: CKA restricted to mutual nearest neighbours. For kernels `K = A Aᵀ`, `L = B Bᵀ`, the
/// mask M keeps (i, j) where j is among the k nearest of i in both spaces (never i itself), and
/// `sim(K, L) = HSIC_unbiased(M∘K, M∘L)`; the score is `sim(K, L) / (√(sim(K, K) · sim(L, L)) + 1e-6)`,
/// as the reference's default (unbiased, distance-aware). The masked kernels hold at most n·k
/// entries, so everything is computed from the neighbour lists.
struct CKNNA: LayerMetric {
    struct Prepared {
        var neighbors: NearestNeighbors
        var selfSimilarity: Double
    }

    var k: Int
    var threads: Int

    func prepare(_ features: FeatureMatrix) -> Prepared {
        let neighbors = NearestNeighbors(features, k: k, threads: threads)
        return Prepared(neighbors: neighbors, selfSimilarity: similarity(neighbors, neighbors))
    }

    func score(_ a: Prepared, _ b: Prepared) -> Double {
        similarity(a.neighbors, b.neighbors) / ((a.selfSimilarity * b.selfSimilarity).squareRoot() + 1e-6)
    }

    /// The masked kernels in compressed rows, columns ascending: row i holds (j, K_ij, L_ij) for j
    /// in both neighbour lists of i.
    struct MaskedPair {
        var rowStart: [Int]
        var columns: [Int32]
        var kValues: [Double]
        var lValues: [Double]

        func find(row: Int, column: Int32) -> Int? {
            var low = rowStart[row], high = rowStart[row + 1]
            while low < high {
                let middle = (low + high) / 2
                if columns[middle] == column { return middle }
                if columns[middle] < column { low = middle + 1 } else { high = middle }
            }
            return nil
        }
    }

    func mask(_ a: NearestNeighbors, _ b: NearestNeighbors) -> MaskedPair {
        let n = a.count
        var pair = MaskedPair(rowStart: [0], columns: [], kValues: [], lValues: [])
        // position[j] = r + 1 when j is a's r-th neighbour of the current item, stamped by `owner`.
        var owner = [Int](repeating: -1, count: n), position = [Int](repeating: 0, count: n)
        var row: [(Int32, Double, Double)] = []
        for item in 0..<n {
            for r in 0..<a.k {
                let j = Int(a.indices[item * a.k + r])
                owner[j] = item
                position[j] = r
            }
            row.removeAll(keepingCapacity: true)
            for r in 0..<b.k {
                let j = b.indices[item * b.k + r]
                if owner[Int(j)] == item {
                    row.append((j, a.similarities[item * a.k + position[Int(j)]], b.similarities[item * b.k + r]))
                }
            }
            row.sort { $0.0 < $1.0 }
            for entry in row {
                pair.columns.append(entry.0)
                pair.kValues.append(entry.1)
                pair.lValues.append(entry.2)
            }
            pair.rowStart.append(pair.columns.count)
        }
        return pair
    }

    func similarity(_ a: NearestNeighbors, _ b: NearestNeighbors) -> Double {
        let n = a.count
        let m = mask(a, b)
        var elementwise = 0.0, sumK = 0.0, sumL = 0.0
        var columnSumsK = [Double](repeating: 0, count: n), rowSumsL = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for e in m.rowStart[i]..<m.rowStart[i + 1] {
                let j = Int(m.columns[e])
                sumK += m.kValues[e]
                sumL += m.lValues[e]
                columnSumsK[j] += m.kValues[e]
                rowSumsL[i] += m.lValues[e]
                if let t = m.find(row: j, column: Int32(i)) { elementwise += m.kValues[e] * m.lValues[t] }
            }
        }
        let product = dot(columnSumsK, rowSumsL)
        return UnbiasedHSIC(elementwise: elementwise, sumK: sumK, sumL: sumL, product: product).value(items: n)
    }
}
