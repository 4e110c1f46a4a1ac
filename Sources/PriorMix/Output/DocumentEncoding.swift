/// The normalized JSONL form of a document: `id`, `text`, `source`, then every carried field
/// verbatim, on one line.
public enum DocumentEncoding {
    public static func appendJSONLine(_ document: Document, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"id":"#.utf8)
        JSONWriter.appendString(document.id, to: &out)
        out.append(contentsOf: #","text":"#.utf8)
        JSONWriter.appendString(document.text, to: &out)
        out.append(contentsOf: #","source":"#.utf8)
        JSONWriter.appendString(document.source, to: &out)
        for field in document.fields {
            out.append(UInt8(ascii: ","))
            JSONWriter.appendString(field.name, to: &out)
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: field.rawValue)
        }
        out.append(contentsOf: "}\n".utf8)
    }
}
