/// spaCy's URL test (its `URL_MATCH`), applied to what remains of a chunk after affixes: a URL is
/// kept as one token instead of being split at hyphens, slashes and colons. Covers the scheme,
/// user part, host names with a lower-case top-level domain, port and path; bare IP hosts are left
/// to the infix rules (they split the same way unless a path follows).
enum SpacyURLMatch {
    static func matches(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int) -> Bool {
        // A host name needs a dot followed by a letter; most words have neither.
        var dot = start + 1
        while dot < end - 2, s[dot] != "." { dot += 1 }
        guard dot < end - 2 else { return false }
        var host = start
        // Scheme: two or more word characters, '+', '-' or '.' before "://".
        var index = start
        while index < end, PythonCharacters.isWord(s[index]) || s[index] == "+" || s[index] == "-" || s[index] == "." { index += 1 }
        if index - start >= 2, index + 2 < end, s[index] == ":", s[index + 1] == "/", s[index + 2] == "/" { host = index + 3 }
        // User part: everything up to the last '@'.
        var at = end - 1
        while at >= host, s[at] != "@" { at -= 1 }
        if at >= host {
            if at == host { return false }
            host = at + 1
        }
        // Host: labels up to the first '/', '?' or '#', then an optional port.
        var hostEnd = host
        while hostEnd < end, s[hostEnd] != "/" && s[hostEnd] != "?" && s[hostEnd] != "#" { hostEnd += 1 }
        var nameEnd = hostEnd
        var colon = host
        while colon < hostEnd, s[colon] != ":" { colon += 1 }
        if colon < hostEnd {
            let digits = hostEnd - colon - 1
            guard digits >= 2 && digits <= 5 else { return false }
            for position in (colon + 1)..<hostEnd where !SpacyCharacterClasses.isDigit(s[position]) { return false }
            nameEnd = colon
        }
        // At least one "label." before a top-level domain of 2 to 63 lower-case letters.
        var lastDot = nameEnd - 1
        while lastDot >= host, s[lastDot] != "." { lastDot -= 1 }
        guard lastDot > host else { return false }
        let tld = nameEnd - lastDot - 1
        guard tld >= 2 && tld <= 63 else { return false }
        for position in (lastDot + 1)..<nameEnd where !SpacyCharacterClasses.isLower(s[position]) { return false }
        var labelStart = host
        for position in host...lastDot where s[position] == "." {
            guard position > labelStart, position - labelStart <= 64 else { return false }
            if !isLabelEdge(s[labelStart]) || !isLabelEdge(s[position - 1]) { return false }
            for inner in labelStart..<position where !isLabelEdge(s[inner]) && s[inner] != "_" && s[inner] != "-" { return false }
            labelStart = position + 1
        }
        return true
    }

    @inline(__always)
    private static func isLabelEdge(_ c: Unicode.Scalar) -> Bool {
        let value = c.value
        if value < 0x80 { return (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A || (value >= 0x30 && value <= 0x39) }
        return value >= 0xA1 && value <= 0xFFFF
    }
}
