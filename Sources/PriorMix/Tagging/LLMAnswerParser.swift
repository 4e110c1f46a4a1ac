import Foundation

/// Reads an LLM's answer strictly: exactly one JSON object `{"labels": [...]}` whose list holds
/// only the six label names (an empty list for none). Whitespace around it is allowed, and so is
/// a single Markdown code fence around it (```json … ```), which many chat models add whatever
/// they are told; prose, extra keys, unknown labels or a second object are rejected, because a
/// lenient reading of a free-form answer would turn model chatter into training labels.
public enum LLMAnswerParser {
    public static func labels(from answer: String) throws -> LabelSet {
        var text = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("```") {
            guard text.hasSuffix("```"), text.count >= 6, let firstBreak = text.firstIndex(of: "\n") else {
                throw malformed("an unterminated code fence", answer)
            }
            let fenceLanguage = text[text.index(text.startIndex, offsetBy: 3)..<firstBreak].trimmingCharacters(in: .whitespaces)
            guard fenceLanguage.isEmpty || fenceLanguage.lowercased() == "json" else {
                throw malformed("a code fence of language `\(fenceLanguage)`", answer)
            }
            text = String(text[text.index(after: firstBreak)..<text.index(text.endIndex, offsetBy: -3)])
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard text.hasPrefix("{"), text.hasSuffix("}") else { throw malformed("text that is not a single JSON object", answer) }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw malformed("invalid JSON", answer)
        }
        guard let dictionary = object as? [String: Any] else { throw malformed("JSON that is not an object", answer) }
        guard Set(dictionary.keys) == ["labels"] else {
            throw malformed("keys \(dictionary.keys.sorted()) instead of exactly [\"labels\"]", answer)
        }
        guard let names = dictionary["labels"] as? [Any] else { throw malformed("`labels` that is not a list", answer) }
        var labels = LabelSet()
        for name in names {
            guard let name = name as? String, let label = ContentLabel(rawValue: name) else {
                throw malformed("unknown label `\(name)`", answer)
            }
            labels.insert(label)
        }
        return labels
    }

    private static func malformed(_ problem: String, _ answer: String) -> PriorMixError {
        let excerpt = answer.count > 160 ? String(answer.prefix(160)) + "…" : answer
        return PriorMixError(.malformedInput, "the LLM answered with \(problem): \(excerpt.debugDescription)",
                             hint: "the model must answer {\"labels\": [...]} with names from taxonomy/labels; try a stronger model or a lower temperature")
    }
}
