/// A piece of a document: UTF-8 byte offsets `start..<end` into its text, and its token count
/// (exact when the segmenter has a tokenizer, `TokenEstimate` otherwise).
public struct TextSegment: Sendable, Equatable, Codable {
    public var start: Int
    public var end: Int
    public var tokens: Int

    public init(start: Int, end: Int, tokens: Int) {
        self.start = start
        self.end = end
        self.tokens = tokens
    }
}

/// Cuts a document into segments of about `targetTokens` tokens (the paper tags ~1024-token
/// segments), preferring paragraph breaks, then line breaks, then whitespace, and as a last resort
/// any character boundary: a cut never falls inside a UTF-8 sequence.
///
/// Segments tile the text: the first starts at 0, each starts where the previous ended, the last
/// ends at the text's byte count. A cut at a weaker boundary is taken only when no stronger one
/// lies in the second half of the segment, so segments stay at least half full.
///
/// ```swift
/// let segments = Segmenter().segments(of: document.text)
/// let exact = Segmenter(tokenCounter: { tokenizer.encode($0).count }).segments(of: document.text)
/// ```
///
/// Complexity: O(n) bytes, and with a tokenizer O(n) bytes handed to it in total (each line
/// once, each segment once more for its exact count).
public struct Segmenter: Sendable {
    public var targetTokens: Int
    /// Counts the tokens of a piece of text; nil uses `TokenEstimate`.
    public var tokenCounter: (@Sendable (String) -> Int)?

    public init(targetTokens: Int = 1024, tokenCounter: (@Sendable (String) -> Int)? = nil) {
        precondition(targetTokens >= 8, "segments of fewer than 8 tokens make no sense")
        self.targetTokens = targetTokens
        self.tokenCounter = tokenCounter
    }

    public func segments(of text: String) -> [TextSegment] {
        var text = text
        return text.withUTF8 { segments(utf8: $0) }
    }

    /// Segments of valid UTF-8 bytes.
    public func segments(utf8 bytes: UnsafeBufferPointer<UInt8>) -> [TextSegment] {
        guard !bytes.isEmpty else { return [] }
        var packer = Packer(target: targetTokens)
        var lineStart = 0
        let count = bytes.count
        while lineStart < count {
            // One pass per line finds its end, whether it is blank, and its token estimate
            // (the same weights as `TokenEstimate.quarters`).
            var lineEnd = lineStart
            var quarters = 0
            var previousSpace: UInt8 = 0
            var nonSpace: UInt8 = 0
            let table = Self.byteTable
            while lineEnd < count {
                let byte = bytes[lineEnd]
                lineEnd += 1
                let entry = table[Int(byte)]
                let space = entry >> 7
                // A whitespace byte after whitespace adds nothing: subtract the 1 it carries.
                quarters += Int(entry & 0x7F) &- Int(space & previousSpace)
                previousSpace = space
                nonSpace |= space ^ 1
                if byte == 0x0A { break }
            }
            let blank = nonSpace == 0
            addLine(bytes, lineStart, lineEnd, estimate: TokenEstimate.tokens(fromQuarters: quarters),
                    after: blank ? .paragraph : .line, to: &packer)
            lineStart = lineEnd
        }
        var segments = packer.finish()
        if let tokenCounter {
            for index in segments.indices {
                segments[index].tokens = tokenCounter(Self.string(bytes, segments[index].start, segments[index].end))
            }
        }
        return segments
    }

    private func count(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        if let tokenCounter { return tokenCounter(Self.string(bytes, start, end)) }
        return TokenEstimate.tokens(bytes, from: start, to: end)
    }

    /// One line as one atom, or, when it is too long, as pieces cut at whitespace.
    private func addLine(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, estimate: Int,
                         after boundary: Boundary, to packer: inout Packer) {
        // The estimate decides quickly for the common short line; long ones are counted for real.
        if estimate <= targetTokens / 2 || tokenCounter == nil && estimate <= targetTokens {
            packer.add(Atom(end: end, tokens: tokenCounter == nil ? estimate : count(bytes, start, end), after: boundary))
            return
        }
        if tokenCounter != nil {
            let tokens = count(bytes, start, end)
            if tokens <= targetTokens {
                packer.add(Atom(end: end, tokens: tokens, after: boundary))
                return
            }
        }
        splitLongRun(bytes, start, end, after: boundary, to: &packer)
    }

