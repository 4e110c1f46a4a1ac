import Foundation
import PriorMix

/// The header of a `.npy` file, a Python dict literal such as
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (1000, 768), }`, read without a Python parser:
/// only the three keys numpy writes, each value in the form numpy writes it.
struct NumpyHeader {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]
    var bigEndian: Bool
    var itemSize: Int

    init(text: String, path: String, offset: Int) throws {
        func fail(_ message: String) -> PriorMixError {
            PriorMixError(.malformedInput, "\(message) in the .npy header \(text.trimmingCharacters(in: .whitespacesAndNewlines))", file: path, offset: offset)
        }
        func value(of key: String) throws -> Substring {
            guard let keyRange = text.range(of: "'\(key)'") ?? text.range(of: "\"\(key)\""),
                  let colon = text[keyRange.upperBound...].firstIndex(of: ":") else { throw fail("no '\(key)'") }
            return text[text.index(after: colon)...].drop(while: { $0 == " " })
        }
        let descrValue = try value(of: "descr")
        guard let quote = descrValue.first, quote == "'" || quote == "\"",
              let end = descrValue.dropFirst().firstIndex(of: quote) else { throw fail("unreadable 'descr'") }
        descr = String(descrValue[descrValue.index(after: descrValue.startIndex)..<end])
        let orderValue = try value(of: "fortran_order")
        if orderValue.hasPrefix("True") { fortranOrder = true } else if orderValue.hasPrefix("False") { fortranOrder = false } else { throw fail("unreadable 'fortran_order'") }
        let shapeValue = try value(of: "shape")
        guard shapeValue.first == "(", let close = shapeValue.firstIndex(of: ")") else { throw fail("unreadable 'shape'") }
        let parts = shapeValue[shapeValue.index(after: shapeValue.startIndex)..<close].split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        shape = try parts.map { part in
            guard let dimension = Int(part.hasSuffix("L") ? String(part.dropLast()) : part), dimension >= 0 else { throw fail("bad dimension '\(part)'") }
            return dimension
        }
        guard descr.count == 3, let kind = descr.dropFirst().first, let size = Int(String(descr.last!)) else {
            throw fail("unsupported dtype '\(descr)'")
        }
        let byteOrder = descr.first!
        guard kind == "f", [2, 4, 8].contains(size), "<>=|".contains(byteOrder) else {
            throw PriorMixError(.unsupportedInput, "dtype '\(descr)' is not a float16, float32 or float64 array", file: path, offset: offset,
                                hint: "convert with features.astype(numpy.float32) before numpy.save")
        }
        bigEndian = byteOrder == ">"
        itemSize = size
    }

    /// `count` values from `pointer`, converted to Double.
    func decode(_ pointer: UnsafeRawPointer, count: Int, into out: UnsafeMutablePointer<Double>) {
        switch itemSize {
        case 2:
            for i in 0..<count {
                let raw = pointer.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)
                out[i] = Double(Float16(bitPattern: bigEndian ? UInt16(bigEndian: raw) : UInt16(littleEndian: raw)))
            }
        case 4:
            for i in 0..<count {
                let raw = pointer.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)
                out[i] = Double(Float(bitPattern: bigEndian ? UInt32(bigEndian: raw) : UInt32(littleEndian: raw)))
            }
        default:
            for i in 0..<count {
                let raw = pointer.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)
                out[i] = Double(bitPattern: bigEndian ? UInt64(bigEndian: raw) : UInt64(littleEndian: raw))
            }
        }
    }
}
