import Foundation
import Yams

/// Reads typed values out of a YAML node and, when one is missing or of the wrong type, throws a
/// `PriorMixError` naming the file, the line and the dotted key (`lexicon[2].weight`), so a typo
/// in a hand-edited taxonomy file points straight at itself.
struct YAMLFieldReader {
    let node: Node
    let file: String
    let path: String

    /// Parses a whole file; syntax errors keep libyaml's line.
    static func open(_ file: String) throws -> YAMLFieldReader {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw PriorMixError(.io, "cannot read taxonomy file: \(error.localizedDescription)", file: file)
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw PriorMixError(.malformedInput, "empty YAML document", file: file, hint: "see taxonomy/labels/README.md")
            }
            return YAMLFieldReader(node: node, file: file, path: "")
        } catch let error as PriorMixError {
            throw error
        } catch let error as YamlError {
            throw PriorMixError(.malformedInput, "invalid YAML: \(Self.summary(of: error))", file: file, line: Self.line(of: error))
        }
    }

    var line: Int? { node.mark?.line }

    func fail(_ message: String, hint: String? = nil) -> PriorMixError {
        PriorMixError(.malformedInput, path.isEmpty ? message : "key `\(path)`: \(message)", file: file, line: line, hint: hint)
    }

    private func child(_ node: Node, _ name: String) -> YAMLFieldReader {
        YAMLFieldReader(node: node, file: file, path: path.isEmpty ? name : path + "." + name)
    }

    func has(_ key: String) -> Bool { node.mapping?[key] != nil }

    func required(_ key: String) throws -> YAMLFieldReader {
        guard let mapping = node.mapping else { throw fail("expected a mapping of keys to values") }
        guard let value = mapping[key] else {
            let name = path.isEmpty ? key : path + "." + key
            throw PriorMixError(.malformedInput, "missing key `\(name)`", file: file, line: line)
        }
        return child(value, key)
    }

    func optional(_ key: String) throws -> YAMLFieldReader? {
        guard let mapping = node.mapping else { throw fail("expected a mapping of keys to values") }
        return mapping[key].map { child($0, key) }
    }

    /// Keys of a mapping in file order, for maps whose keys are data (signal names).
    func entries() throws -> [(String, YAMLFieldReader)] {
        guard let mapping = node.mapping else { throw fail("expected a mapping of keys to values") }
        return try mapping.map { pair in
            guard let key = pair.key.string else { throw fail("keys must be plain strings") }
            return (key, child(pair.value, key))
        }
    }

    func items() throws -> [YAMLFieldReader] {
        guard let sequence = node.sequence else { throw fail("expected a list") }
        return sequence.enumerated().map { index, item in
            YAMLFieldReader(node: item, file: file, path: "\(path)[\(index)]")
        }
    }

    func string() throws -> String {
        guard let scalar = node.scalar else { throw fail("expected a string") }
        return scalar.string
    }

    func double() throws -> Double {
        guard let value = node.float, value.isFinite else { throw fail("expected a number, found `\(node.scalar?.string ?? "a collection")`") }
        return value
    }

    func int() throws -> Int {
        guard let value = node.int else { throw fail("expected an integer, found `\(node.scalar?.string ?? "a collection")`") }
        return value
    }

    func bool() throws -> Bool {
        guard let value = node.bool else { throw fail("expected true or false, found `\(node.scalar?.string ?? "a collection")`") }
        return value
    }

    /// A list of strings; every entry must be a scalar.
    func strings() throws -> [String] {
        try items().map { try $0.string() }
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    private static func summary(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _), .composer(let context, let problem, _, _):
            return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        case .duplicatedKeysInMapping(let duplicates, _):
            return "duplicated keys \(duplicates.joined(separator: ", "))"
        default:
            return "\(error)"
        }
    }
}
