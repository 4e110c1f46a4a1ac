/// Union-find over the documents that collide in some bucket (never the whole corpus): each set's
/// root is its earliest document in input order, which is the cluster's survivor. Path halving;
/// union by position keeps the survivor rule without ranks.
struct UnionFind {
    private var index: [DocumentPosition: Int] = [:]
    private(set) var members: [DocumentPosition] = []
    private var parent: [Int] = []

    var count: Int { members.count }

    mutating func slot(_ position: DocumentPosition) -> Int {
        if let existing = index[position] { return existing }
        let slot = members.count
        index[position] = slot
        members.append(position)
        parent.append(slot)
        return slot
    }

    mutating func root(_ slot: Int) -> Int {
        var x = slot
        while parent[x] != x {
            parent[x] = parent[parent[x]]
            x = parent[x]
        }
        return x
    }

    /// Joins the sets of `a` and `b`; the earlier root stays root.
    mutating func union(_ a: DocumentPosition, _ b: DocumentPosition) {
        let ra = root(slot(a)), rb = root(slot(b))
        guard ra != rb else { return }
        if members[ra] < members[rb] { parent[rb] = ra } else { parent[ra] = rb }
    }

    /// The survivor (root position) of `position`'s set.
    mutating func survivor(of position: DocumentPosition) -> DocumentPosition {
        members[root(slot(position))]
    }
}
