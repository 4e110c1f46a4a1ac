/// Turns one decoded row group into rows, one at a time, each as a `ColumnarRow`: a flat string
/// column's value is handed on as its raw bytes (the text never goes through JSON), every other
/// value as JSON. The text column, read page by page (`ParquetPagedColumn`), is handed on as a
/// String made straight from its page once its UTF-8 is found well-formed (raw bytes otherwise).
/// Nested fields are rebuilt from their definition and repetition levels (Dremel record assembly): structs become objects, LIST and MAP groups and repeated fields become
/// arrays (a map as `[{"key": …, "value": …}]`).
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
    private var cursors: [Cursor]
    /// Per top-level field: its leaf when the field is one flat column, else nil; and its leaves.
    private let flatLeaf: [Int?]
    private let fieldLeaves: [[Int]]
    /// Per leaf: whether its values are strings handed on as raw bytes.
    private let rawStringLeaf: [Bool]
    /// The top-level field names, shared by every row.
    let names: [String]
    /// JSON renderings of the current row's non-string values, reused from row to row.
    private var scratch: [UInt8] = []
    private var pieces: [Piece] = []

    /// The column read page by page (its entry in `columns` is empty), if any.
    private let paged: ParquetPagedColumn?
    private let pagedLeaf: Int?
    /// The current row's text, when `paged` gave well-formed UTF-8.
    private var checkedText: String?

    /// Where each value of a row is: in a column's storage, in `scratch` as JSON text or as a raw
    /// string, or in `checkedText`.
    private enum Piece { case raw(leaf: Int, range: Range<Int>), json(Range<Int>), rawString(Range<Int>), checkedText }

    /// Checks that every column holds `rows` rows. `paged` is leaf `pagedLeaf`, started on this row group.
    init(schema: ParquetSchema, columns: [ParquetColumnData], rows: Int, paged: ParquetPagedColumn? = nil, pagedLeaf: Int? = nil) throws {
        self.schema = schema
        self.columns = columns
        self.paged = paged
        self.pagedLeaf = paged == nil ? nil : pagedLeaf
        for (index, leaf) in schema.leaves.enumerated() {
            let column = columns[index]
            let rowsInColumn = index == self.pagedLeaf ? paged!.entries
                : leaf.maxRepetition == 0 ? column.entries : column.repetition.lazy.filter { $0 == 0 }.count
            guard rowsInColumn == rows else {
                throw ParquetDecodeError(message: "column \"\(PriorMixError.excerpt(leaf.dottedName))\" holds \(rowsInColumn) rows, the row group \(rows)")
            }
        }
        cursors = [Cursor](repeating: Cursor(), count: columns.count)
        fieldLeaves = schema.fields.map { ParquetSchema.leaves(under: $0) }
        flatLeaf = fieldLeaves.map { leaves in
            leaves.count == 1 && schema.leaves[leaves[0]].path.count == 1 && schema.leaves[leaves[0]].maxRepetition == 0 ? leaves[0] : nil
        }
        rawStringLeaf = schema.leaves.map { ParquetValueRendering.isString($0) }
        names = schema.fields.map(\.name)
        try checkRows(rows)
    }

    /// Walks every row's levels once without rendering, so a row group whose levels and values
    /// disagree is refused as a whole before any of its rows is handed on.
    private func checkRows(_ rows: Int) throws {
        for (field, leaf) in flatLeaf.enumerated() {
            guard let leaf else {
                var cursors = fieldLeaves[field].map { _ in Cursor() }
                for _ in 0..<rows {
                    var merged: Node?
                    for (position, leafIndex) in fieldLeaves[field].enumerated() {
                        let node = try assemble(leaf: leafIndex, cursor: &cursors[position])
                        merged = try merged.map { try Self.merge($0, node) } ?? node
                    }
                }
                continue
            }
            // The paged column's values are counted against its levels page by page.
            if leaf == pagedLeaf { continue }
            let maxDefinition = schema.leaves[leaf].maxDefinition
            let stored = maxDefinition == 0 ? rows : columns[leaf].definition.lazy.filter { Int($0) == maxDefinition }.count
            guard stored <= columns[leaf].values.count else { throw ParquetDecodeError(message: "fewer values than levels") }
        }
    }

    /// The next row's columns, in schema order, into a fresh `bytes` buffer sized exactly.
    mutating func nextRow() throws -> (bytes: [UInt8], row: ColumnarRow) {
        scratch.removeAll(keepingCapacity: true)
        pieces.removeAll(keepingCapacity: true)
        checkedText = nil
        var total = 0
        for field in 0..<names.count {
            if let leafIndex = flatLeaf[field], leafIndex == pagedLeaf, let paged {
                try takePagedValue(paged, leaf: leafIndex, total: &total)
            } else if let leafIndex = flatLeaf[field] {
                let leaf = schema.leaves[leafIndex]
                let column = columns[leafIndex]
                var cursor = cursors[leafIndex]
                if leaf.maxDefinition == 0 || Int(column.definition[cursor.entry]) == leaf.maxDefinition {
                    guard cursor.value < column.values.count else { throw ParquetDecodeError(message: "fewer values than levels") }
                    if rawStringLeaf[leafIndex], case .bytes(let arrays) = column.values {
                        let range = arrays.range(cursor.value)
                        pieces.append(.raw(leaf: leafIndex, range: range))
                        total += range.count
                    } else {
                        let start = scratch.count
                        ParquetValueRendering.append(leaf: leaf, values: column.values, index: cursor.value, to: &scratch)
                        pieces.append(.json(start..<scratch.count))
                        total += scratch.count - start
                    }
                    cursor.value += 1
                } else {
                    let start = scratch.count
                    scratch.append(contentsOf: "null".utf8)
                    pieces.append(.json(start..<scratch.count))
                    total += 4
                }
                cursor.entry += 1
                cursors[leafIndex] = cursor
            } else {
                var merged: Node?
                for leafIndex in fieldLeaves[field] {
                    var cursor = cursors[leafIndex]
                    defer { cursors[leafIndex] = cursor }
                    let node = try assemble(leaf: leafIndex, cursor: &cursor)
                    merged = try merged.map { try Self.merge($0, node) } ?? node
                }
                let start = scratch.count
                render(merged ?? .null, to: &scratch)
                pieces.append(.json(start..<scratch.count))
                total += scratch.count - start
            }
        }
        var parts: [ColumnarRow.Part] = []
        parts.reserveCapacity(pieces.count)
        let bytes = [UInt8](unsafeUninitializedCapacity: total) { out, initialized in
            var end = 0
            scratch.withUnsafeBufferPointer { scratch in
                for piece in pieces {
                    switch piece {
                    case .raw(let leaf, let range):
                        guard case .bytes(let arrays) = columns[leaf].values else { continue }
                        arrays.data.withUnsafeBufferPointer { data in
                            if !range.isEmpty { (out.baseAddress! + end).initialize(from: data.baseAddress! + range.lowerBound, count: range.count) }
                        }
                        end += range.count
                        parts.append(.init(end: end, kind: .string))
                    case .json(let range), .rawString(let range):
                        if !range.isEmpty { (out.baseAddress! + end).initialize(from: scratch.baseAddress! + range.lowerBound, count: range.count) }
                        end += range.count
                        let kind: ColumnarRow.Kind
                        if case .json = piece { kind = .json } else { kind = .string }
                        parts.append(.init(end: end, kind: kind))
                    case .checkedText:
                        parts.append(.init(end: end, kind: .checkedText))
                    }
                }
            }
            initialized = end
        }
        return (bytes, ColumnarRow(names: names, parts: parts, checkedText: checkedText))
    }

    /// The paged column's next value: a String when it is well-formed UTF-8 (the one copy the text
    /// makes, from its page), else its raw bytes; or null. Errors name the column.
    private mutating func takePagedValue(_ paged: ParquetPagedColumn, leaf: Int, total: inout Int) throws {
        do {
            try paged.next { value in
                let start = scratch.count
                guard let value else {
                    scratch.append(contentsOf: "null".utf8)
                    pieces.append(.json(start..<scratch.count))
                    total += 4
                    return
                }
                if let text = ColumnarRow.checkedString(value) {
                    checkedText = text
                    pieces.append(.checkedText)
                } else {
                    scratch.append(contentsOf: value)
                    pieces.append(.rawString(start..<scratch.count))
                    total += value.count
                }
            }
        } catch var failure as ParquetDecodeError {
            failure.column = schema.leaves[leaf].dottedName
            throw failure
        }
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
