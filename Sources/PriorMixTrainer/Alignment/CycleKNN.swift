/// `cycle_knn`: the share of items i for which some B-neighbour j of i has i among its own
/// A-neighbours — a round trip B → A that comes back. The reference indexes `knn_A[knn_B]`, so
/// the order of the two feature sets matters.
struct CycleKNN: LayerMetric {
    var k: Int
    var threads: Int

    func prepare(_ features: FeatureMatrix) -> NearestNeighbors { NearestNeighbors(features, k: k, threads: threads) }

    func score(_ a: NearestNeighbors, _ b: NearestNeighbors) -> Double {
        var hits = 0
        for item in 0..<a.count {
            let back = b.neighbors(of: item).contains { j in a.neighbors(of: Int(j)).contains(Int32(item)) }
            if back { hits += 1 }
        }
        return Double(hits) / Double(a.count)
    }
}
