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
}
