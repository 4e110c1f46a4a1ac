/// A token matched in the raw text before pre-tokenization (HF "added tokens": special tokens
/// such as `<|endoftext|>`, and any user-added ones).
public struct AddedToken: Sendable, Equatable {
    public var id: UInt32
    public var content: String
    public var singleWord = false
    public var leftStrip = false
    public var rightStrip = false
    public var normalized = false
    public var special = true

    public init(id: UInt32, content: String, singleWord: Bool = false, leftStrip: Bool = false,
                rightStrip: Bool = false, normalized: Bool = false, special: Bool = true) {
        self.id = id
        self.content = content
        self.singleWord = singleWord
        self.leftStrip = leftStrip
        self.rightStrip = rightStrip
        self.normalized = normalized
        self.special = special
    }
}

/// Finds added tokens in text the way HF's `AddedVocabulary::find_matches` does: leftmost-longest
/// non-overlapping matches (Aho-Corasick semantics), a `single_word` match that touches a word
/// character is passed over (and its span is not searched again), `lstrip`/`rstrip` widen a
/// match over neighbouring whitespace. A byte trie keeps the scan linear in the text length.
final class AddedTokenMatcher: @unchecked Sendable {
    private struct Node {
        var children: [(UInt8, Int32)] = []
        var token: Int32 = -1   // index into `tokens`
    }

    let tokens: [AddedToken]
    private var nodes: [Node] = [Node()]
    private var startsToken = [Bool](repeating: false, count: 256)

    init(tokens: [AddedToken]) {
        self.tokens = tokens
        for (index, token) in tokens.enumerated() {
            var node = 0
            for byte in token.content.utf8 {
                if let child = nodes[node].children.first(where: { $0.0 == byte }) {
                    node = Int(child.1)
                } else {
                    nodes.append(Node())
                    nodes[node].children.append((byte, Int32(nodes.count - 1)))
                    node = nodes.count - 1
                }
            }
            // A later entry with the same content wins, like HF's map keyed by content.
            nodes[node].token = Int32(index)
            if let first = token.content.utf8.first { startsToken[Int(first)] = true }
        }
    }

    var isEmpty: Bool { tokens.isEmpty }

    /// Splits `text[start..<end]`: calls `onText` for each stretch between tokens (possibly none)
    /// and `onToken` with the id of each token, in order.
    @inline(__always)
    func split(_ text: UnsafePointer<UInt8>, _ start: Int, _ end: Int,
               onText: (Int, Int) -> Void, onToken: (UInt32) -> Void) {
        var offset = start   // HF's start_offset: the end of the last emitted split
        var i = start
        while i < end {
            guard startsToken[Int(text[i])], let (tokenIndex, matchEnd) = longestMatch(text, i, end) else {
                i += 1
                continue
            }
            let token = tokens[tokenIndex]
            var matchStart = i
            var stop = matchEnd
            i = matchEnd
            if token.singleWord {
                let before = matchStart > start && Self.endsWithWordCharacter(text, start, matchStart)
                let after = stop < end && Self.startsWithWordCharacter(text, stop, end)
                if before || after { continue }
            }
            if token.leftStrip {
                // HF clamps the widened start to the end of the previous split; scanning no
                // further back than that keeps runs of whitespace-separated tokens linear.
                matchStart = Self.startOfTrailingWhitespace(text, offset, matchStart)
            }
            if token.rightStrip {
                stop = Self.endOfLeadingWhitespace(text, stop, end)
            }
            if offset < matchStart { onText(offset, matchStart) }
            onToken(token.id)
            offset = stop
        }
        if offset < end { onText(offset, end) }
    }

    /// The longest token starting at `i`, as (token index, end), or nil.
    @inline(__always)
    private func longestMatch(_ text: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> (Int, Int)? {
        var node = 0
        var best: (Int, Int)?
        var j = i
        while j < end {
            guard let child = nodes[node].children.first(where: { $0.0 == text[j] }) else { break }
            node = Int(child.1)
            j += 1
            if nodes[node].token >= 0 { best = (Int(nodes[node].token), j) }
        }
        return best
    }

    // `\w` and `\s` as Rust's regex crate defines them (HF uses it for these checks).
    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let p = scalar.properties
        if p.isAlphabetic || p.isJoinControl { return true }
        switch p.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
        default: return false
        }
    }

    private static func scalar(at text: UnsafePointer<UInt8>, _ i: Int) -> Unicode.Scalar {
        let length = UTF8Length.ofLeadByte(text[i])
        var decoder = UTF8()
        var iterator = UnsafeBufferPointer(start: text + i, count: length).makeIterator()
        if case .scalarValue(let s) = decoder.decode(&iterator) { return s }
        return "\u{FFFD}"
    }

    /// Start of the scalar that ends at `i` (exclusive).
    private static func scalarStart(before i: Int, _ text: UnsafePointer<UInt8>, _ lower: Int) -> Int {
        var j = i - 1
        while j > lower && text[j] & 0xC0 == 0x80 { j -= 1 }
        return j
    }

    private static func endsWithWordCharacter(_ text: UnsafePointer<UInt8>, _ lower: Int, _ i: Int) -> Bool {
        isWordCharacter(scalar(at: text, scalarStart(before: i, text, lower)))
    }

    private static func startsWithWordCharacter(_ text: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> Bool {
        isWordCharacter(scalar(at: text, i))
    }

    private static func startOfTrailingWhitespace(_ text: UnsafePointer<UInt8>, _ lower: Int, _ i: Int) -> Int {
        var j = i
        while j > lower {
            let s = scalarStart(before: j, text, lower)
            guard scalar(at: text, s).properties.isWhitespace else { break }
            j = s
        }
        return j
    }

    private static func endOfLeadingWhitespace(_ text: UnsafePointer<UInt8>, _ i: Int, _ end: Int) -> Int {
        var j = i
        while j < end {
            let s = scalar(at: text, j)
            guard s.properties.isWhitespace else { break }
            j += UTF8Length.ofLeadByte(text[j])
        }
        return j
    }
}
