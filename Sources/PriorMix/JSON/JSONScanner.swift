#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A single-pass scanner for one JSON object per line. It validates the whole line, decodes only
/// the keys, and reports each top-level member's value as a byte range, so the fields PriorMix
/// does not interpret are carried to the output verbatim without being parsed into values.
public struct JSONScanner {
    public enum ValueKind: Equatable { case string, number, object, array, bool, null }

    public struct Member {
        public var key: String
        /// The key including its quotes, as written in the input.
        public var rawKey: Range<Int>
        public var value: Range<Int>
        public var kind: ValueKind
    }

    public struct SyntaxError: Error, Equatable {
        public var offset: Int
        public var message: String
    }

    /// Nested objects and arrays deeper than this are rejected instead of risking the stack.
    public static let maximumDepth = 512

    /// Members of the top-level object in `bytes`.
    public static func members(of bytes: UnsafeBufferPointer<UInt8>) throws(SyntaxError) -> [Member] {
        var scanner = Cursor(bytes: bytes)
        scanner.skipWhitespace()
        guard scanner.peek == UInt8(ascii: "{") else {
            throw scanner.error(scanner.atEnd ? "empty line" : "expected a JSON object")
        }
        scanner.position += 1
        var members: [Member] = []
        scanner.skipWhitespace()
        if scanner.peek == UInt8(ascii: "}") {
            scanner.position += 1
        } else {
            while true {
                scanner.skipWhitespace()
                let keyStart = scanner.position
                guard scanner.peek == UInt8(ascii: "\"") else { throw scanner.error("expected a quoted member name") }
                try scanner.skipString()
                let rawKey = keyStart..<scanner.position
                let key = decodeString(bytes, range: rawKey).text
                scanner.skipWhitespace()
                guard scanner.peek == UInt8(ascii: ":") else { throw scanner.error("expected ':' after member name") }
                scanner.position += 1
                scanner.skipWhitespace()
                let valueStart = scanner.position
                let kind = try scanner.skipValue(depth: 1)
                members.append(Member(key: key, rawKey: rawKey, value: valueStart..<scanner.position, kind: kind))
                scanner.skipWhitespace()
                if scanner.peek == UInt8(ascii: ",") { scanner.position += 1; continue }
                if scanner.peek == UInt8(ascii: "}") { scanner.position += 1; break }
                throw scanner.error("expected ',' or '}'")
            }
        }
        scanner.skipWhitespace()
        guard scanner.atEnd else { throw scanner.error("unexpected text after the JSON object") }
        return members
    }

