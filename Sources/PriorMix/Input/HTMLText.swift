import CHTMLText

/// The readable text of an HTML page, extracted by libxml2's forgiving parser through the C shim.
public enum HTMLText {
    private static let initialized: Void = { pm_xml_init() }()

    /// libxml2 must be initialised once before any thread parses.
    public static func initializeLibXML() { _ = initialized }

    /// Title and main text, or nil when the bytes are not parseable as HTML at all.
    public static func extract(_ bytes: some Collection<UInt8>, encoding: String? = nil) -> (title: String, text: String)? {
        initializeLibXML()
        let contiguous = Array(bytes)
        var result = pm_html_text()
        let status = contiguous.withUnsafeBufferPointer { buffer -> Int32 in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                if let encoding { return pm_html_extract(chars.baseAddress, chars.count, encoding, &result) }
                return pm_html_extract(chars.baseAddress, chars.count, nil, &result)
            }
        }
        guard status == 0 else { return nil }
        defer { pm_html_text_free(&result) }
        let text = UTF8Repair.string(from: UnsafeBufferPointer(start: UnsafeRawPointer(result.text).assumingMemoryBound(to: UInt8.self),
                                                              count: result.text_length)).text
        return (String(cString: result.title), text)
    }
}
