/// The schema tree rebuilt from the footer's depth-first element list, with what reading needs
/// for every leaf column: its path of nodes and its maximum definition and repetition levels.
struct ParquetSchema: Sendable {
    final class Node: @unchecked Sendable {
        let element: ParquetSchemaElement
        var children: [Node] = []
        /// Position of this leaf in a row group's column list (leaves only).
        var leafIndex: Int?
        init(_ element: ParquetSchemaElement) { self.element = element }
        var name: String { element.name }
        var isLeaf: Bool { element.numChildren == 0 && element.type != nil }
        var repetition: ParquetRepetition { element.repetition ?? .required }
    }

    struct Leaf: Sendable {
        /// Nodes from the top-level field down to this leaf (the root excluded).
        var path: [Node]
        var maxDefinition: Int
        var maxRepetition: Int
        var element: ParquetSchemaElement { path.last!.element }
        var dottedName: String { path.map(\.name).joined(separator: ".") }
    }

    let root: Node
    let leaves: [Leaf]
    /// The top-level fields, in schema order.
    var fields: [Node] { root.children }

    struct Invalid: Error { var message: String }

    init(_ elements: [ParquetSchemaElement]) throws {
        guard let first = elements.first else { throw Invalid(message: "the schema is empty") }
        var position = 1
        var leaves: [Leaf] = []
        // Levels above 255 are refused: no real schema nests that deep, and levels are kept as bytes.
        func build(_ node: Node, path: [Node], definition: Int, repetition: Int, depth: Int) throws {
            guard depth < 100 else { throw Invalid(message: "the schema nests deeper than 100 levels") }
            let count = node.element.numChildren
            guard count >= 0, count <= elements.count - position else {
                throw Invalid(message: "schema element \"\(PriorMixError.excerpt(node.name))\" claims \(count) children, more than the schema holds")
            }
            for _ in 0..<count {
                let child = Node(elements[position])
                position += 1
                var definition = definition, repetition = repetition
                if child.repetition != .required { definition += 1 }
                if child.repetition == .repeated { repetition += 1 }
                guard definition <= 255 else { throw Invalid(message: "definition levels above 255") }
                node.children.append(child)
                if child.element.numChildren > 0 || child.element.type == nil {
                    guard child.element.numChildren > 0 else {
                        throw Invalid(message: "schema element \"\(PriorMixError.excerpt(child.name))\" has neither a type nor children")
                    }
                    try build(child, path: path + [child], definition: definition, repetition: repetition, depth: depth + 1)
                } else {
                    child.leafIndex = leaves.count
                    leaves.append(Leaf(path: path + [child], maxDefinition: definition, maxRepetition: repetition))
                }
            }
        }
        root = Node(first)
        try build(root, path: [], definition: 0, repetition: 0, depth: 0)
        guard position == elements.count else { throw Invalid(message: "the schema lists \(elements.count - position) elements outside its tree") }
        self.leaves = leaves
    }

    /// The leaves under a node, in column order.
    static func leaves(under node: Node) -> [Int] {
        if let index = node.leafIndex { return [index] }
        return node.children.flatMap { leaves(under: $0) }
    }
}
