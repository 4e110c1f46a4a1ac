/// Reads HuggingFace tokenizer.json files into a `TokenizerDefinition`. Every piece PriorMix
/// cannot reproduce exactly is refused with an error naming it (a normalizer, truncation, an
/// unknown split regex, WordPiece …): a tokenizer that would silently give other ids than HF is
/// worse than none.
public enum TokenizerJSON {
    public static func definition(parsing bytes: [UInt8], path: String) throws -> TokenizerDefinition {
        let root: JSONValue
        do {
            root = try JSONParser.parse(bytes)
        } catch let error as JSONParser.SyntaxError {
            throw PriorMixError(.malformedInput, "not valid JSON: \(error.message)", file: path, offset: error.offset)
        }
        var reader = Reader(path: path)
        return try reader.read(root)
    }

    private struct Reader {
        let path: String

        func unsupported(_ piece: String, _ hint: String? = nil) -> PriorMixError {
            PriorMixError(.unsupportedInput, "unsupported tokenizer.json piece: \(piece)", file: path,
                          hint: hint ?? "PriorMix reproduces BPE with ByteLevel/Split(gpt2, llama3, cl100k, o200k, qwen2) pre-tokenizers exactly and refuses anything else rather than give different ids")
        }

        func malformed(_ message: String) -> PriorMixError {
            PriorMixError(.malformedInput, "tokenizer.json: \(message)", file: path)
        }

        func flag(_ object: JSONValue, _ key: String, default value: Bool, in context: String) throws -> Bool {
            guard let field = object[key], !field.isNull else { return value }
            guard let b = field.bool else { throw malformed("\(context).\(key) should be a boolean, found \(field.kind)") }
            return b
        }

