/// Turns one decoded row group into one JSON object per row, keyed by the top-level fields, so
/// Parquet rows go through the same normalization as JSON lines (`--text-field`, `--id-field`,
/// other fields carried verbatim). Nested fields are rebuilt from their definition and
/// repetition levels (Dremel record assembly): structs become objects, LIST and MAP groups and
/// repeated fields become arrays (a map as `[{"key": …, "value": …}]`).
struct ParquetRowAssembler {
    let schema: ParquetSchema
    let columns: [ParquetColumnData]

    /// A field's value for one row, built leaf by leaf and merged; leaves point at stored values.
    indirect enum Node {
        case null
        case value(leaf: Int, index: Int)
        case object([(String, Node)])
        case array([Node])
    }

    /// Where each leaf column stands: the next level entry and the next stored value.
    private struct Cursor { var entry = 0; var value = 0 }

    func rows(count: Int) throws -> [[UInt8]] {
        var cursors = [Cursor](repeating: Cursor(), count: columns.count)
        for (index, leaf) in schema.leaves.enumerated() {
            let column = columns[index]
            let rowsInColumn = leaf.maxRepetition == 0 ? column.entries : column.repetition.lazy.filter { $0 == 0 }.count
            guard rowsInColumn == count else {
                throw ParquetDecodeError(message: "column \"\(PriorMixError.excerpt(leaf.dottedName))\" holds \(rowsInColumn) rows, the row group \(count)")
            }
        }
        let fieldLeaves = schema.fields.map { ParquetSchema.leaves(under: $0) }
        var lines: [[UInt8]] = []
        lines.reserveCapacity(count)
        for _ in 0..<count {
            var line: [UInt8] = [UInt8(ascii: "{")]
            for (f, field) in schema.fields.enumerated() {
                if f > 0 { line.append(UInt8(ascii: ",")) }
                JSONWriter.appendString(field.name, to: &line)
                line.append(UInt8(ascii: ":"))
                let leaves = fieldLeaves[f]
                if leaves.count == 1, schema.leaves[leaves[0]].path.count == 1, schema.leaves[leaves[0]].maxRepetition == 0 {
                    // A flat column: null or one value.
                    let leafIndex = leaves[0]
                    let leaf = schema.leaves[leafIndex]
                    let column = columns[leafIndex]
                    var cursor = cursors[leafIndex]
                    if leaf.maxDefinition == 0 || Int(column.definition[cursor.entry]) == leaf.maxDefinition {
                        guard cursor.value < column.values.count else { throw ParquetDecodeError(message: "fewer values than levels") }
                        ParquetValueRendering.append(leaf: leaf, values: column.values, index: cursor.value, to: &line)
                        cursor.value += 1
                    } else {
                        line.append(contentsOf: "null".utf8)
                    }
                    cursor.entry += 1
                    cursors[leafIndex] = cursor
                } else {
                    var merged: Node?
                    for leafIndex in leaves {
                        let node = try assemble(leaf: leafIndex, cursor: &cursors[leafIndex])
                        merged = try merged.map { try Self.merge($0, node) } ?? node
                    }
                    render(merged ?? .null, to: &line)
                }
            }
            line.append(UInt8(ascii: "}"))
            lines.append(line)
        }
        return lines
    }

    /// One row's value of the top-level field above `leaf`, from that leaf's levels alone.
    private func assemble(leaf leafIndex: Int, cursor: inout Cursor) throws -> Node {
        let leaf = schema.leaves[leafIndex]
        let column = columns[leafIndex]
        let path = leaf.path
        // Definition and repetition level at which each node of the path is present.
        var definitionAt: [Int] = [], repetitionAt: [Int] = []
        var d = 0, r = 0
        for node in path {
            if node.repetition != .required { d += 1 }
            if node.repetition == .repeated { r += 1 }
            definitionAt.append(d); repetitionAt.append(r)
        }
        func definition() throws -> Int {
            guard cursor.entry < column.entries else { throw ParquetDecodeError(message: "column \"\(PriorMixError.excerpt(leaf.dottedName))\" ends inside a row") }
            return leaf.maxDefinition == 0 ? 0 : Int(column.definition[cursor.entry])
        }
        func repetition() -> Int? {
            guard cursor.entry < column.entries else { return nil }
            return leaf.maxRepetition == 0 ? 0 : Int(column.repetition[cursor.entry])
        }
        func leafValue() throws -> Node {
            guard cursor.value < column.values.count else { throw ParquetDecodeError(message: "fewer values than levels in \"\(PriorMixError.excerpt(leaf.dottedName))\"") }
            defer { cursor.value += 1; cursor.entry += 1 }
            return .value(leaf: leafIndex, index: cursor.value)
        }
        func value(_ i: Int) throws -> Node {
            let node = path[i]
            if node.repetition == .repeated { return try repeated(i, unwrap: false) }
            if node.repetition == .optional, try definition() < definitionAt[i] {
                cursor.entry += 1
                return .null
            }
            if i == path.count - 1 { return try leafValue() }
            let child = path[i + 1]
            let logical = node.element.logical
            if (logical == .list || logical == .map), node.children.count == 1, child.repetition == .repeated {
                // LIST: `group (LIST) { repeated group list { element } }` reads as [element …].
                let unwrap = logical == .list && child.children.count == 1 && i + 2 < path.count
                return try repeated(i + 1, unwrap: unwrap)
            }
            return .object([(child.name, try value(i + 1))])
        }
        func repeated(_ j: Int, unwrap: Bool) throws -> Node {
            if try definition() < definitionAt[j] {
                cursor.entry += 1
                return .array([])
            }
            var elements: [Node] = []
            repeat {
                if j == path.count - 1 {
                    elements.append(try leafValue())
                } else if unwrap {
                    elements.append(try value(j + 1))
                } else {
                    elements.append(.object([(path[j + 1].name, try value(j + 1))]))
                }
            } while repetition() == repetitionAt[j]
            return .array(elements)
        }
        guard repetition() == 0 else {
            throw ParquetDecodeError(message: "column \"\(PriorMixError.excerpt(leaf.dottedName))\" has a row that does not start at repetition level 0")
        }
        return try value(0)
    }

    /// Joins the partial values two leaves give for the same field: objects gain members,
    /// arrays merge element by element.
    static func merge(_ a: Node, _ b: Node) throws -> Node {
        switch (a, b) {
        case (.null, .null): return .null
        case (.object(var members), .object(let others)):
            for (name, node) in others {
                if let index = members.firstIndex(where: { $0.0 == name }) {
                    members[index].1 = try merge(members[index].1, node)
                } else {
                    members.append((name, node))
                }
            }
            return .object(members)
        case (.array(let left), .array(let right)):
            guard left.count == right.count else { throw ParquetDecodeError(message: "sibling columns disagree on a list's length") }
            return .array(try zip(left, right).map { try merge($0, $1) })
        default:
            throw ParquetDecodeError(message: "sibling columns disagree on a value's shape")
        }
    }

    private func render(_ node: Node, to out: inout [UInt8]) {
        switch node {
        case .null: out.append(contentsOf: "null".utf8)
        case .value(let leaf, let index):
            ParquetValueRendering.append(leaf: schema.leaves[leaf], values: columns[leaf].values, index: index, to: &out)
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, (name, value)) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.appendString(name, to: &out)
                out.append(UInt8(ascii: ":"))
                render(value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                render(element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
    }
}
