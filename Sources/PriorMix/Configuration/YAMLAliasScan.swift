// CYaml is the libyaml build Yams ships; its event parser is the only way to see an alias before
// Yams composes (and, with duplicate-key checks that hash whole nodes, expands) the document.
import CYaml

/// Finds aliases (`*name`) in YAML text without building the document. Configuration files do not
/// need them, and an alias nested in aliases ("billion laughs") grows to gigabytes when expanded.
enum YAMLAliasScan {
    /// The 1-based line of the first alias, or nil when there is none. A syntax error ends the scan
    /// quietly: composing the document reports it with its line.
    static func firstAliasLine(_ bytes: [UInt8]) -> Int? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                let type = event.type
                let line = Int(event.start_mark.line) + 1
                yaml_event_delete(&event)
                if type == YAML_ALIAS_EVENT { return line }
                if type == YAML_STREAM_END_EVENT { return nil }
            }
            return nil
        }
    }
}
