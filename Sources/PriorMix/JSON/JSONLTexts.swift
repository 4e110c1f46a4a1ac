/// The text field of every line of a JSONL(.zst/.gz) file, for inspection commands and benchmarks
/// that need documents in memory. Lines without the field are skipped; bad JSON is an error.
public enum JSONLTexts {
    public static func read(path: String, field: String = "text", limitBytes: Int = .max) throws -> [String] {
        let reader = ByteReader(source: try Compression.open(path).source)
        var texts: [String] = []
        var total = 0
        var lineNumber = 0
        while total < limitBytes, let line = try reader.readLine(maxLength: 1 << 28) {
            lineNumber += 1
            guard case .bytes(let bytes) = line, bytes.contains(where: { $0 != 0x20 && $0 != 0x0D }) else { continue }
            try bytes.withUnsafeBufferPointer { buffer in
                let members: [JSONScanner.Member]
                do {
                    members = try JSONScanner.members(of: buffer)
                } catch let error as JSONScanner.SyntaxError {
                    throw PriorMixError(.malformedInput, "invalid JSON: \(error.message)", file: path, line: lineNumber, offset: error.offset)
                }
                if let member = members.first(where: { $0.key == field }), member.kind == .string {
                    let text = JSONScanner.decodeString(buffer, range: member.value).text
                    total += text.utf8.count
                    texts.append(text)
                }
            }
        }
        return texts
    }
}
