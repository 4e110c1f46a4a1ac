import Foundation

/// What `classifier distill` asks a chat model: a system prompt listing the 16 category ids with
/// the one-line description from `taxonomy/categories.yaml`, and the document's beginning as the
/// user message. `version` hashes the system prompt, so editing a description invalidates the
/// cached answers given under the old wording.
public struct CategoryPrompt: Sendable {
    public let system: String
    public let version: String
    /// Characters of a document sent (its beginning); enough to judge a category, and it bounds
    /// the cost of a request.
    public let maxCharacters: Int

    public init(taxonomy: CategoryTaxonomy, maxCharacters: Int = 4000) {
        var lines = [
            "You sort documents of a pre-training corpus into exactly one of the categories below.",
            "Reply with the category id alone: one id from the list, written exactly as listed, with no other words.",
            "",
            "Categories:",
        ]
        let descriptions = Dictionary(taxonomy.categories.map { ($0.id, $0.description) }, uniquingKeysWith: { first, _ in first })
        for id in CategoryTaxonomy.categoryIDs {
            let description = (descriptions[id] ?? "").split(whereSeparator: \.isNewline).joined(separator: " ")
            lines.append(description.isEmpty ? id : "\(id): \(description)")
        }
        system = lines.joined(separator: "\n")
        version = String(SHA256.hex(of: Array(system.utf8)).prefix(16))
        self.maxCharacters = max(1, maxCharacters)
    }

    /// The user message for a document: its first `maxCharacters` characters.
    public func userMessage(_ text: String) -> String {
        text.count > maxCharacters ? String(text.prefix(maxCharacters)) : text
    }

    /// The category id in a model's answer, read strictly: after trimming whitespace and one pair
    /// of matching quotes (`"…"`, `'…'`, `` `…` ``, `“…”`), the answer must be one of the 16 ids
    /// (any letter case). Anything else — a sentence, two ids, an id with a full stop — is nil:
    /// turning chatter into a training label would teach the model the chatter.
    public static func category(from answer: String) -> String? {
        var text = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        for (open, close) in [("\"", "\""), ("'", "'"), ("`", "`"), ("\u{201C}", "\u{201D}")]
        where text.count >= 2 && text.hasPrefix(open) && text.hasSuffix(close) {
            text = String(text.dropFirst().dropLast()).trimmingCharacters(in: .whitespacesAndNewlines)
            break
        }
        let id = text.lowercased()
        return CategoryTaxonomy.categoryIDs.contains(id) ? id : nil
    }
}
