/// fastText's product quantizer, as stored in `.ftz` models: a vector of `dimension` floats is cut
/// into `subquantizerCount` pieces of `subdimension` floats (the last piece holds what is left,
/// `lastSubdimension`), and each piece is replaced by one of 256 centroids, named by a one-byte code.
/// Reading only: PriorMix predicts with quantized models, it does not quantize.
struct ProductQuantizer: Sendable, Equatable {
    /// Centroids per piece: a code is one byte.
    static let centroidCount = 256

    let dimension: Int
    let subquantizerCount: Int
    let subdimension: Int
    let lastSubdimension: Int
    /// dimension × 256 floats; piece m's centroid i starts at `shape.centroidStart(m, i)`.
    let centroids: [Float]

    /// Reads the quantizer fastText writes (int32 dim, nsubq, dsub, lastdsub, then dim × 256 floats)
    /// and checks that its sizes agree with each other and with `expectedDimension`, so that every
    /// centroid a code can name lies inside `centroids`.
    static func read(_ reader: inout BinaryReader, name: String, expectedDimension: Int) throws -> ProductQuantizer {
        let start = reader.offset
        let dimension = Int(try reader.int32("\(name) dimension"))
        let count = Int(try reader.int32("\(name) subquantizer count"))
        let subdimension = Int(try reader.int32("\(name) subquantizer dimension"))
        let last = Int(try reader.int32("\(name) last subquantizer dimension"))
        func corrupt(_ message: String) -> PriorMixError {
            PriorMixError(.malformedInput, "\(name): \(message)", file: reader.path, offset: start,
                          hint: "the quantized model is corrupt")
        }
        guard dimension == expectedDimension else {
            throw corrupt("dimension \(dimension), expected \(expectedDimension)")
        }
        guard subdimension >= 1, subdimension <= dimension else {
            throw corrupt("subquantizer dimension \(subdimension) is not in 1…\(dimension)")
        }
        let expectedCount = (dimension + subdimension - 1) / subdimension
        let expectedLast = dimension % subdimension == 0 ? subdimension : dimension % subdimension
        guard count == expectedCount, last == expectedLast else {
            throw corrupt("\(count) subquantizers with a last one of \(last) floats do not cut \(dimension) floats into pieces of \(subdimension)")
        }
        let floats = try reader.checkCount(Int64(dimension) * Int64(centroidCount), width: 4, "\(name) centroids", at: reader.offset)
        let centroids = try reader.floats(floats, "\(name) centroids")
        return ProductQuantizer(dimension: dimension, subquantizerCount: count, subdimension: subdimension,
                                lastSubdimension: last, centroids: centroids)
    }

    func write(_ writer: inout BinaryWriter) {
        for value in [dimension, subquantizerCount, subdimension, lastSubdimension] { writer.int32(Int32(value)) }
        writer.floats(centroids)
    }

    /// x += alpha · decode(codes), piece by piece, in fastText's order of operations (each
    /// centroid float multiplied by alpha, then added), so sums round exactly as fastText's do.
    @inline(__always)
    func add(codes: UnsafePointer<UInt8>, alpha: Float, to x: UnsafeMutablePointer<Float>, centroids: UnsafePointer<Float>) {
        Self.add(codes: codes, alpha: alpha, to: x, centroids: centroids, shape: shape)
    }

    /// The sizes `add` needs, as plain integers: a row adder that captures these rather than the
    /// quantizer (which holds an array) copies and releases nothing per row or per token.
    struct Shape {
        let pieces: Int
        let subdimension: Int
        let lastSubdimension: Int

        /// Where centroid `code` of piece `piece` starts: pieces before the last hold 256 centroids
        /// of `subdimension` floats each; the last piece's centroids are `lastSubdimension` floats apart.
        @inline(__always)
        func centroidStart(_ piece: Int, _ code: UInt8) -> Int {
            piece == pieces - 1
                ? piece * ProductQuantizer.centroidCount * subdimension + Int(code) * lastSubdimension
                : (piece * ProductQuantizer.centroidCount + Int(code)) * subdimension
        }

        /// Floats in piece `piece`.
        @inline(__always)
        func width(_ piece: Int) -> Int { piece == pieces - 1 ? lastSubdimension : subdimension }
    }

    var shape: Shape { Shape(pieces: subquantizerCount, subdimension: subdimension, lastSubdimension: lastSubdimension) }