    /// Decodes the JSON string at `range` (quotes included). Invalid UTF-8 and lone surrogates
    /// become U+FFFD and are reported as `repaired`.
    public static func decodeString(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> (text: String, repaired: Bool) {
        let inner = (range.lowerBound + 1)..<(range.upperBound - 1)
        let body = UnsafeBufferPointer(rebasing: bytes[inner])
        if memchrByte(body, UInt8(ascii: "\\")) == nil { return UTF8Repair.string(from: body) }
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var repaired = false
        var index = 0
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= body.count else { return nil }
            var value: UInt32 = 0
            for offset in 0..<4 {
                guard let digit = hexValue(body[at + offset]) else { return nil }
                value = value << 4 | UInt32(digit)
            }
            return value
        }
        while index < body.count {
            // Copy the run up to the next backslash in one go.
            let rest = UnsafeBufferPointer(rebasing: body[index...])
            guard let run = memchrByte(rest, UInt8(ascii: "\\")) else { out.append(contentsOf: rest); break }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: rest[0..<run]))
            index += run
            guard index + 1 < body.count else { out.append(body[index]); break }
            let escaped = body[index + 1]
            index += 2
            switch escaped {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                guard let unit = hex4(index) else { out.append(contentsOf: [0xEF, 0xBF, 0xBD]); repaired = true; continue }
                index += 4
                var scalar: UInt32 = unit
                if (0xD800..<0xDC00).contains(unit) {
                    // A high surrogate needs its low half right after it.
                    if index + 1 < body.count, body[index] == UInt8(ascii: "\\"), body[index + 1] == UInt8(ascii: "u"),
                       let low = hex4(index + 2), (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    } else {
                        scalar = 0xFFFD; repaired = true
                    }
                } else if (0xDC00..<0xE000).contains(unit) {
                    scalar = 0xFFFD; repaired = true
                }
                appendUTF8(Unicode.Scalar(scalar) ?? "\u{FFFD}", to: &out)
            default: out.append(escaped)  // \" \\ \/
            }
        }
        let decoded = UTF8Repair.string(from: out)
        return (decoded.text, repaired || decoded.repaired)
    }

    static func appendUTF8(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
        UTF8.encode(scalar) { out.append($0) }
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        var atEnd: Bool { position >= bytes.count }
        var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

        func error(_ message: String) -> SyntaxError { SyntaxError(offset: position, message: message) }

        mutating func skipWhitespace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }

        mutating func skipString() throws(SyntaxError) {
            position += 1  // opening quote
            while position < bytes.count {
                // Jump to the next quote or backslash; everything else is string content.
                let rest = UnsafeBufferPointer(rebasing: bytes[position...])
                guard let hit = firstStringSpecial(rest) else { break }
                position += hit
                if bytes[position] == UInt8(ascii: "\"") { position += 1; return }
                if bytes[position] < 0x20 { throw error("control character inside a string") }
                // Backslash: validate the escape.
                guard position + 1 < bytes.count else { break }
                let escaped = bytes[position + 1]
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    position += 2
                case UInt8(ascii: "u"):
                    guard position + 6 <= bytes.count,
                          (2..<6).allSatisfy({ JSONScanner.hexValue(bytes[position + $0]) != nil })
                    else { throw error("bad \\u escape") }
                    position += 6
                default:
                    throw error("bad escape sequence")
                }
            }
            position = bytes.count
            throw error("unterminated string")
        }

        mutating func skipValue(depth: Int) throws(SyntaxError) -> ValueKind {
            guard let byte = peek else { throw error("missing value") }
            switch byte {
            case UInt8(ascii: "\""):
                try skipString(); return .string
            case UInt8(ascii: "{"):
                guard depth < JSONScanner.maximumDepth else { throw error("nesting deeper than \(JSONScanner.maximumDepth)") }
                position += 1; skipWhitespace()
                if peek == UInt8(ascii: "}") { position += 1; return .object }
                while true {
                    skipWhitespace()
                    guard peek == UInt8(ascii: "\"") else { throw error("expected a quoted member name") }
                    try skipString()
                    skipWhitespace()
                    guard peek == UInt8(ascii: ":") else { throw error("expected ':' after member name") }
                    position += 1; skipWhitespace()
                    _ = try skipValue(depth: depth + 1)
                    skipWhitespace()
                    if peek == UInt8(ascii: ",") { position += 1; continue }
                    if peek == UInt8(ascii: "}") { position += 1; return .object }
                    throw error("expected ',' or '}'")
                }
            case UInt8(ascii: "["):
                guard depth < JSONScanner.maximumDepth else { throw error("nesting deeper than \(JSONScanner.maximumDepth)") }
                position += 1; skipWhitespace()
                if peek == UInt8(ascii: "]") { position += 1; return .array }
                while true {
                    skipWhitespace()
                    _ = try skipValue(depth: depth + 1)
                    skipWhitespace()
                    if peek == UInt8(ascii: ",") { position += 1; continue }
                    if peek == UInt8(ascii: "]") { position += 1; return .array }
                    throw error("expected ',' or ']'")
                }
            case UInt8(ascii: "t"): try skipLiteral("true"); return .bool
            case UInt8(ascii: "f"): try skipLiteral("false"); return .bool
            case UInt8(ascii: "n"): try skipLiteral("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try skipNumber(); return .number
            default:
                throw error("unexpected character")
            }
        }

        mutating func skipLiteral(_ literal: StaticString) throws(SyntaxError) {
            let count = literal.utf8CodeUnitCount
            guard position + count <= bytes.count,
                  memcmp(bytes.baseAddress! + position, literal.utf8Start, count) == 0
            else { throw error("invalid literal") }
            position += count
        }

        mutating func skipNumber() throws(SyntaxError) {
            func digits() -> Int {
                let start = position
                while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { position += 1 }
                return position - start
            }
            if peek == UInt8(ascii: "-") { position += 1 }
            if peek == UInt8(ascii: "0") { position += 1 } else if digits() == 0 { throw error("invalid number") }
            if peek == UInt8(ascii: ".") {
                position += 1
                guard digits() > 0 else { throw error("invalid number") }
            }
            if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
                position += 1
                if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
                guard digits() > 0 else { throw error("invalid number") }
            }
        }
    }
}

@inline(__always)
func memchrByte(_ buffer: UnsafeBufferPointer<UInt8>, _ byte: UInt8) -> Int? {
    guard let base = buffer.baseAddress, buffer.count > 0,
          let hit = memchr(base, Int32(byte), buffer.count) else { return nil }
    return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
}

/// Offset of the first byte that ends plain string content: `"`, `\\` or a control character.
/// Reading and writing JSON both search for it: sixteen bytes at a time with SSE2, eight elsewhere
/// (most string bytes are plain, and text breaks lines every few dozen bytes), then one at a time.
@inline(__always)
func firstStringSpecial(_ buffer: UnsafeBufferPointer<UInt8>) -> Int? {
    let count = buffer.count
    guard let base = buffer.baseAddress else { return nil }
    var index = 0
    #if arch(x86_64)
    let quote = _mm_set1_epi8(0x22), backslash = _mm_set1_epi8(0x5C), highestControl = _mm_set1_epi8(0x1F)
    while index + 16 <= count {
        let v = _mm_loadu_si128(UnsafeRawPointer(base + index).assumingMemoryBound(to: __m128i.self))
        // A byte is at most 0x1F when the unsigned minimum with 0x1F leaves it unchanged.
        let special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                   _mm_cmpeq_epi8(_mm_min_epu8(v, highestControl), v))
        let mask = _mm_movemask_epi8(special)
        if mask != 0 { return index + mask.trailingZeroBitCount }
        index += 16
    }
    #else
    // Eight at a time (SWAR): a byte below n leaves its high bit set in (x - n) & ~x, a byte equal
    // to c is a zero byte of x ^ c.
    let ones: UInt64 = 0x0101_0101_0101_0101
    while index + 8 <= count {
        let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
        let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
        let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
        if special & (ones &* 0x80) != 0 { break }
        index += 8
    }
    #endif
    while index < count {
        let byte = base[index]
        if byte == 0x22 || byte == 0x5C || byte < 0x20 { return index }
        index += 1
    }
    return nil
}
