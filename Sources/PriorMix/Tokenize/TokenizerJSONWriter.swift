/// Writes a `TokenizerDefinition` as a HuggingFace tokenizer.json that `tokenizers.Tokenizer.from_file`
/// loads and encodes with the same ids. One vocabulary entry and one merge per line keeps the
/// file diffable.
extension TokenizerJSON {
    public static func serialize(_ definition: TokenizerDefinition) -> [UInt8] {
        var out: [UInt8] = []
        func raw(_ text: String) { out.append(contentsOf: text.utf8) }
        func string(_ text: String) { JSONWriter.appendString(text, to: &out) }
        func bool(_ value: Bool) { raw(value ? "true" : "false") }

        raw("{\n  \"version\": \"1.0\",\n  \"truncation\": null,\n  \"padding\": null,\n  \"added_tokens\": [")
        for (index, token) in definition.addedTokens.enumerated() {
            raw(index == 0 ? "\n    " : ",\n    ")
            raw("{\"id\": \(token.id), \"content\": "); string(token.content)
            raw(", \"single_word\": "); bool(token.singleWord)
            raw(", \"lstrip\": "); bool(token.leftStrip)
            raw(", \"rstrip\": "); bool(token.rightStrip)
            raw(", \"normalized\": "); bool(token.normalized)
            raw(", \"special\": "); bool(token.special)
            raw("}")
        }
        raw(definition.addedTokens.isEmpty ? "],\n" : "\n  ],\n")
        raw("  \"normalizer\": null,\n  \"pre_tokenizer\": ")
        let steps = definition.steps.map(stepJSON)
        if steps.isEmpty {
            raw("null")
        } else if steps.count == 1 {
            raw(steps[0])
        } else {
            raw("{\"type\": \"Sequence\", \"pretokenizers\": [" + steps.joined(separator: ", ") + "]}")
        }
        raw(",\n  \"post_processor\": ")
        if let template = definition.template {
            raw(templateJSON(template, definition: definition))
        } else {
            raw("null")
        }
        raw(",\n  \"decoder\": ")
        var decoders: [String] = []
        if definition.decodeByteLevel { decoders.append(#"{"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true}"#) }
        if definition.decodeByteFallback { decoders.append(#"{"type": "ByteFallback"}"#) }
        switch decoders.count {
        case 0: raw("null")
        case 1: raw(decoders[0])
        default: raw("{\"type\": \"Sequence\", \"decoders\": [" + decoders.joined(separator: ", ") + "]}")
        }
        raw(",\n  \"model\": {\n    \"type\": \"BPE\",\n    \"dropout\": null,\n    \"unk_token\": ")
        if let unknown = definition.unknownToken { string(unknown) } else { raw("null") }
        raw(",\n    \"continuing_subword_prefix\": null,\n    \"end_of_word_suffix\": null,\n    \"fuse_unk\": "); bool(definition.fuseUnknown)
        raw(",\n    \"byte_fallback\": "); bool(definition.byteFallback)
        raw(",\n    \"ignore_merges\": "); bool(definition.ignoreMerges)
        raw(",\n    \"vocab\": {")
        for (index, (token, id)) in definition.vocabulary.sorted(by: { $0.1 < $1.1 }).enumerated() {
            raw(index == 0 ? "\n      " : ",\n      ")
            string(token)
            raw(": \(id)")
        }
        raw("\n    },\n    \"merges\": [")
        let pairs: [(String, String)]
        switch definition.merges {
        case .ranked(let list): pairs = list
        case .byteRanks: pairs = TokenizerJSON.rankedMerges(of: definition)
        }
        // The "a b" form is readable by every tokenizers release, but only when no token has a space.
        let spaced = pairs.contains { $0.0.contains(" ") || $0.1.contains(" ") }
        for (index, (left, right)) in pairs.enumerated() {
            raw(index == 0 ? "\n      " : ",\n      ")
            if spaced {
                raw("["); string(left); raw(", "); string(right); raw("]")
            } else {
                string(left + " " + right)
            }
        }
        raw("\n    ]\n  }\n}\n")
        return out
    }

    private static func stepJSON(_ step: TokenizerDefinition.Step) -> String {
        switch step {
        case .split(let pattern):
            var regex: [UInt8] = []
            JSONWriter.appendString(pattern.regex, to: &regex)
            return "{\"type\": \"Split\", \"pattern\": {\"Regex\": \(String(decoding: regex, as: UTF8.self))}, \"behavior\": \"Isolated\", \"invert\": false}"
        case .byteLevel(let addPrefixSpace, let useRegex):
            return "{\"type\": \"ByteLevel\", \"add_prefix_space\": \(addPrefixSpace), \"trim_offsets\": true, \"use_regex\": \(useRegex)}"
        }
    }

    private static func templateJSON(_ template: [TokenizerDefinition.TemplateItem], definition: TokenizerDefinition) -> String {
        var names: [[UInt32]: String] = [:]
        for token in definition.addedTokens { names[[token.id]] = token.content }
        for (token, id) in definition.vocabulary where names[[id]] == nil { names[[id]] = token }
        func quoted(_ s: String) -> String {
            var bytes: [UInt8] = []
            JSONWriter.appendString(s, to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        func items(_ sequences: [String]) -> String {
            var parts: [String] = []
            for (typeID, sequence) in sequences.enumerated() {
                for item in template {
                    switch item {
                    case .sequence: parts.append("{\"Sequence\": {\"id\": \"\(sequence)\", \"type_id\": \(typeID)}}")
                    case .special(let ids): parts.append("{\"SpecialToken\": {\"id\": \(quoted(names[ids] ?? "")), \"type_id\": \(typeID)}}")
                    }
                }
            }
            return "[" + parts.joined(separator: ", ") + "]"
        }
        var specials: [String] = []
        for item in template {
            if case .special(let ids) = item, let name = names[ids] {
                let entry = "\(quoted(name)): {\"id\": \(quoted(name)), \"ids\": [\(ids.map(String.init).joined(separator: ", "))], \"tokens\": [\(quoted(name))]}"
                if !specials.contains(entry) { specials.append(entry) }
            }
        }
        return "{\"type\": \"TemplateProcessing\", \"single\": \(items(["A"])), \"pair\": \(items(["A", "B"])), \"special_tokens\": {\(specials.joined(separator: ", "))}}"
    }

    /// HF merges equivalent to tiktoken's rule for a rank file: each token of rank r, split into
    /// the two tokens that BPE on its own bytes ends with, ranked in token order.
    static func rankedMerges(of definition: TokenizerDefinition) -> [(String, String)] {
        guard let tokenizer = try? Tokenizer(definition: definition, fileSHA256: "") else { return [] }
        var merges: [(String, String)] = []
        let texts = Dictionary(definition.vocabulary.map { ($0.1, $0.0) }, uniquingKeysWith: { a, _ in a })
        for (token, id) in definition.vocabulary.sorted(by: { $0.1 < $1.1 }) {
            guard let bytes = ByteLevelAlphabet.decode(token), bytes.count >= 2 else { continue }
            if let (left, right) = tokenizer.lastMerge(of: bytes, excluding: id), let a = texts[left], let b = texts[right] {
                merges.append((a, b))
            }
        }
        return merges
    }
}

extension Tokenizer {
    /// The two tokens BPE (with merges ranked below `id`) leaves for `bytes`, if exactly two.
    func lastMerge(of bytes: [UInt8], excluding id: UInt32) -> (UInt32, UInt32)? {
        let scratch = EncoderScratch(steps: 0)
        scratch.reserve(bytes.count * 2 + 2)
        for (i, b) in bytes.enumerated() { scratch.symbols[i] = model.byteSymbol[Int(b)] }
        // Merge while the best pair ranks below the token itself.
        var n = bytes.count
        while n > 2 {
            var best = UInt32.max, at = -1
            for i in 0..<(n - 1) {
                let r = UInt32(truncatingIfNeeded: model.merges.lookup(scratch.symbols[i], scratch.symbols[i + 1]) >> 32)
                if r < best && r < id { best = r; at = i }
            }
            if at < 0 { return nil }
            scratch.symbols[at] = UInt32(truncatingIfNeeded: model.merges.lookup(scratch.symbols[at], scratch.symbols[at + 1]))
            (scratch.symbols + at + 1).update(from: scratch.symbols + at + 2, count: n - at - 2)
            n -= 1
        }
        return n == 2 ? (scratch.symbols[0], scratch.symbols[1]) : nil
    }
}
