/// The HTTP response stored in a WARC `response` record: status, headers and (de-chunked) body.
public struct HTTPMessage {
    public var status: Int
    public var headers: [String: String]
    public var body: ArraySlice<UInt8>

    /// Parses `block`; nil when it does not start with an HTTP status line and a header section.
    public static func parse(_ block: [UInt8]) -> HTTPMessage? {
        guard block.starts(with: Array("HTTP/".utf8)) else { return nil }
        // The header section ends at the first blank line (CRLF CRLF, or LF LF from lax servers).
        var index = 0
        var headerEnd: Int?
        var bodyStart = 0
        while index < block.count {
            if block[index] == 0x0A {
                if index + 1 < block.count, block[index + 1] == 0x0A { headerEnd = index; bodyStart = index + 2; break }
                if index + 2 < block.count, block[index + 1] == 0x0D, block[index + 2] == 0x0A {
                    headerEnd = index; bodyStart = index + 3; break
                }
            }
            index += 1
        }
        guard let end = headerEnd else { return nil }
        let lines = block[..<end].split(separator: 0x0A).map { line -> String in
            let bytes = line.last == 0x0D ? line.dropLast() : line
            return String(decoding: bytes, as: UTF8.self)
        }
        guard let statusLine = lines.first else { return nil }
        let parts = statusLine.split(separator: " ")
        let status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = String(line[line.index(after: colon)...]).trimmingSpaces
        }
        var body = block[bodyStart...]
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            body = ArraySlice(dechunked(body))
        }
        return HTTPMessage(status: status, headers: headers, body: body)
    }

    /// The charset named in a Content-Type value, if any.
    public static func charset(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimming(" \t").lowercased() == "charset" else { continue }
            let value = pair[1].trimming(" \t\"'")
            // Only pass plausible names to libxml2.
            if !value.isEmpty, value.count < 40, value.allSatisfy({ $0.isLetter || $0.isNumber || "-_:.".contains($0) }) {
                return value
            }
        }
        return nil
    }

    /// Decodes a chunked transfer encoding; stops at the last complete chunk if it is cut short.
    static func dechunked(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            guard let lineEnd = bytes[index...].firstIndex(of: 0x0A) else { break }
            let sizeText = String(decoding: bytes[index..<lineEnd], as: UTF8.self)
                .split(separator: ";").first.map { $0.trimming(" \r\t") } ?? ""
            guard let size = Int(sizeText, radix: 16), size >= 0 else { break }
            if size == 0 { break }
            let start = lineEnd + 1
            let end = min(start + size, bytes.endIndex)
            out.append(contentsOf: bytes[start..<end])
            index = end
            while index < bytes.endIndex, bytes[index] == 0x0D || bytes[index] == 0x0A { index += 1 }
        }
        return out
    }
}

extension StringProtocol {
    /// The text without leading and trailing characters from `set`.
    func trimming(_ set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}
