/// A number the HTML page shows, tied to where the JSON report holds it: the element that shows it
/// carries `data-json` (an RFC 6901 pointer into the `--json` document), `data-value` (the exact
/// value) and `data-format` (its `NumberStyle`). Anyone can check the page against the JSON.
struct ReportNumber {
    var pointer: String
    var value: Double
    var style: NumberStyle

    init(_ value: Double, _ style: NumberStyle, at pointer: String) {
        self.pointer = pointer
        self.value = value
        self.style = style
    }

    init(_ value: Int, _ style: NumberStyle = .count, at pointer: String) {
        self.init(Double(value), style, at: pointer)
    }

    var text: String { style.text(value) }

    /// Integers print without a fraction; other values in Swift's shortest exact form.
    var valueText: String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    var attributes: String {
        " data-json=\"\(HTML.escape(pointer))\" data-value=\"\(valueText)\" data-format=\"\(style.rawValue)\""
    }

    /// `<tag data-…>text</tag>`
    func element(_ tag: String, _ extra: String = "") -> String {
        "<\(tag)\(extra)\(attributes)>\(HTML.escape(text))</\(tag)>"
    }
}

/// JSON pointers into the `--json` document, built from keys and array indices.
func jsonPointer(_ parts: CustomStringConvertible...) -> String {
    jsonPointer(parts)
}

func jsonPointer(_ parts: [CustomStringConvertible]) -> String {
    parts.map { "/" + $0.description.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }.joined()
}

enum HTML {
    /// Text and attribute values: the five characters with meaning in markup.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Coordinates with at most two decimals keep the page small and stable.
    static func coordinate(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
