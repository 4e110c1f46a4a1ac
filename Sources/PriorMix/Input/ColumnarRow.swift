/// One row of a columnar file (Parquet) as a reader hands it on: every top-level column's value
/// back to back in the record's `bytes`, so a row costs two allocations whatever its width.
/// String columns are kept as their raw UTF-8, unescaped and unchecked, so the text never goes
/// through JSON: the normalizer takes the text column as it is and escapes only the string
/// columns it carries, on the worker threads. Every other value is JSON text already. A reader
/// may also hand one string column on as a String it already made (`checkedText`), straight
/// from where it decoded the value, so the text is copied once on its way to the document.
public struct ColumnarRow: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        /// A string column's raw UTF-8 (invalid sequences not yet repaired).
        case string
        /// Any other value (number, null, timestamp, nested column …) as JSON text.
        case json
        /// A string column's value held as the row's `checkedText` (well-formed UTF-8); it takes
        /// no bytes in the record.
        case checkedText
    }

    /// Where one column's value ends in the record's bytes (it starts where the previous one ends).
    public struct Part: Sendable, Equatable {
        public var end: Int
        public var kind: Kind

        public init(end: Int, kind: Kind) {
            self.end = end
            self.kind = kind
        }
    }

    /// The top-level column names, in schema order; one array shared by every row of a file.
    public var names: [String]
    public var parts: [Part]
    /// The value of the column whose kind is `.checkedText`.
    public var checkedText: String?

    public init(names: [String], parts: [Part], checkedText: String? = nil) {
        self.names = names
        self.parts = parts
        self.checkedText = checkedText
    }

    /// Bytes the row's values take: the record's `bytes` plus the text held as a String.
    public func heldBytes(_ bytes: [UInt8]) -> Int {
        bytes.count + (checkedText?.utf8.count ?? 0)
    }

    /// The byte range of column `index` in the record's bytes.
    public func range(_ index: Int) -> Range<Int> {
        (index == 0 ? 0 : parts[index - 1].end)..<parts[index].end
    }

    /// Column `index`'s value as JSON text: string columns escaped, the rest as they are.
    public func json(_ index: Int, in bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let value = UnsafeBufferPointer(rebasing: bytes[range(index)])
        switch parts[index].kind {
        case .string: JSONWriter.appendString(utf8: value, to: &out)
        case .json: out.append(contentsOf: value)
        case .checkedText: JSONWriter.appendString(checkedText ?? "", to: &out)
        }
    }

    /// The first column called `name`.
    public func index(of name: String) -> Int? {
        names.firstIndex(of: name)
    }

    /// Column `name`'s value when it is a string (raw, or a JSON string such as a date), repaired
    /// UTF-8; nil when there is no such column or its value is not a string.
    public func string(named name: String, in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard let index = index(of: name) else { return nil }
        let value = UnsafeBufferPointer(rebasing: bytes[range(index)])
        switch parts[index].kind {
        case .string: return Self.text(value).text
        case .json: return value.first == UInt8(ascii: "\"") ? JSONScanner.decodeString(value, range: 0..<value.count).text : nil
        case .checkedText: return checkedText
        }
    }

    /// A string column's raw UTF-8 as a `String`, repaired as `UTF8Repair` repairs it. Text with
    /// a few non-ASCII characters is most of a web corpus, and the standard library checks it byte
    /// by byte once it meets one; this check skips ASCII eight bytes at a time, then the String is
    /// made from the checked bytes without a second check. Invalid bytes take `UTF8Repair`'s path.
    public static func text(_ value: UnsafeBufferPointer<UInt8>) -> (text: String, repaired: Bool) {
        if let text = checkedString(value) { return (text, false) }
        return UTF8Repair.string(from: value)
    }

    /// `value` as a String when it is well-formed UTF-8 (checked as `text` checks it), else nil.
    static func checkedString(_ value: UnsafeBufferPointer<UInt8>) -> String? {
        let check = UTF8Check.scan(value)
        guard check.valid else { return nil }
        return String(copying: unsafe UTF8Span(unchecked: value.span, isKnownASCII: check.ascii))
    }
}

/// Well-formed UTF-8 by the Unicode standard's table 3-7 (no overlong forms, no surrogates,
/// nothing past U+10FFFF): the rule the standard library's `String(validating:)` applies.
enum UTF8Check {
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> (valid: Bool, ascii: Bool) {
        guard let base = bytes.baseAddress else { return (true, true) }
        let count = bytes.count
        let high: UInt64 = 0x8080_8080_8080_8080
        var i = 0
        var ascii = true
        while i < count {
            // Runs of ASCII 32 bytes at a time (one branch for four words), then word by word.
            if i + 32 <= count {
                let words = UnsafeRawPointer(base + i)
                let any = words.loadUnaligned(as: UInt64.self) | words.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                    | words.loadUnaligned(fromByteOffset: 16, as: UInt64.self) | words.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
                if any & high == 0 {
                    i += 32
                    continue
                }
            }
            if i + 8 <= count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                let marks = word & high
                if marks == 0 {
                    i += 8
                    continue
                }
                i += marks.trailingZeroBitCount >> 3 // straight to the first non-ASCII byte
            }
            let lead = base[i]
            if lead < 0x80 {
                i += 1
                continue
            }
            ascii = false
            if lead < 0xC2 { return (false, false) }
            if lead < 0xE0 {
                guard i + 1 < count, base[i + 1] & 0xC0 == 0x80 else { return (false, false) }
                i += 2
            } else if lead < 0xF0 {
                guard i + 2 < count else { return (false, false) }
                let second = base[i + 1]
                let low: UInt8 = lead == 0xE0 ? 0xA0 : 0x80
                let top: UInt8 = lead == 0xED ? 0x9F : 0xBF
                guard second >= low, second <= top, base[i + 2] & 0xC0 == 0x80 else { return (false, false) }
                i += 3
            } else if lead < 0xF5 {
                guard i + 3 < count else { return (false, false) }
                let second = base[i + 1]
                let low: UInt8 = lead == 0xF0 ? 0x90 : 0x80
                let top: UInt8 = lead == 0xF4 ? 0x8F : 0xBF
                guard second >= low, second <= top, base[i + 2] & 0xC0 == 0x80, base[i + 3] & 0xC0 == 0x80 else { return (false, false) }
                i += 4
            } else {
                return (false, false)
            }
        }
        return (true, ascii)
    }
}
