import CPrefetch

/// fastText's quantized matrix (`QuantMatrix`, in `.ftz` models): each row is one product-quantizer
/// code per piece, optionally times a quantized norm (`qnorm`: rows were normalized before
/// quantization and their norms quantized by a one-float quantizer of their own).
struct QuantizedMatrix: Sendable, Equatable {
    let rows: Int
    let columns: Int
    /// rows × subquantizerCount codes.
    let codes: [UInt8]
    let quantizer: ProductQuantizer
    /// One code a row and the 256 norms they name, when the model quantized norms.
    let normCodes: [UInt8]?
    let normQuantizer: ProductQuantizer?

    /// Reads fastText's layout (bool qnorm, int64 m, int64 n, int32 codesize, codes, quantizer,
    /// then norm codes and norm quantizer when qnorm) and checks every size against the others and
    /// against what the model needs (`expectedRows` when known, `columns` = the model's dimension).
    static func read(_ reader: inout BinaryReader, name: String, expectedRows: Int?, columns expectedColumns: Int) throws -> QuantizedMatrix {
        let hasNorms = try reader.flag("\(name) norm quantization flag")
        let shapeOffset = reader.offset
        let m = try reader.int64("\(name) rows")
        let n = try reader.int64("\(name) columns")
        let codeSizeOffset = reader.offset
        let codeSize = try reader.int32("\(name) code size")
        func corrupt(_ message: String, _ offset: Int) -> PriorMixError {
            PriorMixError(.malformedInput, "\(name): \(message)", file: reader.path, offset: offset, hint: "the quantized model is corrupt")
        }
        guard m >= 0, n == Int64(expectedColumns), expectedRows.map({ m == Int64($0) }) ?? true else {
            throw corrupt("is \(m)×\(n), expected \(expectedRows.map(String.init) ?? "?")×\(expectedColumns)", shapeOffset)
        }
        let codeCount = try reader.checkCount(Int64(codeSize), width: 1, "\(name) codes", at: codeSizeOffset)
        let codes = try reader.bytes(codeCount, "\(name) codes")
        let quantizer = try ProductQuantizer.read(&reader, name: "\(name) quantizer", expectedDimension: expectedColumns)
        // fastText sizes the codes as rows × pieces; any other count would let a row's codes run past the end.
        let (needed, overflow) = m.multipliedReportingOverflow(by: Int64(quantizer.subquantizerCount))
        guard !overflow, Int64(codeSize) == needed else {
            throw corrupt("\(codeSize) codes for \(m) rows of \(quantizer.subquantizerCount) pieces", codeSizeOffset)
        }
        var normCodes: [UInt8]?
        var normQuantizer: ProductQuantizer?
        if hasNorms {
            let rowCount = try reader.checkCount(m, width: 1, "\(name) norm codes", at: reader.offset)
            normCodes = try reader.bytes(rowCount, "\(name) norm codes")
            normQuantizer = try ProductQuantizer.read(&reader, name: "\(name) norm quantizer", expectedDimension: 1)
        }
        return QuantizedMatrix(rows: Int(m), columns: expectedColumns, codes: codes, quantizer: quantizer,
                               normCodes: normCodes, normQuantizer: normQuantizer)
    }

    func write(_ writer: inout BinaryWriter) {
        writer.uint8(normCodes == nil ? 0 : 1)
        writer.int64(Int64(rows))
        writer.int64(Int64(columns))
        writer.int32(Int32(codes.count))
        writer.bytes(codes)
        quantizer.write(&writer)
        if let normCodes, let normQuantizer {
            writer.bytes(normCodes)
            normQuantizer.write(&writer)
        }
    }

    /// The row's norm (1 without norm quantization): the norm quantizer's single float for its code.
    @inline(__always)
    func norm(_ row: Int) -> Float {
        guard let normCodes, let normQuantizer else { return 1 }
        return normQuantizer.centroids[Int(normCodes[row])]
    }

    /// x += row (fastText's `addRowToVector`); `row` must be in 0..<rows.
    @inline(__always)
    func addRow(_ row: Int, to x: UnsafeMutablePointer<Float>) {
        let alpha = norm(row)
        codes.withUnsafeBufferPointer { codes in
            quantizer.centroids.withUnsafeBufferPointer { centroids in
                quantizer.add(codes: codes.baseAddress! + row * quantizer.subquantizerCount, alpha: alpha, to: x,
                              centroids: centroids.baseAddress!)
            }
        }
    }

    /// Calls `body` with a function that adds a row to `x`, the code and centroid pointers fetched
    /// once for a whole document rather than once a feature.
    @inline(__always)
    func withRowAdder<R>(to x: UnsafeMutablePointer<Float>, _ body: ((Int) -> Void) -> R) -> R {
        let shape = quantizer.shape
        let pieces = shape.pieces
        return codes.withUnsafeBufferPointer { codes in
            quantizer.centroids.withUnsafeBufferPointer { centroids in
                let codes = codes.baseAddress!, centroids = centroids.baseAddress!
                guard let normCodes, let normQuantizer else {
                    return body { row in ProductQuantizer.add(codes: codes + row * pieces, alpha: 1, to: x, centroids: centroids, shape: shape) }
                }
                return normCodes.withUnsafeBufferPointer { norms in
                    normQuantizer.centroids.withUnsafeBufferPointer { normValues in
                        let norms = norms.baseAddress!, normValues = normValues.baseAddress!
                        return body { row in
                            ProductQuantizer.add(codes: codes + row * pieces, alpha: normValues[Int(norms[row])], to: x, centroids: centroids, shape: shape)
                        }
                    }
                }
            }
        }
    }