        mutating func read(_ root: JSONValue) throws -> TokenizerDefinition {
            guard root.members != nil else { throw malformed("the top level should be an object, found \(root.kind)") }
            if let version = root["version"], version.string != "1.0" {
                throw unsupported("version \(version.string.map { "'\($0)'" } ?? version.kind)", "only tokenizer.json version 1.0 exists")
            }
            for key in ["truncation", "padding"] {
                if let value = root[key], !value.isNull {
                    throw unsupported("\(key) is set", "\(key) changes the ids of long or batched texts; set \"\(key)\": null (PriorMix encodes whole documents)")
                }
            }
            if let normalizer = root["normalizer"], !normalizer.isNull, !isEmptySequence(normalizer, "normalizers") {
                throw unsupported("normalizer \(typeName(normalizer))")
            }

            var steps: [TokenizerDefinition.Step] = []
            if let pre = root["pre_tokenizer"], !pre.isNull { try appendSteps(pre, to: &steps) }
            if let byteLevelAt = steps.firstIndex(where: { if case .byteLevel = $0 { return true } else { return false } }),
               byteLevelAt != steps.count - 1 {
                throw unsupported("pre-tokenizer after ByteLevel", "a Split after ByteLevel would see byte-level characters; put ByteLevel last")
            }

            guard let model = root["model"], model.members != nil else { throw malformed("no model object") }
            let modelType = model["type"]?.string ?? (model["merges"] != nil ? "BPE" : "unknown")
            guard modelType == "BPE" else { throw unsupported("model \(modelType)", "only BPE models are supported") }
            if let dropout = model["dropout"], !dropout.isNull, dropout.number != 0 {
                throw unsupported("model.dropout", "BPE dropout makes ids random; set \"dropout\": null")
            }
            for key in ["continuing_subword_prefix", "end_of_word_suffix"] {
                if let value = model[key], !value.isNull, value.string != "" { throw unsupported("model.\(key)") }
            }
            guard let vocabMembers = model["vocab"]?.members else { throw malformed("model.vocab should be an object") }
            var vocabulary: [(String, UInt32)] = []
            vocabulary.reserveCapacity(vocabMembers.count)
            var seen = Set<String>()
            for (token, value) in vocabMembers {
                guard let number = value.number, number >= 0, number < 4_294_967_295, number == number.rounded() else {
                    throw malformed("model.vocab['\(token)'] should be a non-negative integer id, found \(value.kind)")
                }
                // serde keeps the last of duplicate keys; so does this.
                if !seen.insert(token).inserted { vocabulary.removeAll { $0.0 == token } }
                vocabulary.append((token, UInt32(number)))
            }
            guard let mergeValues = model["merges"]?.array else { throw malformed("model.merges should be an array") }
            var merges: [(String, String)] = []
            merges.reserveCapacity(mergeValues.count)
            for (index, value) in mergeValues.enumerated() {
                if let line = value.string {
                    let parts = line.split(separator: " ", omittingEmptySubsequences: false)
                    guard parts.count == 2 else { throw malformed("merge \(index) '\(line)' should be two tokens separated by one space") }
                    merges.append((String(parts[0]), String(parts[1])))
                } else if let pair = value.array, pair.count == 2, let a = pair[0].string, let b = pair[1].string {
                    merges.append((a, b))
                } else {
                    throw malformed("merge \(index) should be \"a b\" or [\"a\", \"b\"], found \(value.kind)")
                }
            }

            var definition = TokenizerDefinition(vocabulary: vocabulary, merges: .ranked(merges), steps: steps)
            definition.ignoreMerges = try flag(model, "ignore_merges", default: false, in: "model")
            definition.byteFallback = try flag(model, "byte_fallback", default: false, in: "model")
            definition.fuseUnknown = try flag(model, "fuse_unk", default: false, in: "model")
            if let unknown = model["unk_token"], !unknown.isNull {
                guard let text = unknown.string else { throw malformed("model.unk_token should be a string") }
                definition.unknownToken = text
            }
            definition.addedTokens = try addedTokens(root["added_tokens"], vocabulary: vocabulary)

            definition.decodeByteLevel = false
            if let decoder = root["decoder"], !decoder.isNull { try readDecoder(decoder, into: &definition) }
            if let post = root["post_processor"], !post.isNull {
                try readPostProcessor(post, into: &definition, vocabulary: vocabulary)
            }
            return definition
        }

        func typeName(_ value: JSONValue) -> String {
            value["type"]?.string.map { "'\($0)'" } ?? "(\(value.kind) without a type)"
        }

        func isEmptySequence(_ value: JSONValue, _ key: String) -> Bool {
            value["type"]?.string == "Sequence" && value[key]?.array?.isEmpty == true
        }

        func appendSteps(_ value: JSONValue, to steps: inout [TokenizerDefinition.Step]) throws {
            switch value["type"]?.string {
            case "Sequence":
                guard let list = value["pretokenizers"]?.array else { throw malformed("pre_tokenizer Sequence without pretokenizers") }
                for item in list { try appendSteps(item, to: &steps) }
            case "ByteLevel":
                steps.append(.byteLevel(addPrefixSpace: try flag(value, "add_prefix_space", default: true, in: "ByteLevel"),
                                        useRegex: try flag(value, "use_regex", default: true, in: "ByteLevel")))
            case "Split":
                guard let pattern = value["pattern"] else { throw malformed("Split pre-tokenizer without a pattern") }
                guard let regex = pattern["Regex"]?.string else {
                    throw unsupported("Split pattern \(pattern["String"]?.string.map { "String '\($0)'" } ?? pattern.kind)", "only the Regex patterns of GPT-2, Llama-3/cl100k, o200k and Qwen2 are supported")
                }
                guard let split = SplitPattern(regex: regex) else {
                    throw unsupported("Split regex \(regex)", "supported: the exact regexes of \(SplitPattern.namesHelp); see SplitPattern.swift")
                }
                let behavior = value["behavior"]?.string ?? "missing"
                guard behavior == "Isolated" else { throw unsupported("Split behavior '\(behavior)'", "only Isolated is supported") }
                if try flag(value, "invert", default: false, in: "Split") { throw unsupported("Split with invert: true") }
                steps.append(.split(split))
            default:
                throw unsupported("pre_tokenizer \(typeName(value))")
            }
        }