    /// Cuts a run with no line break into pieces of at most about half a segment, at the last
    /// whitespace before the limit (or a character boundary), so packing can fill segments.
    private func splitLongRun(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, after boundary: Boundary, to packer: inout Packer) {
        let pieceQuarters = max(4, targetTokens / 2) * 4
        var pieceStart = start
        while pieceStart < end {
            var quarters = 0
            var index = pieceStart
            var lastSpace = -1
            var inSpace = false
            while index < end {
                let byte = bytes[index]
                let space = byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
                let weight = byte < 0x80 ? ((space && inSpace) ? 0 : 1) : (byte >= 0xC0 ? 4 : 0)
                if quarters + weight > pieceQuarters && index > pieceStart { break }
                quarters += weight
                inSpace = space
                if space { lastSpace = index + 1 }
                index += 1
            }
            var pieceEnd = index
            var pieceBoundary = Boundary.character
            if pieceEnd < end {
                if lastSpace > pieceStart && lastSpace - pieceStart >= (pieceEnd - pieceStart) / 4 {
                    pieceEnd = lastSpace
                    pieceBoundary = .word
                } else {
                    while pieceEnd > pieceStart + 1 && bytes[pieceEnd] & 0xC0 == 0x80 { pieceEnd -= 1 }
                }
            } else {
                pieceBoundary = boundary
            }
            var tokens = TokenEstimate.tokens(bytes, from: pieceStart, to: pieceEnd)
            if tokenCounter != nil { tokens = count(bytes, pieceStart, pieceEnd) }
            if tokens > targetTokens && pieceEnd - pieceStart > 1 {
                // The tokenizer disagrees badly with the estimate: halve until the pieces fit.
                var middle = pieceStart + (pieceEnd - pieceStart) / 2
                while middle > pieceStart + 1 && bytes[middle] & 0xC0 == 0x80 { middle -= 1 }
                splitLongRun(bytes, pieceStart, middle, after: .character, to: &packer)
                splitLongRun(bytes, middle, pieceEnd, after: pieceBoundary, to: &packer)
            } else {
                packer.add(Atom(end: pieceEnd, tokens: tokens, after: pieceBoundary))
            }
            pieceStart = pieceEnd
        }
    }

    /// Per byte: bit 7 set for ASCII whitespace, low bits the quarter tokens it weighs (1 for
    /// ASCII, 4 for a UTF-8 lead byte, 0 for a continuation byte), as in `TokenEstimate`.
    nonisolated(unsafe) static let byteTable: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for byte in 0..<256 {
            switch byte {
            case 0x20, 0x0A, 0x09, 0x0D: table[byte] = 0x80 | 1
            case 0..<0x80: table[byte] = 1
            case 0xC0...: table[byte] = 4
            default: table[byte] = 0
            }
        }
        return UnsafePointer(table)
    }()

    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
}

/// How good a place to cut the end of an atom is; higher is better.
enum Boundary: Int, Comparable {
    case character = 0, word, line, paragraph
    static func < (lhs: Boundary, rhs: Boundary) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The smallest piece the packer moves: it ends at byte `end` (it starts where the previous ended).
struct Atom {
    var end: Int
    var tokens: Int
    var after: Boundary
}

/// Greedy packing of atoms into segments of at most `target` tokens (an atom larger than that
/// is a segment of its own), cutting at the strongest boundary in the segment's second half.
struct Packer {
    let target: Int
    private var segmentStart = 0
    private var pending: [Atom] = []
    private var pendingTokens = 0
    private var segments: [TextSegment] = []

    init(target: Int) { self.target = target }

    mutating func add(_ atom: Atom) {
        if !pending.isEmpty && pendingTokens + atom.tokens > target { cut() }
        pending.append(atom)
        pendingTokens += atom.tokens
    }

    /// Emits a segment from the front of `pending`; the atoms after the chosen cut stay.
    private mutating func cut() {
        var best = pending.count - 1
        var bestStrength = Boundary.character
        var cumulative = 0
        let half = target / 2
        for (index, atom) in pending.enumerated() {
            cumulative += atom.tokens
            // Later cuts of the same strength win; any cut in the second half beats the fallback.
            if cumulative >= half && atom.after >= bestStrength {
                best = index
                bestStrength = atom.after
            }
        }
        let emitted = pending[0...best]
        let tokens = emitted.reduce(0) { $0 + $1.tokens }
        segments.append(TextSegment(start: segmentStart, end: pending[best].end, tokens: tokens))
        segmentStart = pending[best].end
        pending.removeFirst(best + 1)
        pendingTokens -= tokens
    }

    mutating func finish() -> [TextSegment] {
        if !pending.isEmpty {
            segments.append(TextSegment(start: segmentStart, end: pending[pending.count - 1].end, tokens: pendingTokens))
            pending.removeAll()
        }
        return segments
    }
}
