import Foundation
import Yams

/// Reads one configuration file (taxonomy, source mapping, label file, recipe, learned lexicon) as
/// untrusted input: at most `maxBytes`, UTF-8 text, no YAML aliases; then hands out its root as a
/// `ConfigurationNode`, whose every error names the file, the line and the key.
///
/// ```swift
/// let recipe = try ConfigurationFile.open("taxonomy/recipes/mix6.yaml", kind: .recipe)
/// let seed = try recipe.optional("seed")?.number() ?? 42
/// // mix6.yaml:4: recipe: key `seed`: expected a number, found `forty-two`
/// ```
public enum ConfigurationFile {
    /// Hand-written configuration is kilobytes; learned lexicons stay well under this.
    public static let maxBytes = 4 << 20

    public static func open(_ file: String, kind: ConfigurationKind) throws -> ConfigurationNode {
        let bytes = try read(file, kind: kind)
        guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else {
            throw PriorMixError(.malformedInput, "the \(kind.rawValue) file is not UTF-8 text (a binary file?)", file: file,
                                hint: kind.guide)
        }
        if let line = YAMLAliasScan.firstAliasLine(bytes) {
            throw PriorMixError(.malformedInput, "\(kind.rawValue): YAML aliases (*name) are not allowed in configuration files",
                                file: file, line: line, hint: "write the values out in full")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw PriorMixError(.malformedInput, "\(kind.rawValue): invalid YAML: \(summary(of: error))", file: file,
                                line: line(of: error), hint: kind.guide)
        }
        guard let root else {
            throw PriorMixError(.malformedInput, "\(kind.rawValue): empty YAML document", file: file, hint: kind.guide)
        }
        return ConfigurationNode(node: root, file: file, kind: kind, path: "")
    }

    /// The file's bytes, refusing anything over `maxBytes` before reading it.
    static func read(_ file: String, kind: ConfigurationKind) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: file) else {
            let reason = FileManager.default.fileExists(atPath: file) ? "permission denied" : "no such file"
            throw PriorMixError(.io, "cannot read \(kind.rawValue) file: \(reason)", file: file)
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maxBytes + 1) ?? Data()
        } catch {
            throw PriorMixError(.io, "cannot read \(kind.rawValue) file: \(error.localizedDescription)", file: file)
        }
        guard data.count <= maxBytes else {
            throw PriorMixError(.malformedInput, "the \(kind.rawValue) file is over the \(maxBytes >> 20) MiB limit for configuration files",
                                file: file)
        }
        return Array(data)
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        case .duplicatedKeysInMapping(_, let context): return context.mark.line
        default: return nil
        }
    }

    /// libyaml's words for the problem, never the offending line itself (which may be megabytes).
    static func summary(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _), .composer(let context, let problem, _, _):
            return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        case .duplicatedKeysInMapping(let duplicates, _):
            return "duplicated keys " + duplicates.map { "`\(PriorMixError.excerpt($0))`" }.joined(separator: ", ")
        case .reader(let problem, let offset, _, _):
            return problem + (offset.map { " at byte \($0)" } ?? "")
        default:
            return PriorMixError.excerpt("\(error)", limit: 200)
        }
    }
}
