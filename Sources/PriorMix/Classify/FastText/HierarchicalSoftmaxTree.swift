import Foundation

/// The Huffman tree of fastText's hierarchical-softmax loss (`-loss hs`, used by lid.176): built from
/// the label counts exactly as fastText builds it, so internal node i is output row i - labelCount,
/// and searched as fastText searches it (depth first, left child first, pruned by the k-th best
/// score found so far), so the same labels come out with the same scores.
struct HierarchicalSoftmaxTree: Sendable {
    struct Node: Sendable {
        var left: Int32 = -1
        var right: Int32 = -1
    }

    let labelCount: Int
    let nodes: [Node]

    /// fastText's `buildTree`: leaves are the labels (sorted by decreasing count in the file), new
    /// nodes join the two smallest of (next leaf from the end, next unjoined node).
    init(counts: [Int64], path: String) throws {
        let count = counts.count
        labelCount = count
        guard count > 0 else { nodes = []; return }
        var nodes = [Node](repeating: Node(), count: 2 * count - 1)
        var weights = [Int64](repeating: 1_000_000_000_000_000, count: 2 * count - 1)
        for index in 0..<count { weights[index] = counts[index] }
        var leaf = count - 1
        var next = count
        for index in count..<(2 * count - 1) {
            var pair = [0, 0]
            for side in 0..<2 {
                if leaf >= 0 && weights[leaf] < weights[next] {
                    pair[side] = leaf
                    leaf -= 1
                } else {
                    // With counts as fastText writes them this is always a node already built; a
                    // corrupt count could name this node itself (a cycle), so refuse instead.
                    guard next < index else {
                        throw PriorMixError(.malformedInput, "the label counts do not form fastText's hierarchical-softmax tree",
                                            file: path, hint: "the model file is corrupt")
                    }
                    pair[side] = next
                    next += 1
                }
            }
            nodes[index] = Node(left: Int32(pair[0]), right: Int32(pair[1]))
            weights[index] = weights[pair[0]] &+ weights[pair[1]]
        }
        self.nodes = nodes
    }

    /// fastText's `std_log`: its argument is a float (so 1 - f is rounded to float first), the log
    /// is taken in double with a 1e-5 floor, and the result rounded to float again.
    @inline(__always)
    static func fastTextLog(_ x: Float) -> Float { Float(Foundation.log(Double(x) + 1e-5)) }

    /// Puts the best `k` labels with their log-scores into `heap`. `dot(row)` is an internal node's output row
    /// dotted with the hidden vector (the sigmoid's input). An explicit stack replaces
    /// fastText's recursion (same visiting order) so a deep tree cannot overflow the thread's stack.
    func search(k: Int, threshold: Float, heap: inout PredictionHeap, dot: (Int) -> Float) {
        guard labelCount > 0 else { return }
        let floor = Self.fastTextLog(threshold)
        var stack: [(node: Int32, score: Float)] = [(Int32(2 * labelCount - 2), 0)]
        while let (node, score) = stack.popLast() {
            if score < floor { continue }
            if heap.isFull && score < heap.worst { continue }
            let entry = nodes[Int(node)]
            if entry.left == -1 && entry.right == -1 {
                heap.insert(score: score, label: node)
                continue
            }
            let x = dot(Int(node) - labelCount)
            let f = Float(1.0 / Double(1 + Foundation.exp(-x)))  // fastText: float exp, double division
            // Right is pushed first so that left is searched first, as fastText's recursion does.
            stack.append((entry.right, score + Self.fastTextLog(f)))
            stack.append((entry.left, score + Self.fastTextLog(Float(1.0 - Double(f)))))
        }
    }
    /// How far below its node's score a leaf's score can lie at most above: each level adds
    /// `fastTextLog(p) <= log(1 + 1e-5)`, about 1e-5, plus half a float step of rounding; 0.01
    /// covers any depth this tree of at most a few thousand labels has, many times over.
    private static let reachMargin: Float = 0.01

    /// The first entry of `search`'s full ranking (k = every label, threshold 0) and the first
    /// whose label is in `labels` (nil: no list, the same entry), without scoring every node: the
    /// same depth-first walk and the same arithmetic, but a subtree is skipped when even the
    /// margin above its score stays under both the best leaf so far and (when it holds a listed
    /// label) the best listed leaf so far, as its leaves can then be neither. Scores are the same
    /// floats `search` computes. Nil when the ranking's order between equal scores, or a NaN,
    /// would decide: the caller then ranks fully.
    func best(among labels: Set<Int32>?, dot: (Int) -> Float) -> (top: (score: Float, label: Int32)?, best: (score: Float, label: Int32)?)? {
        guard labelCount > 0 else { return (nil, nil) }
        let floor = Self.fastTextLog(0)
        // Which nodes have a listed label below them (a node's children come before it).
        var listed: [Bool] = []
        if let labels {
            listed = [Bool](repeating: false, count: nodes.count)
            for label in labels where label >= 0 && Int(label) < labelCount { listed[Int(label)] = true }
            for index in labelCount..<nodes.count { listed[index] = listed[Int(nodes[index].left)] || listed[Int(nodes[index].right)] }
        }
        var top: (score: Float, label: Int32)?
        var best: (score: Float, label: Int32)?
        var topTied = false
        var bestTied = false
        // Keeps the higher of `entry` and a leaf's score, noting a tie with the one kept.
        func keepBetter(_ entry: inout (score: Float, label: Int32)?, _ tied: inout Bool, _ score: Float, _ node: Int32) {
            if let current = entry {
                if score > current.score { entry = (score, node); tied = false } else if score == current.score { tied = true }
            } else {
                entry = (score, node)
            }
        }
        var stack: [(node: Int32, score: Float)] = [(Int32(2 * labelCount - 2), 0)]
        stack.reserveCapacity(64)
        while let (node, score) = stack.popLast() {
            if score.isNaN { return nil }
            if score < floor { continue }
            let holdsListed = labels != nil && listed[Int(node)]
            let reachesTop = top.map { score + Self.reachMargin >= $0.score } ?? true
            let reachesBest = holdsListed && (best.map { score + Self.reachMargin >= $0.score } ?? true)
            if !reachesTop && !reachesBest { continue }
            let entry = nodes[Int(node)]
            if entry.left == -1 && entry.right == -1 {
                keepBetter(&top, &topTied, score, node)
                if holdsListed { keepBetter(&best, &bestTied, score, node) }
                continue
            }
            let x = dot(Int(node) - labelCount)
            let f = Float(1.0 / Double(1 + Foundation.exp(-x)))
            stack.append((entry.right, score + Self.fastTextLog(f)))
            stack.append((entry.left, score + Self.fastTextLog(Float(1.0 - Double(f)))))
        }
        if topTied || bestTied { return nil }
        return (top, labels == nil ? top : best)
    }
}
