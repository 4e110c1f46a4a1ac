import Yams

/// One value of a configuration file with where it came from. Reading a value of the wrong type, or
/// a missing key, throws a `PriorMixError` naming the file, the line and the dotted key
/// (`lexicon[2].weight`), so a typo in a hand-edited file points straight at itself:
/// `taxonomy/labels/math_reasoning.yaml:14: label taxonomy: key `lexicon[1].weight`: expected a number, found `high``.
public struct ConfigurationNode {
    let node: Node
    public let file: String
    public let kind: ConfigurationKind
    /// The dotted key of this value; empty for the root.
    public let path: String

    public var line: Int? { node.mark?.line }

    /// An error about this value, at its line and key.
    public func fail(_ message: String, hint: String? = nil) -> PriorMixError {
        PriorMixError(.malformedInput, "\(kind.rawValue): " + (path.isEmpty ? message : "key `\(path)`: \(message)"),
                      file: file, line: line, hint: hint)
    }

    private func child(_ node: Node, _ name: String) -> ConfigurationNode {
        ConfigurationNode(node: node, file: file, kind: kind, path: path.isEmpty ? name : path + "." + name)
    }

    private func mapping() throws -> Node.Mapping {
        guard let mapping = node.mapping else { throw fail("expected a mapping of keys to values") }
        return mapping
    }

    public var isMapping: Bool { node.mapping != nil }
    /// `null`, `~` or an empty value: how a rules file turns a check off.
    public var isNull: Bool { node.scalar != nil && node.tag.description == Tag.Name.null.rawValue }
    public var isSequence: Bool { node.sequence != nil }

    public func has(_ key: String) -> Bool { node.mapping?[key] != nil }

    public func required(_ key: String) throws -> ConfigurationNode {
        guard let value = try mapping()[key] else {
            let name = path.isEmpty ? key : path + "." + key
            throw PriorMixError(.malformedInput, "\(kind.rawValue): missing key `\(name)`", file: file, line: line)
        }
        return child(value, key)
    }

    public func optional(_ key: String) throws -> ConfigurationNode? {
        try mapping()[key].map { child($0, key) }
    }

    /// Keys of a mapping in file order, for maps whose keys are data (signal, bucket, category names).
    public func entries() throws -> [(String, ConfigurationNode)] {
        try mapping().map { pair in
            guard let key = pair.key.scalar?.string else { throw fail("keys must be plain strings") }
            return (key, child(pair.value, key))
        }
    }

    /// Rejects keys outside `allowed`, naming the first (in file order) and the allowed ones.
    public func rejectUnknownKeys(_ allowed: Set<String>) throws {
        for (key, value) in try entries() where !allowed.contains(key) {
            throw value.fail("unknown key", hint: "allowed keys here: " + allowed.sorted().joined(separator: ", "))
        }
    }

    public func items() throws -> [ConfigurationNode] {
        guard let sequence = node.sequence else { throw fail("expected a list") }
        return sequence.enumerated().map { index, item in
            ConfigurationNode(node: item, file: file, kind: kind, path: "\(path)[\(index)]")
        }
    }

    /// The text of a scalar, whatever YAML would make of it (`3` reads as "3").
    public func string() throws -> String {
        guard let scalar = node.scalar else { throw fail("expected a string") }
        return scalar.string
    }

    /// How the value is shown in an error: the scalar's text, cut short.
    private var shown: String { node.scalar.map { "`\(PriorMixError.excerpt($0.string))`" } ?? "a collection" }

    /// A finite number; YAML integers and floats both read as numbers, quoted text does not.
    public func number() throws -> Double {
        if node.scalar != nil {
            switch node.tag.description {
            case Tag.Name.int.rawValue: if let value = node.int { return Double(value) }
            case Tag.Name.float.rawValue: if let value = node.float, value.isFinite { return value }
            default: break
            }
        }
        throw fail("expected a number, found \(shown)")
    }

    /// A finite number from any scalar that spells one (the label files' long-standing reading).
    public func double() throws -> Double {
        guard let value = node.float, value.isFinite else { throw fail("expected a number, found \(shown)") }
        return value
    }

    public func int() throws -> Int {
        guard let value = node.int else { throw fail("expected an integer, found \(shown)") }
        return value
    }

    public func bool() throws -> Bool {
        guard let value = node.bool else { throw fail("expected true or false, found \(shown)") }
        return value
    }

    /// A list of strings; every entry must be a scalar.
    public func strings() throws -> [String] {
        try items().map { try $0.string() }
    }
}
