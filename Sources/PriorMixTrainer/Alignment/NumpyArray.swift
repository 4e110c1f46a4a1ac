import Foundation
import PriorMix

/// A floating-point array read from, or written to, numpy's `.npy` format (versions 1–3): a magic
/// string, a Python-literal header giving `descr`, `fortran_order` and `shape`, then the raw data.
/// Values are held as `Double` in C (row-major) order whatever the file's dtype (`f2`, `f4`, `f8`,
/// either byte order) and layout, so features computed elsewhere read the same as our own.
public struct NumpyArray: Sendable {
    public var shape: [Int]
    public var values: [Double]

    public init(shape: [Int], values: [Double]) {
        precondition(shape.reduce(1, *) == values.count, "shape does not match the value count")
        self.shape = shape
        self.values = values
    }

    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// Reads `path`; errors name the file and the byte offset of what is wrong.
    public static func read(path: String) throws -> NumpyArray {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PriorMixError(.io, "cannot read the file", file: path)
        }
        let bytes = [UInt8](data)
        guard !bytes.isEmpty else { throw PriorMixError(.malformedInput, "empty file, not a .npy array", file: path, offset: 0) }
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw PriorMixError(.malformedInput, "not a .npy file (no \\x93NUMPY magic)", file: path, offset: 0,
                                hint: "write features with numpy.save")
        }
        let major = bytes[6]
        let headerStart: Int, headerLength: Int
        switch major {
        case 1:
            headerStart = 10
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        case 2, 3:
            guard bytes.count >= 12 else { throw PriorMixError(.truncatedInput, "header cut short", file: path, offset: bytes.count) }
            headerStart = 12
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
        default:
            throw PriorMixError(.unsupportedInput, ".npy format version \(major) is not supported (1, 2 and 3 are)", file: path, offset: 6)
        }
        guard headerStart + headerLength <= bytes.count else {
            throw PriorMixError(.truncatedInput, "header of \(headerLength) bytes runs past the end of the file", file: path, offset: headerStart)
        }
        let header = try NumpyHeader(text: String(decoding: bytes[headerStart..<headerStart + headerLength], as: UTF8.self), path: path, offset: headerStart)
        // A header is untrusted: a shape whose size overflows must fail like any short file.
        let (count, countOverflow) = header.shape.reduce((1, false)) { partial, dimension in
            let (product, overflow) = partial.0.multipliedReportingOverflow(by: dimension)
            return (product, partial.1 || overflow)
        }
        let dataStart = headerStart + headerLength
        let (expected, sizeOverflow) = count.multipliedReportingOverflow(by: header.itemSize)
        guard !countOverflow, !sizeOverflow, bytes.count - dataStart >= expected else {
            let needs = countOverflow || sizeOverflow ? "more than \(Int.max) bytes" : "\(expected) bytes"
            throw PriorMixError(.truncatedInput, "shape \(header.shape) needs \(needs) of \(header.descr) data but \(bytes.count - dataStart) follow the header",
                                file: path, offset: bytes.count)
        }
        var stored = [Double](repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            stored.withUnsafeMutableBufferPointer { out in header.decode(raw.baseAddress! + dataStart, count: count, into: out.baseAddress!) }
        }
        let values = header.fortranOrder && header.shape.count > 1 ? transposeFortran(stored, shape: header.shape) : stored
        return NumpyArray(shape: header.shape, values: values)
    }

    /// Fortran order stores the first index fastest; reorder into C order (for each position in C
    /// order, the source offset advances by the Fortran strides, like an odometer).
    static func transposeFortran(_ stored: [Double], shape: [Int]) -> [Double] {
        var result = [Double](repeating: 0, count: stored.count)
        var fortranStrides = [Int](repeating: 1, count: shape.count)
        for axis in 1..<shape.count { fortranStrides[axis] = fortranStrides[axis - 1] * shape[axis - 1] }
        let last = shape.count - 1, innerCount = shape[last], innerStride = fortranStrides[last]
        let outerCount = innerCount == 0 ? 0 : stored.count / innerCount
        var index = [Int](repeating: 0, count: last)
        stored.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { out in
                for outer in 0..<outerCount {
                    var base = 0
                    for axis in 0..<last { base += index[axis] * fortranStrides[axis] }
                    let to = out.baseAddress! + outer * innerCount
                    for inner in 0..<innerCount { to[inner] = source[base + inner * innerStride] }
                    var axis = last - 1
                    while axis >= 0 {
                        index[axis] += 1
                        if index[axis] < shape[axis] { break }
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
        return result
    }

    /// Version 1.0 header for little-endian float32 data in C order, padded to a 64-byte boundary.
    static func headerBytes(shape: [Int]) -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var text = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }"
        let unpadded = 10 + text.utf8.count + 1
        text += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = text.utf8.count
        return magic + [1, 0, UInt8(length & 0xff), UInt8(length >> 8)] + Array(text.utf8)
    }
}

/// Writes a float32 `.npy` file in C order, rows appended as they come, so arrays larger than memory
/// can be streamed; the file appears under its name only when `commit` is called.
public final class NumpyFloat32Writer {
    public let shape: [Int]
    private let file: AtomicOutputFile
    private var written = 0

    public init(path: String, shape: [Int]) throws {
        self.shape = shape
        file = try AtomicOutputFile(path: path)
        try file.write(NumpyArray.headerBytes(shape: shape))
    }

    public func append(_ values: [Float]) throws {
        var bytes = [UInt8]()
        bytes.reserveCapacity(values.count * 4)
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        try file.write(bytes)
        written += values.count
    }

    public func commit() throws {
        precondition(written == shape.reduce(1, *), "wrote \(written) values for shape \(shape)")
        try file.commit()
    }

    public static func write(_ array: NumpyArray, to path: String) throws {
        let writer = try NumpyFloat32Writer(path: path, shape: array.shape)
        try writer.append(array.values.map { Float($0) })
        try writer.commit()
    }
}