        /// HF ignores the ids written in added_tokens: a token already in the vocabulary keeps
        /// its id, a new one gets the next id from the vocabulary size, in file order.
        func addedTokens(_ value: JSONValue?, vocabulary: [(String, UInt32)]) throws -> [AddedToken] {
            guard let value, !value.isNull else { return [] }
            guard let list = value.array else { throw malformed("added_tokens should be an array") }
            var vocabularyID: [String: UInt32] = [:]
            for (token, id) in vocabulary { vocabularyID[token] = id }
            var nextID = UInt32(vocabularyID.count)
            var byContent: [String: Int] = [:]
            var tokens: [AddedToken] = []
            for (index, item) in list.enumerated() {
                guard let content = item["content"]?.string else { throw malformed("added_tokens[\(index)] has no content string") }
                if content.isEmpty { continue }
                let special = try flag(item, "special", default: false, in: "added_tokens[\(index)]")
                var token = AddedToken(id: 0, content: content,
                                       singleWord: try flag(item, "single_word", default: false, in: "added_tokens[\(index)]"),
                                       leftStrip: try flag(item, "lstrip", default: false, in: "added_tokens[\(index)]"),
                                       rightStrip: try flag(item, "rstrip", default: false, in: "added_tokens[\(index)]"),
                                       normalized: try flag(item, "normalized", default: !special, in: "added_tokens[\(index)]"),
                                       special: special)
                if let existing = byContent[content] {
                    token.id = tokens[existing].id
                    tokens[existing] = token
                    continue
                }
                if let id = vocabularyID[content] {
                    token.id = id
                } else {
                    token.id = nextID
                    nextID += 1
                }
                byContent[content] = tokens.count
                tokens.append(token)
            }
            return tokens
        }

        func readDecoder(_ value: JSONValue, into definition: inout TokenizerDefinition) throws {
            switch value["type"]?.string {
            case "Sequence":
                guard let list = value["decoders"]?.array else { throw malformed("decoder Sequence without decoders") }
                for item in list { try readDecoder(item, into: &definition) }
            case "ByteLevel": definition.decodeByteLevel = true
            case "ByteFallback": definition.decodeByteFallback = true
            case "Fuse": break  // joins token strings, which decoding to bytes does anyway
            default: throw unsupported("decoder \(typeName(value))")
            }
        }

        func readPostProcessor(_ value: JSONValue, into definition: inout TokenizerDefinition, vocabulary: [(String, UInt32)]) throws {
            switch value["type"]?.string {
            case "Sequence":
                guard let list = value["processors"]?.array else { throw malformed("post_processor Sequence without processors") }
                for item in list { try readPostProcessor(item, into: &definition, vocabulary: vocabulary) }
            case "ByteLevel": break  // only moves offsets
            case "TemplateProcessing":
                guard let single = value["single"]?.array else { throw malformed("TemplateProcessing without a single template") }
                let specials = value["special_tokens"]
                var items: [TokenizerDefinition.TemplateItem] = []
                for item in single {
                    if item["Sequence"] != nil {
                        items.append(.sequence)
                    } else if let name = item["SpecialToken"]?["id"]?.string {
                        guard let ids = specials?[name]?["ids"]?.array?.compactMap({ $0.number.map { UInt32($0) } }) else {
                            throw malformed("TemplateProcessing special token '\(name)' has no ids in special_tokens")
                        }
                        items.append(.special(ids))
                    } else {
                        throw malformed("TemplateProcessing item should be Sequence or SpecialToken")
                    }
                }
                definition.template = items
            default:
                throw unsupported("post_processor \(typeName(value))")
            }
        }
    }
}
