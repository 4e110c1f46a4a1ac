import Foundation

/// The translated strings of a GNU gettext `.mo` file: Debian ships them for every language its
/// programs speak (under /usr/share/locale), which makes them real text in ~150 languages that any
/// Debian machine has, read at bench time and never copied. Reading only what the format needs:
/// magic, string count, the translation table; every offset is checked against the file.
enum GettextCatalog {
    /// Translations (plural forms split apart), in file order, without the header entry; nil when
    /// the file is not a well-formed `.mo`.
    static func translations(_ bytes: [UInt8]) -> [String]? {
        func u32(_ at: Int, bigEndian: Bool) -> Int? {
            guard at >= 0, at + 4 <= bytes.count else { return nil }
            let value = bytes[at..<at + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            return Int(bigEndian ? value : value.byteSwapped)
        }
        guard let magic = u32(0, bigEndian: true) else { return nil }
        let bigEndian: Bool
        switch magic {
        case 0x9504_12DE: bigEndian = true
        case 0xDE12_0495: bigEndian = false
        default: return nil
        }
        guard let count = u32(8, bigEndian: bigEndian), let table = u32(16, bigEndian: bigEndian),
              count <= bytes.count / 8 else { return nil }
        var strings: [String] = []
        for index in 0..<count {
            guard let length = u32(table + index * 8, bigEndian: bigEndian),
                  let offset = u32(table + index * 8 + 4, bigEndian: bigEndian),
                  offset + length <= bytes.count else { return nil }
            if index == 0 && length > 0 && bytes[offset..<offset + length].starts(with: Array("Project-Id".utf8)) { continue }
            for form in bytes[offset..<offset + length].split(separator: 0) where !form.isEmpty {
                strings.append(String(decoding: form, as: UTF8.self))
            }
        }
        return strings
    }

    /// Documents of about `documentBytes` each, per language directory of `root` (a locale tree
    /// such as /usr/share/locale), at most `perLanguageBytes` a language so no language dominates;
    /// languages and files in sorted order, so the same machine gives the same texts.
    static func documents(root: String, documentBytes: Int = 2_000, perLanguageBytes: Int = 30_000) -> [String] {
        let fileManager = FileManager.default
        guard let languages = try? fileManager.contentsOfDirectory(atPath: root).sorted() else { return [] }
        var documents: [String] = []
        for language in languages {
            let directory = root + "/" + language + "/LC_MESSAGES"
            guard let files = try? fileManager.contentsOfDirectory(atPath: directory).filter({ $0.hasSuffix(".mo") }).sorted() else { continue }
            var taken = 0
            var current = ""
            files: for file in files {
                guard let data = fileManager.contents(atPath: directory + "/" + file),
                      let strings = translations(Array(data)) else { continue }
                for string in strings {
                    current += current.isEmpty ? string : "\n" + string
                    if current.utf8.count >= documentBytes {
                        documents.append(current)
                        taken += current.utf8.count
                        current = ""
                        if taken >= perLanguageBytes { break files }
                    }
                }
            }
            if !current.isEmpty && taken < perLanguageBytes { documents.append(current) }
        }
        return documents
    }
}
