/// `mutual_knn`: for each item, the share of its k nearest neighbours in A that are also among its
/// k nearest in B, averaged over items. In [0, 1]; chance level is about k / n.
struct MutualKNN: LayerMetric {
    var k: Int
    var threads: Int

    func prepare(_ features: FeatureMatrix) -> NearestNeighbors { NearestNeighbors(features, k: k, threads: threads) }

    func score(_ a: NearestNeighbors, _ b: NearestNeighbors) -> Double {
        // marked[j] == item: j is one of item's A-neighbours (a stamp avoids clearing per item).
        var marked = [Int](repeating: -1, count: a.count)
        var sum = 0.0
        for item in 0..<a.count {
            for j in a.neighbors(of: item) { marked[Int(j)] = item }
            var shared = 0
            for j in b.neighbors(of: item) where marked[Int(j)] == item { shared += 1 }
            sum += Double(shared) / Double(k)
        }
        return sum / Double(a.count)
    }
}
