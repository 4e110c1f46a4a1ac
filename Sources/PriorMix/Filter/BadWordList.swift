import Foundation

/// A list of words whose presence removes a page (C4's bad-words rule, as datatrove's
/// `C4BadWordsFilter` matches them: in the lower-cased text, with a non-word character or the text's
/// edge on both sides). Read from a file the user names, one word or phrase a line; PriorMix ships
/// no list.
public struct BadWordList: Sendable {
    private var words: [UInt64: [[Unicode.Scalar]]] = [:]
    private var lengths: [Int] = []
    public let fingerprint: String

    public init(words list: [String], fingerprint: String) {
        var lengths = Set<Int>()
        for word in list {
            let scalars = Array(word.lowercased().unicodeScalars)
            guard !scalars.isEmpty else { continue }
            let hash = scalars.withUnsafeBufferPointer { characterHash($0, 0..<$0.count) }
            words[hash, default: []].append(scalars)
            lengths.insert(scalars.count)
        }
        self.lengths = lengths.sorted()
        self.fingerprint = fingerprint
    }

    public static func load(path: String) throws -> BadWordList {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw PriorMixError(.io, "cannot read the bad-words list (one word a line, UTF-8)", file: path)
        }
        let words = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return BadWordList(words: words, fingerprint: "\(words.count) words, sha256 \(SHA256.hex(of: Array(data)).prefix(16))")
    }

    /// The length of the first bad word found, or nil.
    func firstMatch(in text: FilterText) -> Int? {
        let lowered = Array(text.text.lowercased().unicodeScalars)
        return lowered.withUnsafeBufferPointer { s -> Int? in
            for start in 0..<s.count where start == 0 || !PythonCharacters.isWord(s[start - 1]) {
                for length in lengths where start + length <= s.count {
                    let end = start + length
                    guard end == s.count || !PythonCharacters.isWord(s[end]) else { continue }
                    guard let candidates = words[characterHash(s, start..<end)] else { continue }
                    if candidates.contains(where: { $0.elementsEqual(s[start..<end]) }) { return length }
                }
            }
            return nil
        }
    }
}