    /// `add` from the shape alone.
    @inline(__always)
    static func add(codes: UnsafePointer<UInt8>, alpha: Float, to x: UnsafeMutablePointer<Float>, centroids: UnsafePointer<Float>, shape: Shape) {
        for piece in 0..<shape.pieces {
            let c = centroids + shape.centroidStart(piece, codes[piece])
            let width = shape.width(piece)
            let target = x + piece * shape.subdimension
            for index in 0..<width { target[index] += alpha * c[index] }
        }
    }

    /// Whether rows are 16 floats in 8 pieces of 2 (lid.176's shape), which `addSixteenInPairs` takes.
    var isSixteenInPairs: Bool { dimension == 16 && subdimension == 2 && lastSubdimension == 2 }

    /// `add` for rows of 16 floats in pieces of 2: the decoded row gathered into one vector and
    /// added at once. Every element still gets alpha · its centroid float, then one addition per
    /// row (no fused multiply-add), so the sums are bit for bit `add`'s.
    @inline(__always)
    static func addSixteenInPairs(codes: UnsafePointer<UInt8>, alpha: Float, to x: UnsafeMutablePointer<Float>, centroids: UnsafePointer<Float>) {
        @inline(__always) func pair(_ piece: Int) -> SIMD2<Float> {
            UnsafeRawPointer(centroids + (piece * Self.centroidCount + Int(codes[piece])) * 2).loadUnaligned(as: SIMD2<Float>.self)
        }
        let low = SIMD8(lowHalf: SIMD4(lowHalf: pair(0), highHalf: pair(1)), highHalf: SIMD4(lowHalf: pair(2), highHalf: pair(3)))
        let high = SIMD8(lowHalf: SIMD4(lowHalf: pair(4), highHalf: pair(5)), highHalf: SIMD4(lowHalf: pair(6), highHalf: pair(7)))
        let target = UnsafeMutableRawPointer(x)
        let sum = target.loadUnaligned(as: SIMD16<Float>.self) + alpha * SIMD16(lowHalf: low, highHalf: high)
        target.storeBytes(of: sum, as: SIMD16<Float>.self)
    }

    /// `addSixteenInPairs` for `count` rows whose codes lie `width` bytes apart from `first`, each
    /// followed by its norm code when `norms` is given (else alpha is 1): the same products and the
    /// same additions in the same order, with the running sum held in registers and `x` loaded and
    /// stored once for the run.
    @inline(__always)
    static func addSixteenInPairs(run first: UnsafePointer<UInt8>, count: Int, width: Int, norms: UnsafePointer<Float>?,
                                  to x: UnsafeMutablePointer<Float>, centroids: UnsafePointer<Float>) {
        let target = UnsafeMutableRawPointer(x)
        var sum = target.loadUnaligned(as: SIMD16<Float>.self)
        var codes = first
        for _ in 0..<count {
            @inline(__always) func pair(_ piece: Int) -> SIMD2<Float> {
                UnsafeRawPointer(centroids + (piece * Self.centroidCount + Int(codes[piece])) * 2).loadUnaligned(as: SIMD2<Float>.self)
            }
            let low = SIMD8(lowHalf: SIMD4(lowHalf: pair(0), highHalf: pair(1)), highHalf: SIMD4(lowHalf: pair(2), highHalf: pair(3)))
            let high = SIMD8(lowHalf: SIMD4(lowHalf: pair(4), highHalf: pair(5)), highHalf: SIMD4(lowHalf: pair(6), highHalf: pair(7)))
            let alpha: Float = norms.map { $0[Int(codes[8])] } ?? 1
            sum = sum + alpha * SIMD16(lowHalf: low, highHalf: high)
            codes += width
        }
        target.storeBytes(of: sum, as: SIMD16<Float>.self)
    }

    /// alpha · ⟨x, decode(codes)⟩, summed in fastText's order.
    @inline(__always)
    func dot(codes: UnsafePointer<UInt8>, alpha: Float, with x: UnsafePointer<Float>, centroids: UnsafePointer<Float>) -> Float {
        var result: Float = 0
        let shape = self.shape
        for piece in 0..<shape.pieces {
            let c = centroids + shape.centroidStart(piece, codes[piece])
            let width = shape.width(piece)
            let source = x + piece * shape.subdimension
            for index in 0..<width { result += source[index] * c[index] }
        }
        return result * alpha
    }
}
