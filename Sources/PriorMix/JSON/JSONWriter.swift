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
        var text = FixedPointFormat.string(value, decimals: decimals)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
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
        // Grown by doubling, never to the exact size: `reserveCapacity` allocates exactly what it is
        // asked for, so a line buffer that filled up was copied twice in a row (once here, once by
        // the next append's doubling), and for a short id or name at every fill.
        let needed = out.count + utf8.count + 2
        if out.capacity < needed { out.reserveCapacity(Swift.max(needed, out.capacity * 2)) }
        out.append(UInt8(ascii: "\""))
        var runStart = 0
        while let hit = firstStringSpecial(UnsafeBufferPointer(rebasing: utf8[runStart...])) {
            let index = runStart + hit
            if hit > 0 { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
            let byte = utf8[index]
            let escape = escapes[Int(byte)]
            out.append(UInt8(ascii: "\\"))
            out.append(escape)
            if escape == UInt8(ascii: "u") {
                @inline(__always) func hexDigit(_ value: UInt8) -> UInt8 { value < 10 ? 0x30 + value : 0x57 + value }
                out.append(contentsOf: [UInt8(ascii: "0"), UInt8(ascii: "0"), hexDigit(byte >> 4), hexDigit(byte & 15)])
            }
            runStart = index + 1
        }
        if runStart < utf8.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        out.append(UInt8(ascii: "\""))
    }
}
