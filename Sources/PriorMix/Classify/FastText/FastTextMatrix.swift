/// A fastText weight matrix: plain floats (`.bin`, and the output of most `.ftz` models) or
/// product-quantized codes (`.ftz`). Prediction needs two operations of it, both in fastText's
/// order of floating-point operations so results round exactly as fastText's do.
enum FastTextMatrix: Sendable, Equatable {
    /// Row-major rows × columns floats.
    case dense(rows: Int, columns: Int, values: [Float])
    case quantized(QuantizedMatrix)

    var rows: Int {
        switch self {
        case .dense(let rows, _, _): rows
        case .quantized(let matrix): matrix.rows
        }
    }

    var isQuantized: Bool { if case .quantized = self { true } else { false } }

    /// x += row `row` (x holds `columns` floats).
    @inline(__always)
    func addRow(_ row: Int, to x: UnsafeMutablePointer<Float>) {
        switch self {
        case .dense(_, let columns, let values):
            values.withUnsafeBufferPointer { values in
                let source = values.baseAddress! + row * columns
                for index in 0..<columns { x[index] += source[index] }
            }
        case .quantized(let matrix):
            matrix.addRow(row, to: x)
        }
    }

    /// Calls `body` with a function that adds a row to `x` (pointers fetched once, for a document's features).
    @inline(__always)
    func withRowAdder<R>(to x: UnsafeMutablePointer<Float>, _ body: ((Int) -> Void) -> R) -> R {
        switch self {
        case .dense(_, let columns, let values):
            return values.withUnsafeBufferPointer { values in
                let base = values.baseAddress!
                return body { row in
                    let source = base + row * columns
                    for index in 0..<columns { x[index] += source[index] }
                }
            }
        case .quantized(let matrix):
            return matrix.withRowAdder(to: x, body)
        }
    }

    /// Bytes that stand for one row in `FastTextFeatureCache`: a quantized row's codes (and its
    /// norm code), a dense row's id.
    var payloadWidth: Int {
        switch self {
        case .dense: 4
        case .quantized(let matrix): matrix.quantizer.subquantizerCount + (matrix.normCodes == nil ? 0 : 1)
        }
    }

    /// Calls `body` with a hint that row `row`'s payload will be written soon (a quantized row's
    /// codes lie anywhere in the matrix; fetching a token's rows together overlaps their cache
    /// misses). Scoped like `withRowAdder`, so a hint copies nothing.
    @inline(__always)
    func withPayloadPrefetcher<R>(_ body: ((Int) -> Void) -> R) -> R {
        switch self {
        case .dense: body { _ in }
        case .quantized(let matrix): matrix.withPayloadPrefetcher(body)
        }
    }

    /// Writes row `row`'s payload (`payloadWidth` bytes) to `destination`.
    @inline(__always)
    func writePayload(row: Int, to destination: UnsafeMutablePointer<UInt8>) {
        switch self {
        case .dense:
            UnsafeMutableRawPointer(destination).storeBytes(of: Int32(row), as: Int32.self)
        case .quantized(let matrix):
            matrix.writePayload(row: row, to: destination)
        }
    }

    /// Calls `body` with a function that adds the row a payload stands for to `x`: the same
    /// operations, in the same order, as `withRowAdder` for that row.
    @inline(__always)
    func withPayloadAdder<R>(to x: UnsafeMutablePointer<Float>, _ body: ((UnsafePointer<UInt8>) -> Void) -> R) -> R {
        switch self {
        case .dense(_, let columns, let values):
            return values.withUnsafeBufferPointer { values in
                let base = values.baseAddress!
                return body { payload in
                    let source = base + Int(UnsafeRawPointer(payload).loadUnaligned(as: Int32.self)) * columns
                    for index in 0..<columns { x[index] += source[index] }
                }
            }
        case .quantized(let matrix):
            return matrix.withPayloadAdder(to: x, body)
        }
    }

    /// `withPayloadAdder` for a run of payloads laid `payloadWidth` apart (a cached token's
    /// record): `body` gets a function taking the first payload and how many there are, which adds
    /// their rows to `x` in order. For lid.176's rows (16 floats in pairs) the running sum stays in
    /// registers for the whole run; storing `x` and loading it again at every row put a
    /// store-to-load delay on the chain of additions, which must stay in fastText's order.
    @inline(__always)
    func withPayloadRunAdder<R>(to x: UnsafeMutablePointer<Float>, _ body: ((UnsafePointer<UInt8>, Int) -> Void) -> R) -> R {
        switch self {
        case .dense:
            let width = payloadWidth
            return withPayloadAdder(to: x) { add in
                // `add` only lives through this call, as `body` does.
                withoutActuallyEscaping(add) { add in
                    body { first, count in
                        var payload = first
                        for _ in 0..<count { add(payload); payload += width }
                    }
                }
            }
        case .quantized(let matrix):
            return matrix.withPayloadRunAdder(to: x, body)
        }
    }

    /// ⟨x, row `row`⟩.
    @inline(__always)
    func dotRow(_ row: Int, with x: UnsafePointer<Float>) -> Float {
        switch self {
        case .dense(_, let columns, let values):
            return values.withUnsafeBufferPointer { values in
                let source = values.baseAddress! + row * columns
                var dot: Float = 0
                for index in 0..<columns { dot += source[index] * x[index] }
                return dot
            }
        case .quantized(let matrix):
            return matrix.dotRow(row, with: x)
        }
    }

    /// Reads a matrix stored after its quantization flag: `.bin` layout (int64 m, int64 n, floats)
    /// or the quantized layout; the shape must be the one the model needs.
    static func read(_ reader: inout BinaryReader, name: String, quantized: Bool, rows expectedRows: Int?, columns: Int) throws -> FastTextMatrix {
        if quantized {
            return .quantized(try QuantizedMatrix.read(&reader, name: name, expectedRows: expectedRows, columns: columns))
        }
        let shapeOffset = reader.offset
        let m = try reader.int64("\(name) rows")
        let n = try reader.int64("\(name) columns")
        guard m >= 0, n == Int64(columns), expectedRows.map({ m == Int64($0) }) ?? true else {
            throw PriorMixError(.malformedInput, "\(name) is \(m)×\(n), expected \(expectedRows.map(String.init) ?? "?")×\(columns)",
                                file: reader.path, offset: shapeOffset, hint: "the model file is corrupt")
        }
        let (count, overflow) = m.multipliedReportingOverflow(by: n)
        guard !overflow else {
            throw PriorMixError(.malformedInput, "\(name) of \(m)×\(n) is too large", file: reader.path, offset: shapeOffset)
        }
        let floats = try reader.checkCount(count, width: 4, name, at: reader.offset)
        return .dense(rows: Int(m), columns: columns, values: try reader.floats(floats, name))
    }

    func write(_ writer: inout BinaryWriter) {
        switch self {
        case .dense(let rows, let columns, let values):
            writer.int64(Int64(rows))
            writer.int64(Int64(columns))
            writer.floats(values)
        case .quantized(let matrix):
            matrix.write(&writer)
        }
    }
}
