/// Finds e-mail addresses the way datatrove's PII formatter's expression does: a local part of
/// RFC 5322 atom characters and dots, starting at a word boundary, `@`, then two or more
/// host-name labels (letters, digits, inner hyphens). Returns ranges in text order, not overlapping.
enum EmailAddressScanner {
    @inline(__always)
    private static func isAtom(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        guard v < 0x80 else { return false }
        if (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A || (v >= 0x30 && v <= 0x39) { return true }
        switch c {
        case "!", "#", "$", "%", "&", "'", "*", "+", "/", "=", "?", "^", "_", "`", "{", "|", "}", "~", "-": return true
        default: return false
        }
    }

    @inline(__always)
    private static func isAlphanumeric(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return v < 0x80 && ((v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A || (v >= 0x30 && v <= 0x39))
    }

    static func find(_ s: UnsafeBufferPointer<Unicode.Scalar>) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var searchFrom = 0
        var at = 0
        while true {
            // The next "@" by a vector search: most texts have none, the rest a few.
            at = firstIndex(of: "@", in: s, from: at, to: s.count)
            guard at < s.count else { break }
            defer { at += 1 }
            guard at > searchFrom, isAtom(s[at - 1]) else { continue }
            guard let end = domainEnd(s, from: at + 1) else { continue }
            // Leftmost start: back over atoms, and over dots that sit between two atoms.
            var lower = at
            while lower > searchFrom {
                let c = s[lower - 1]
                if isAtom(c) {
                    lower -= 1
                } else if c == ".", lower < at, isAtom(s[lower]), lower - 2 >= searchFrom, isAtom(s[lower - 2]) {
                    lower -= 1
                } else {
                    break
                }
            }
            var start: Int?
            for candidate in lower..<at where s[candidate] != "." {
                let before = candidate > 0 && PythonCharacters.isWord(s[candidate - 1])
                if before != PythonCharacters.isWord(s[candidate]) { start = candidate; break }
            }
            guard let start else { continue }
            found.append(start..<end)
            searchFrom = end
            at = end - 1
        }
        return found
    }

    /// End of the longest run of two or more labels joined by dots starting at `start`.
    private static func domainEnd(_ s: UnsafeBufferPointer<Unicode.Scalar>, from start: Int) -> Int? {
        var position = start
        var labels = 0
        var lastEnd = start
        while position < s.count, isAlphanumeric(s[position]) {
            var run = position
            while run < s.count, isAlphanumeric(s[run]) || s[run] == "-" { run += 1 }
            var end = run
            while s[end - 1] == "-" { end -= 1 }
            labels += 1
            lastEnd = end
            if end == run, run + 1 < s.count, s[run] == "." { position = run + 1 } else { break }
        }
        return labels >= 2 ? lastEnd : nil
    }
}

/// Finds IPv4 addresses as datatrove's expression does (four dotted octets 0–255, no boundaries
/// required, each octet tried as its alternatives are ordered), and tells the public ones apart
/// with the rules of Python's `ipaddress` (3.11): not private, not shared address space.
enum IPv4AddressScanner {
    static func find(_ s: UnsafeBufferPointer<Unicode.Scalar>) -> [(range: Range<Int>, octets: [Int], leadingZero: Bool)] {
        var found: [(Range<Int>, [Int], Bool)] = []
        var start = 0
        while start < s.count {
            // Sixteen characters without a digit are passed at once; else on to the first digit.
            if start + 16 <= s.count, let base = s.baseAddress {
                let digits = CharacterTable.asciiMasks(base + start).digits
                guard digits != 0 else { start += 16; continue }
                start += digits.trailingZeroBitCount
            }
            if isDigit(s[start]), mayStartAddress(s, start), let match = match(s, start) {
                found.append((start..<match.end, match.octets, match.leadingZero))
                start = match.end
            } else {
                start += 1
            }
        }
        return found
    }

    @inline(__always) private static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }

    /// Whether the digit at `p` starts one to three digits and a dot, as every address's first
    /// octet does: most digits of running text (years, prices, counts) fail here, before the
    /// backtracking match.
    @inline(__always) private static func mayStartAddress(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ p: Int) -> Bool {
        var end = p + 1
        while end < min(p + 3, s.count), isDigit(s[end]) { end += 1 }
        return end < s.count && s[end] == "."
    }

    /// Octet lengths at `p` in the order the alternatives `25[0-5] | 2[0-4][0-9] | [01]?[0-9][0-9]?` try them.
    private static func octetLengths(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ p: Int) -> [Int] {
        func digit(_ i: Int) -> UInt32? { i < s.count && isDigit(s[i]) ? s[i].value - 0x30 : nil }
        var lengths: [Int] = []
        if digit(p) == 2, digit(p + 1) == 5, let third = digit(p + 2), third <= 5 { lengths.append(3) }
        if digit(p) == 2, let second = digit(p + 1), second <= 4, digit(p + 2) != nil { lengths.append(3) }
        if let first = digit(p), first <= 1, digit(p + 1) != nil {
            if digit(p + 2) != nil { lengths.append(3) }
            lengths.append(2)
        }
        if digit(p) != nil {
            if digit(p + 1) != nil { lengths.append(2) }
            lengths.append(1)
        }
        return lengths
    }

    private static func match(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int) -> (end: Int, octets: [Int], leadingZero: Bool)? {
        func attempt(_ position: Int, _ octet: Int) -> [Int]? {
            for length in octetLengths(s, position) {
                let end = position + length
                if octet == 3 { return [end] }
                guard end < s.count, s[end] == "." else { continue }
                if let rest = attempt(end + 1, octet + 1) { return [end] + rest }
            }
            return nil
        }
        guard let ends = attempt(start, 0) else { return nil }
        var octets: [Int] = []
        var leadingZero = false
        var position = start
        for end in ends {
            var value = 0
            for index in position..<end { value = value * 10 + Int(s[index].value - 0x30) }
            if end - position > 1 && s[position] == "0" { leadingZero = true }
            octets.append(value)
            position = end + 1
        }
        return (ends[3], octets, leadingZero)
    }

    /// `ipaddress.ip_address(ip).is_global` on Python 3.11.7.
    static func isGlobal(_ o: [Int]) -> Bool {
        let value = UInt32(o[0]) << 24 | UInt32(o[1]) << 16 | UInt32(o[2]) << 8 | UInt32(o[3])
        let nonGlobal: [(UInt32, Int)] = [
            (0x0000_0000, 8), (0x0A00_0000, 8), (0x7F00_0000, 8), (0xA9FE_0000, 16), (0xAC10_0000, 12), (0xC000_0000, 29),
            (0xC000_00AA, 31), (0xC000_0200, 24), (0xC0A8_0000, 16), (0xC612_0000, 15), (0xC633_6400, 24), (0xCB00_7100, 24),
            (0xF000_0000, 4), (0xFFFF_FFFF, 32), (0x6440_0000, 10),
        ]
        for (network, bits) in nonGlobal {
            let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << (32 - UInt32(bits))
            if value & mask == network { return false }
        }
        return true
    }
}
