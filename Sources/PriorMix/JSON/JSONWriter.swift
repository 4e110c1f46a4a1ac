import Foundation

/// Appends compact JSON to a byte buffer without building an intermediate tree: the writers on
/// the hot path emit millions of documents, so this avoids `JSONSerialization` and its boxing.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = []

    public init(reservingCapacity capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    public mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); needsComma.append(false) }
    public mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma.removeLast() }
    public mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); needsComma.append(false) }
    public mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma.removeLast() }

    public mutating func key(_ name: String) {
        separate()
        JSONWriter.appendString(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        // The value that follows must not be preceded by a comma.
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = false }
    }

    public mutating func string(_ value: String) { separate(); JSONWriter.appendString(value, to: &bytes) }
    public mutating func integer<I: BinaryInteger>(_ value: I) { separate(); bytes.append(contentsOf: String(value).utf8) }
    public mutating func bool(_ value: Bool) { separate(); bytes.append(contentsOf: (value ? "true" : "false").utf8) }
    public mutating func null() { separate(); bytes.append(contentsOf: "null".utf8) }

    /// A finite double with up to `decimals` digits after the point (JSON has no NaN or infinity).
    public mutating func number(_ value: Double, decimals: Int = 6) {
        separate()
        guard value.isFinite else { bytes.append(contentsOf: "null".utf8); return }
        bytes.append(contentsOf: JSONWriter.format(value, decimals: decimals).utf8)
    }

    /// Already-valid JSON text, copied verbatim.
    public mutating func raw(_ json: [UInt8]) { separate(); bytes.append(contentsOf: json) }

    public mutating func member(_ name: String, string value: String) { key(name); string(value) }
    public mutating func member<I: BinaryInteger>(_ name: String, integer value: I) { key(name); integer(value) }
    public mutating func member(_ name: String, number value: Double, decimals: Int = 6) { key(name); number(value, decimals: decimals) }

    private mutating func separate() {
        guard let last = needsComma.last else { return }
        if last { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    static func format(_ value: Double, decimals: Int) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = fixedPoint(value, decimals: decimals) ?? String(format: "%.\(decimals)f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// What `String(format: "%.<decimals>f", value)` prints, computed exactly from the double's
    /// bits (`printf` rounds the exact binary value to nearest, ties to even), for a finite value
    /// below 2^53 in magnitude that is not an integer and up to nine decimals; nil otherwise.
    /// Formatting through Foundation cost a microsecond a number, most of the time `classify`
    /// spent writing a document's annotation.
    static func fixedPoint(_ value: Double, decimals: Int) -> String? {
        guard value.isFinite, (0...9).contains(decimals), abs(value) < 0x1p53 else { return nil }
        let biased = Int(value.exponentBitPattern)
        let significand = UInt64(value.significandBitPattern) | (biased == 0 ? 0 : 1 << 52)
        // value = significand × 2^exponent, exactly.
        let exponent = (biased == 0 ? 1 : biased) - 1075
        guard exponent < 0 else { return nil }
        var power: UInt64 = 1
        for _ in 0..<decimals { power *= 10 }
        // value × 10^decimals = scaled / 2^shift, rounded to an integer, to nearest with ties to even.
        let scaled = UInt128(significand) * UInt128(power)
        let shift = -exponent
        var rounded: UInt128
        if shift >= 127 {
            rounded = 0  // scaled < 2^84: below one half
        } else {
            rounded = scaled >> UInt128(shift)
            let remainder = scaled & ((1 << UInt128(shift)) - 1)
            let half = UInt128(1) << UInt128(shift - 1)
            if remainder > half || (remainder == half && rounded & 1 == 1) { rounded += 1 }
        }
        let whole = rounded / UInt128(power)
        let fraction = rounded % UInt128(power)
        var text = value.sign == .minus ? "-" : ""
        text += String(UInt64(whole))
        guard decimals > 0 else { return text }
        let digits = String(UInt64(fraction))
        text += "." + String(repeating: "0", count: decimals - digits.count) + digits
        return text
    }

    /// Escape table: 0 = copy, otherwise the byte after the backslash (`u` = \u00XX).
    private static let escapes: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for byte in 0..<0x20 { table[byte] = UInt8(ascii: "u") }
        table[0x08] = UInt8(ascii: "b"); table[0x09] = UInt8(ascii: "t"); table[0x0A] = UInt8(ascii: "n")
        table[0x0C] = UInt8(ascii: "f"); table[0x0D] = UInt8(ascii: "r")
        table[Int(UInt8(ascii: "\""))] = UInt8(ascii: "\"")
        table[Int(UInt8(ascii: "\\"))] = UInt8(ascii: "\\")
        return table
    }()

    /// Appends `value` as a quoted JSON string.
    public static func appendString(_ value: String, to out: inout [UInt8]) {
        var value = value
        value.withUTF8 { appendString(utf8: $0, to: &out) }
    }

    /// Appends valid UTF-8 as a quoted JSON string, copying unescaped runs in bulk.
    public static func appendString(utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.reserveCapacity(out.count + utf8.count + 2)
        out.append(UInt8(ascii: "\""))
        escapes.withUnsafeBufferPointer { table in
            var runStart = 0
            for index in 0..<utf8.count {
                let escape = table[Int(utf8[index])]
                if escape == 0 { continue }
                if runStart < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                out.append(UInt8(ascii: "\\"))
                out.append(escape)
                if escape == UInt8(ascii: "u") {
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    let byte = utf8[index]
                    out.append(contentsOf: [UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 15)]])
                }
                runStart = index + 1
            }
            if runStart < utf8.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count])) }
        }
        out.append(UInt8(ascii: "\""))
    }
}
