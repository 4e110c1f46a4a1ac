import Foundation

extension FastTextModel {
    /// Every label fastText's `predict(text, k = -1)` returns, with its probability: what model-filter
    /// rules compare with their thresholds (datatrove's `FastTextClassifierFilter` reads the same
    /// dictionary). With `-loss hs` models fastText leaves out labels below its 1e-5 floor, and so does this.
    public func labelProbabilities(_ text: String) -> [String: Double] {
        Dictionary(predict(text, k: 0).map { ($0.label, $0.probability) }, uniquingKeysWith: { first, _ in first })
    }

    /// The probability fastText reports for `label` (without `__label__`), or nil when the model does
    /// not have that label or fastText leaves it out (see `labelProbabilities`).
    public func probability(of label: String, in text: String) -> Double? {
        predict(text, k: 0).first { $0.label == label }?.probability
    }

    /// Whether the model predicts `label` (without `__label__`): check a rule's label once, at load.
    public func hasLabel(_ label: String) -> Bool { labels.contains(label) }

    /// The text as datatrove's `FastTextClassifierFilter` hands it to fastText: Python's `strip()`
    /// (Unicode whitespace at both ends), then each "\n" replaced by `newlineReplacement` (datatrove's
    /// default is "", which joins the last word of a line to the first of the next).
    public static func datatroveClassifierText(_ text: String, newlineReplacement: String = "") -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isPythonSpace($0) }),
              let last = scalars.lastIndex(where: { !isPythonSpace($0) }) else { return "" }
        let stripped = String(scalars[first...last])
        return stripped.contains("\n") ? stripped.replacingOccurrences(of: "\n", with: newlineReplacement) : stripped
    }

    /// Python's `str.isspace` set: ASCII whitespace, the information separators 0x1C–0x1F, NEL, and
    /// the Unicode space and line/paragraph separators.
    static func isPythonSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}