    /// Calls `body` with a hint that `writePayload(row:)` will read the row's codes and norm code soon.
    @inline(__always)
    func withPayloadPrefetcher<R>(_ body: ((Int) -> Void) -> R) -> R {
        let pieces = quantizer.subquantizerCount
        return codes.withUnsafeBufferPointer { codes in
            let codes = codes.baseAddress!
            guard let normCodes else { return body { row in priormix_prefetch(codes + row * pieces) } }
            return normCodes.withUnsafeBufferPointer { norms in
                let norms = norms.baseAddress!
                return body { row in
                    priormix_prefetch(codes + row * pieces)
                    priormix_prefetch(norms + row)
                }
            }
        }
    }

    /// The row's codes, then its norm code when norms are quantized (`FastTextMatrix.payloadWidth`).
    @inline(__always)
    func writePayload(row: Int, to destination: UnsafeMutablePointer<UInt8>) {
        let pieces = quantizer.subquantizerCount
        codes.withUnsafeBufferPointer { codes in
            let source = codes.baseAddress! + row * pieces
            for piece in 0..<pieces { destination[piece] = source[piece] }
        }
        if let normCodes { destination[pieces] = normCodes[row] }
    }

    /// `withRowAdder` for rows given by their payloads: the same centroids, alpha and order of
    /// additions as adding the row itself.
    @inline(__always)
    func withPayloadAdder<R>(to x: UnsafeMutablePointer<Float>, _ body: ((UnsafePointer<UInt8>) -> Void) -> R) -> R {
        let shape = quantizer.shape
        let pieces = shape.pieces
        return quantizer.centroids.withUnsafeBufferPointer { centroids in
            let centroids = centroids.baseAddress!
            let pairs = quantizer.isSixteenInPairs
            guard let normQuantizer else {
                if pairs { return body { payload in ProductQuantizer.addSixteenInPairs(codes: payload, alpha: 1, to: x, centroids: centroids) } }
                return body { payload in ProductQuantizer.add(codes: payload, alpha: 1, to: x, centroids: centroids, shape: shape) }
            }
            return normQuantizer.centroids.withUnsafeBufferPointer { normValues in
                let normValues = normValues.baseAddress!
                if pairs {
                    return body { payload in
                        ProductQuantizer.addSixteenInPairs(codes: payload, alpha: normValues[Int(payload[pieces])], to: x, centroids: centroids)
                    }
                }
                return body { payload in ProductQuantizer.add(codes: payload, alpha: normValues[Int(payload[pieces])], to: x, centroids: centroids, shape: shape) }
            }
        }
    }

    /// `withPayloadAdder` for a run of `count` payloads laid one payload apart, added in order
    /// (`FastTextMatrix.withPayloadRunAdder`).
    @inline(__always)
    func withPayloadRunAdder<R>(to x: UnsafeMutablePointer<Float>, _ body: ((UnsafePointer<UInt8>, Int) -> Void) -> R) -> R {
        let pieces = quantizer.subquantizerCount
        let width = pieces + (normCodes == nil ? 0 : 1)
        guard quantizer.isSixteenInPairs else {
            return withPayloadAdder(to: x) { add in
                // `add` only lives through this call, as `body` does.
                withoutActuallyEscaping(add) { add in
                    body { first, count in
                        var payload = first
                        for _ in 0..<count { add(payload); payload += width }
                    }
                }
            }
        }
        return quantizer.centroids.withUnsafeBufferPointer { centroids in
            let centroids = centroids.baseAddress!
            guard let normQuantizer else {
                return body { first, count in
                    ProductQuantizer.addSixteenInPairs(run: first, count: count, width: width, norms: nil, to: x, centroids: centroids)
                }
            }
            return normQuantizer.centroids.withUnsafeBufferPointer { normValues in
                let normValues = normValues.baseAddress!
                return body { first, count in
                    ProductQuantizer.addSixteenInPairs(run: first, count: count, width: width, norms: normValues, to: x, centroids: centroids)
                }
            }
        }
    }

    /// ⟨x, row⟩ (fastText's `dotRow`).
    @inline(__always)
    func dotRow(_ row: Int, with x: UnsafePointer<Float>) -> Float {
        let alpha = norm(row)
        return codes.withUnsafeBufferPointer { codes in
            quantizer.centroids.withUnsafeBufferPointer { centroids in
                quantizer.dot(codes: codes.baseAddress! + row * quantizer.subquantizerCount, alpha: alpha, with: x,
                              centroids: centroids.baseAddress!)
            }
        }
    }
}
