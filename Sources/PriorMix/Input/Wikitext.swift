/// Reduces MediaWiki markup to the plain text a reader of the rendered page would see.
///
/// Templates, references, comments, galleries and file/category links are dropped; links keep
/// their label; tables become one line per row with cells joined by " | "; headings, bold and
/// italic marks and list bullets are reduced to text. Every markup character is ASCII, so the
/// passes work on UTF-8 bytes and never split a multi-byte character.
public enum Wikitext {
    public static func plainText(_ wikitext: String) -> String {
        var bytes = Array(wikitext.utf8)
        bytes = removeComments(bytes)
        bytes = removeElements(bytes)
        bytes = removeTemplates(bytes)
        bytes = replaceInternalLinks(bytes)
        bytes = replaceExternalLinks(bytes)
        var text = String(decoding: bytes, as: UTF8.self)
        text = convertLines(text)
        text = decodeEntities(text)
        return tidy(text)
    }

    // MARK: - Byte-level passes

    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int, caseInsensitive: Bool = false) -> Int? {
        guard needle.count > 0, bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        var index = start
        while index <= bytes.count - needle.count {
            var matched = true
            for offset in 0..<needle.count {
                var byte = bytes[index + offset]
                if caseInsensitive, byte >= 65, byte <= 90 { byte += 32 }
                if byte != needle[offset] { matched = false; break }
            }
            if matched { return index }
            index += 1
        }
        return nil
    }

    static func removeComments(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        let open = Array("<!--".utf8), close = Array("-->".utf8)
        while let start = find(open, in: bytes, from: index) {
            out.append(contentsOf: bytes[index..<start])
            guard let end = find(close, in: bytes, from: start + 4) else { return out }
            index = end + 3
        }
        out.append(contentsOf: bytes[index...])
        return out
    }

    /// Elements whose whole content is dropped (citations, galleries …).
    static let droppedElements = ["ref", "references", "gallery", "timeline", "imagemap", "score", "graph", "templatedata", "mapframe"]

    /// Drops `<ref>…</ref>`, `<ref … />` and the other dropped elements; any other tag is removed
    /// while its content stays (`<math>`, `<code>`, `<small>` …); `<br>` becomes a line break.
    static func removeElements(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "<"), index + 1 < bytes.count else { out.append(byte); index += 1; continue }
            let next = bytes[index + 1]
            let isTag = isLetter(next) || (next == UInt8(ascii: "/") && index + 2 < bytes.count && isLetter(bytes[index + 2]))
            guard isTag, let close = bytes[index...].firstIndex(of: UInt8(ascii: ">")), close - index < 2000 else {
                out.append(byte); index += 1; continue
            }
            let nameStart = next == UInt8(ascii: "/") ? index + 2 : index + 1
            var nameEnd = nameStart
            while nameEnd < close, isLetter(bytes[nameEnd]) || (bytes[nameEnd] >= 48 && bytes[nameEnd] <= 57) { nameEnd += 1 }
            let name = String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self).lowercased()
            let selfClosing = bytes[close - 1] == UInt8(ascii: "/")
            if next != UInt8(ascii: "/"), droppedElements.contains(name), !selfClosing {
                // Skip to the matching close tag (or to the end if it never closes).
                if let end = find(Array("</\(name)".utf8), in: bytes, from: close + 1, caseInsensitive: true),
                   let endClose = bytes[end...].firstIndex(of: UInt8(ascii: ">")) {
                    index = endClose + 1
                } else {
                    index = bytes.count
                }
                continue
            }
            if name == "br" || name == "p" || name == "div" || name == "li" { out.append(0x0A) }
            index = close + 1
        }
        return out
    }

    /// Removes `{{templates}}` (nested), keeping the visible text of a few inline ones.
    static func removeTemplates(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        var depth = 0
        var templateStart = 0
        while index < bytes.count {
            if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "{"), bytes[index + 1] == UInt8(ascii: "{") {
                if depth == 0 { templateStart = index + 2 }
                depth += 1
                index += 2
                continue
            }
            if depth > 0, index + 1 < bytes.count, bytes[index] == UInt8(ascii: "}"), bytes[index + 1] == UInt8(ascii: "}") {
                depth -= 1
                if depth == 0 { out.append(contentsOf: inlineTemplateText(Array(bytes[templateStart..<index]))) }
                index += 2
                continue
            }
            if depth == 0 { out.append(bytes[index]) }
            index += 1
        }
        return out
    }

    /// Templates that render inline text worth keeping: {{lang|fr|texte}}, {{convert|5|km}} …
    static func inlineTemplateText(_ body: [UInt8]) -> [UInt8] {
        if body.contains(UInt8(ascii: "{")) { return [] }  // had nested templates: too complex to render
        let parts = body.split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self).trimming(" \n\t")
        }
        guard let name = parts.first?.lowercased() else { return [] }
        let arguments = parts.dropFirst().filter { !$0.contains("=") }
        switch name {
        case "lang", "lang-x": return Array((arguments.last ?? "").utf8)
        case "nowrap", "nobr", "math", "mvar", "var", "sic", "small", "em", "strong", "abbr", "ill", "nobold":
            return Array((arguments.first ?? "").utf8)
        case "convert", "cvt":
            return Array(arguments.prefix(2).joined(separator: " ").utf8)
        default: return []
        }
    }

    /// `[[Target|label]]` → label, `[[Target]]` → Target; file, image, category and
    /// interlanguage links (with their captions, which may nest links) are dropped.
    static func replaceInternalLinks(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "["), bytes[index + 1] == UInt8(ascii: "[") else {
                out.append(bytes[index]); index += 1; continue
            }
            // Find the matching ]] taking nesting into account.
            var depth = 0
            var scan = index
            var end: Int?
            while scan + 1 < bytes.count {
                if bytes[scan] == UInt8(ascii: "["), bytes[scan + 1] == UInt8(ascii: "[") { depth += 1; scan += 2; continue }
                if bytes[scan] == UInt8(ascii: "]"), bytes[scan + 1] == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0 { end = scan; break }
                    scan += 2; continue
                }
                scan += 1
            }
            guard let close = end else { out.append(contentsOf: bytes[index...]); break }
            let inner = Array(bytes[(index + 2)..<close])
            out.append(contentsOf: linkText(inner))
            index = close + 2
        }
        return out
    }

    static let droppedNamespaces: Set<String> = ["file", "image", "category", "media", "datei", "fichier", "kategorie", "catégorie", "bild"]

    static func linkText(_ inner: [UInt8]) -> [UInt8] {
        var target = inner
        if target.first == UInt8(ascii: ":") { target.removeFirst() }  // [[:Category:X]] shows as a link
        else if let colon = target.firstIndex(of: UInt8(ascii: ":")) {
            let prefix = String(decoding: target[..<colon], as: UTF8.self).lowercased().trimming(" ")
            let isLanguage = (2...3).contains(prefix.count) && prefix.allSatisfy { $0.isLowercase && $0.isLetter }
            if droppedNamespaces.contains(prefix) || isLanguage { return [] }
        }
        // The label is after the first pipe; a nested link inside it is reduced recursively.
        if let pipe = target.firstIndex(of: UInt8(ascii: "|")) {
            let label = Array(target[(pipe + 1)...])
            return label.isEmpty ? Array(target[..<pipe]) : replaceInternalLinks(label)
        }
        return target
    }

    /// `[https://example.org label]` → label; a bare bracketed URL disappears.
    static func replaceExternalLinks(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        let schemes = ["http://", "https://", "ftp://", "//", "mailto:"].map { Array($0.utf8) }
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "["),
               schemes.contains(where: { bytes[(index + 1)...].starts(with: $0) }),
               let close = bytes[index...].prefix(4000).firstIndex(of: UInt8(ascii: "]")),
               !bytes[index..<close].contains(0x0A) {
                let inner = bytes[(index + 1)..<close]
                if let space = inner.firstIndex(of: UInt8(ascii: " ")) { out.append(contentsOf: inner[(space + 1)...]) }
                index = close + 1
                continue
            }
            out.append(bytes[index])
            index += 1
        }
        return out
    }

    static func isLetter(_ byte: UInt8) -> Bool { (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) }

    // MARK: - Line-level passes

    /// Headings, lists, tables, bold/italic marks and behaviour switches.
    static func convertLines(_ text: String) -> String {
        var lines: [String] = []
        var row: [String] = []
        var inTable = 0
        func flushRow() {
            if !row.isEmpty { lines.append(row.joined(separator: " | ")); row.removeAll() }
        }
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = String(rawLine).trimming(" \t\r")
            if line.hasPrefix("{|") { inTable += 1; lines.append(""); continue }
            if inTable > 0 {
                if line.hasPrefix("|}") { flushRow(); inTable -= 1; lines.append(""); continue }
                if line.hasPrefix("|-") { flushRow(); continue }
                if line.hasPrefix("|+") { lines.append(stripFormatting(cellText(String(line.dropFirst(2))))); continue }
                if line.hasPrefix("|") || line.hasPrefix("!") {
                    let separator = line.hasPrefix("!") ? "!!" : "||"
                    for cell in line.dropFirst().components(separatedBy: separator) {
                        let value = stripFormatting(cellText(cell))
                        if !value.isEmpty { row.append(value) }
                    }
                    continue
                }
                // A continuation line of the previous cell.
                if !line.isEmpty {
                    if row.isEmpty { row.append(stripFormatting(line)) } else { row[row.count - 1] += " " + stripFormatting(line) }
                }
                continue
            }
            if line.uppercased().hasPrefix("#REDIRECT") { continue }
            if let heading = headingText(line) { lines.append(""); lines.append(stripFormatting(heading)); lines.append(""); continue }
            if let marker = line.first, "*#:;".contains(marker) {
                let body = line.drop { "*#:;".contains($0) }.trimming(" ")
                line = (marker == "*" || marker == "#") ? "- " + body : body
            }
            if line == "----" { lines.append(""); continue }
            lines.append(stripFormatting(line))
        }
        flushRow()
        return lines.joined(separator: "\n")
    }

    /// The text of a table cell: what follows its attribute section (`style="…" | text`).
    static func cellText(_ cell: String) -> String {
        let parts = cell.components(separatedBy: "|")
        let text = parts.count > 1 && parts[0].contains("=") ? parts.dropFirst().joined(separator: "|") : cell
        return Substring(text).trimming(" \t")
    }

    static func headingText(_ line: String) -> String? {
        guard line.hasPrefix("="), line.hasSuffix("="), line.count > 2 else { return nil }
        let inner = line.drop { $0 == "=" }.reversed().drop { $0 == "=" }.reversed()
        let text = String(inner).trimming(" \t")
        return text.isEmpty ? nil : text
    }

    static func stripFormatting(_ line: String) -> String {
        var out = ""
        out.reserveCapacity(line.utf8.count)
        var quotes = 0
        for character in line {
            if character == "'" { quotes += 1; continue }
            if quotes == 1 { out.append("'") } else if quotes > 1 { /* bold or italic mark */ }
            quotes = 0
            out.append(character)
        }
        if quotes == 1 { out.append("'") }
        // Behaviour switches such as __NOTOC__.
        while let start = out.range(of: "__"), let end = out.range(of: "__", range: start.upperBound..<out.endIndex),
              out[start.upperBound..<end.lowerBound].allSatisfy({ $0.isUppercase }) {
            out.removeSubrange(start.lowerBound..<end.upperBound)
        }
        return out
    }

    static let namedEntities: [String: String] = [
        "nbsp": " ", "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "ndash": "–", "mdash": "—",
        "minus": "−", "times": "×", "deg": "°", "hellip": "…", "thinsp": " ", "ensp": " ", "emsp": " ",
        "shy": "", "zwj": "", "zwnj": "", "middot": "·", "copy": "©", "reg": "®", "euro": "€", "pound": "£",
    ]

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semicolon = after.prefix(12).firstIndex(of: ";") {
                let name = String(after[..<semicolon])
                var replacement: String?
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    replacement = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else if name.hasPrefix("#") {
                    replacement = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else {
                    replacement = namedEntities[name]
                }
                if let replacement {
                    out += replacement
                    rest = after[after.index(after: semicolon)...]
                    continue
                }
            }
            out += "&"
            rest = after
        }
        out += rest
        return out
    }

    /// Trailing spaces removed, at most one blank line in a row, no blank edges.
    static func tidy(_ text: String) -> String {
        var lines: [Substring] = []
        var blank = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var trimmed = line
            while let last = trimmed.last, last == " " || last == "\t" { trimmed.removeLast() }
            if trimmed.isEmpty {
                blank += 1
                if blank > 1 || lines.isEmpty { continue }
            } else {
                blank = 0
            }
            lines.append(trimmed)
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
