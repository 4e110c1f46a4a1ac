/// The compiled form of a `LabelTaxonomy`: hash tables of its terms, phrases, units, code
/// keywords and LaTeX commands, and a one-pass scanner that measures a segment against them.
///
/// Matching is on words: runs of letters, digits, `_` and non-ASCII letters, lowercased (ASCII
/// only), with anything from an apostrophe on dropped (`raven's`, `dispatch'd`, `don't` match
/// `raven`, `dispatch`, `don`). A phrase matches when its words follow each other, whatever
/// spaces, line breaks or punctuation lie between them.
///
/// Deliberately not the classifier's definition of a word (`WordScanner`): code and math terms
/// need identifiers whole (`snake_case`, `utf8`, `h2o`), possessives match their base term, non-ASCII
/// punctuation and math symbols (`—`, `×`, `≤`) separate words, and plurals are derived by rule
/// (`variants(of:plurals:)`) where the classifier lists them. Both hash words the same way (FNV-1a
/// 64 over ASCII-lowercased bytes); only the boundaries differ.
///
/// Complexity: O(n) in the segment's bytes, one table lookup per word (plus one per phrase
/// length for words that end a phrase).
final class LexiconScanner: @unchecked Sendable {
    // Read-only after init, shared by all tagging threads.
    private let words: TermHashTable
    private let phrases: TermHashTable
    private let latexCommands: TermHashTable
    // Raw storage so the scan loop reads entries without array or exclusivity checks.
    private let weights: UnsafeMutablePointer<SIMD8<Float>>
    private let flags: UnsafeMutablePointer<UInt8>
    private let ascii = CharacterClass.asciiTable
    let entryCount: Int
    /// Multiplies the lexicon hits of code lines: 0 for prose-only labels.
    private let codeLineMask: SIMD8<Float>
    private let repeatWeight: Float


    private static let unitFlag: UInt8 = 1
    private static let keywordFlag: UInt8 = 2
    /// Bits 2...5: the word ends a phrase of 2...5 words.
    private static func phraseFlag(length: Int) -> UInt8 { 1 << UInt8(length) }

    init(taxonomy: LabelTaxonomy) {
        var wordEntries: [UInt64: Int] = [:]
        var phraseEntries: [UInt64: Int] = [:]
        var weights: [SIMD8<Float>] = []
        var flags: [UInt8] = []

        func wordEntry(_ hash: UInt64) -> Int {
            if let entry = wordEntries[hash] { return entry }
            weights.append(SIMD8()); flags.append(0)
            wordEntries[hash] = weights.count - 1
            return weights.count - 1
        }
        // A term listed twice for one label keeps its largest weight rather than counting twice.
        func assign(_ entry: Int, _ label: ContentLabel, _ weight: Double) {
            let current = weights[entry][label.index]
            weights[entry][label.index] = current == 0 ? Float(weight) : max(current, Float(weight))
        }

        for definition in taxonomy.labels {
            for group in definition.lexicon {
                for term in group.terms {
                    for variant in Self.variants(of: term, plurals: group.plurals) {
                        let hashes = variant.split(separator: " ").map { Self.hash(String($0)) }
                        if hashes.count == 1 {
                            assign(wordEntry(hashes[0]), definition.label, group.weight)
                        } else {
                            let key = hashes.withUnsafeBufferPointer { TermHash.phrase($0) }
                            let entry: Int
                            if let existing = phraseEntries[key] {
                                entry = existing
                            } else {
                                weights.append(SIMD8()); flags.append(0)
                                entry = weights.count - 1
                                phraseEntries[key] = entry
                            }
                            assign(entry, definition.label, group.weight)
                            flags[wordEntry(hashes[hashes.count - 1])] |= Self.phraseFlag(length: hashes.count)
                        }
                    }
                }
            }
        }
        for unit in taxonomy.units { flags[wordEntry(Self.hash(unit.lowercased()))] |= Self.unitFlag }
        for keyword in taxonomy.codeLineKeywords { flags[wordEntry(Self.hash(keyword))] |= Self.keywordFlag }

        var wordTable = TermHashTable(capacity: wordEntries.count)
        for (hash, entry) in wordEntries { wordTable.insert(hash, value: Int32(entry)) }
        var phraseTable = TermHashTable(capacity: phraseEntries.count)
        for (hash, entry) in phraseEntries { phraseTable.insert(hash, value: Int32(entry)) }
        var latexTable = TermHashTable(capacity: taxonomy.latexCommands.count)
        for command in taxonomy.latexCommands { latexTable.insert(Self.hash(command), value: 0) }

        var mask = SIMD8<Float>(repeating: 1)
        for definition in taxonomy.labels where definition.proseOnly { mask[definition.label.index] = 0 }

        self.words = wordTable
        self.phrases = phraseTable
        self.latexCommands = latexTable
        entryCount = weights.count
        self.weights = .allocate(capacity: max(1, weights.count))
        self.weights.initialize(from: weights, count: weights.count)
        self.flags = .allocate(capacity: max(1, flags.count))
        self.flags.initialize(from: flags, count: flags.count)
        self.codeLineMask = mask
        self.repeatWeight = Float(taxonomy.repeatWeight)
    }

    deinit {
        weights.deallocate()
        flags.deallocate()
    }

    /// The term and its regular plural (`-s`, `-es` after s/x/z/ch/sh, `-ies` after consonant + y).
    static func variants(of term: String, plurals: Bool) -> [String] {
        guard plurals, !term.contains(" ") else { return [term] }
        let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
        if term.hasSuffix("y"), term.count > 1, !vowels.contains(term[term.index(term.endIndex, offsetBy: -2)]) {
            return [term, String(term.dropLast()) + "ies"]
        }
        if ["s", "x", "z", "ch", "sh"].contains(where: term.hasSuffix) { return [term, term + "es"] }
        return [term, term + "s"]
    }

    /// FNV-1a of a term as the scanner hashes words (ASCII lowercased).
    static func hash(_ term: String) -> UInt64 {
        FNV1a.hash64(lowercasingASCII: term.utf8)
    }

    /// Whether `word` would be scanned as exactly one word (so a term made of it can match).
    static func isMatchableWord<S: StringProtocol>(_ word: S) -> Bool {
        var bytes = Array(word.utf8)
        guard !bytes.isEmpty else { return false }
        return bytes.withUnsafeMutableBufferPointer { buffer in
            let bytes = UnsafeBufferPointer(buffer)
            var index = 0
            while index < bytes.count {
                let (kind, length) = CharacterClass.at(bytes, index, bytes.count)
                guard kind.isWordPart, index > 0 || kind != .digit else { return false }
                index += length
            }
            return true
        }
    }

    /// Measures `bytes[start..<end]`. `stamps` (one slot per entry, see `entryCount`) and `stamp`
    /// tell first occurrences of a term in this segment from repeats; use a new stamp per segment.
    func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int,
              stamps: UnsafeMutableBufferPointer<UInt32>, stamp: UInt32) -> SegmentEvidence {
        var scan = Scan()
        scanBytes(bytes, start, end, stamps, stamp, &scan)
        scan.finishLine(codeLineMask)
        return scan.evidence
    }

    /// Per-scan state: the evidence so far and the line being read.
    private struct Scan {
        var evidence = SegmentEvidence()
        var lineLexicon = SIMD8<Float>()
        var lineBytes = 0
        var lineWords = 0
        var lineSymbols = 0
        var lineOperators = 0
        var lineEquations = 0
        /// Single-letter names count for mathematics only on lines that are not code (`i`, `n`, `p` in a loop are not algebra).
        var lineVariables = 0
        var lineAssignment = false
        var lineCall = false
        var lineIdentifier = false
        var lineKeyword = false
        var lineLatex = false
        var lastByte: UInt8 = 0
        /// After `#` at the start of a line (`#include`), the next word may still be a keyword.
        var directive = false
        /// A word starting at or before this offset follows a number (a unit makes a measurement).
        var unitWindow = -1
        var lastWordEnd = -1
        var lastWordLength = 0
        /// The last four word hashes, most recent first, for phrase matching.
        var recent: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var recentCount = 0


        mutating func finishLine(_ codeLineMask: SIMD8<Float>) {
            defer {
                lineLexicon = SIMD8(); lineBytes = 0; lineWords = 0; lineSymbols = 0; lineOperators = 0
                lineEquations = 0; lineVariables = 0; lineAssignment = false; lineCall = false; lineIdentifier = false
                lineKeyword = false; lineLatex = false; lastByte = 0; directive = false
            }
            guard lineBytes > 0 else { return }
            var points = 0
            switch lastByte {
            case UInt8(ascii: "{"), UInt8(ascii: "}"): points += 2
            // Verse and prose end lines with `;` and `:` too, so these need a second sign.
            case UInt8(ascii: ";"), UInt8(ascii: ")"), UInt8(ascii: ":"), UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "]"): points += 1
            default: break
            }
            if lineKeyword { points += directive ? 2 : 1 }
            if lineOperators > 0 { points += lineOperators >= 2 ? 2 : 1 }
            if lineAssignment { points += 1 }
            if lineCall { points += 1 }
            if lineIdentifier { points += 1 }
            if lineBytes >= 2 && lineSymbols * 10 >= lineBytes { points += 1 }
            // Formulas look like code to every other test; LaTeX marks them as mathematics.
            if lineLatex { points -= 2 }
            evidence.nonBlankBytes += lineBytes
            if points >= 2 {
                evidence.codeBytes += lineBytes
                evidence.lexicon += lineLexicon * codeLineMask
            } else {
                evidence.lexicon += lineLexicon
                evidence.equations += lineEquations
                evidence.variables += lineVariables
            }
        }
    }

    @inline(__always)
    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
    }

    @inline(__always)
    private func addEntry(_ entry: Int, _ stamps: UnsafeMutableBufferPointer<UInt32>, _ stamp: UInt32, _ scan: inout Scan) {
        if stamps[entry] == stamp {
            scan.lineLexicon += weights[entry] * repeatWeight
        } else {
            stamps[entry] = stamp
            scan.lineLexicon += weights[entry]
        }
    }

    private func scanBytes(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                           _ stamps: UnsafeMutableBufferPointer<UInt32>, _ stamp: UInt32, _ scan: inout Scan) {
        let ascii = self.ascii
        var index = start
        while index < end {
            let (kind, length) = CharacterClass.at(bytes, index, end, ascii)
            switch kind {
            case .letter, .otherLetter, .greek, .underscore:
                index = scanWord(bytes, index, end, stamps, stamp, &scan)
            case .digit:
                index = scanNumber(bytes, index, end, &scan)
            case .newline:
                scan.finishLine(codeLineMask)
                index += 1
            case .space:
                index += length
            case .mathSymbol:
                scan.evidence.mathSymbols += 1
                scan.lineBytes += length
                scan.lastByte = 0x80
                index += length
            case .degree:
                if index <= scan.unitWindow { scan.evidence.measurements += 1; scan.unitWindow = -1 }
                scan.lineBytes += length
                scan.lastByte = 0x80
                index += length
            case .apostrophe, .curlyApostrophe, .punctuation:
                if length == 1 && bytes[index] < 0x80 {
                    index = scanPunctuation(bytes, index, end, &scan)
                } else {
                    scan.lineBytes += length
                    scan.lastByte = 0x80
                    index += length
                }
            }
        }
    }

    private func scanWord(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                          _ stamps: UnsafeMutableBufferPointer<UInt32>, _ stamp: UInt32, _ scan: inout Scan) -> Int {
        var hash = TermHash.offset
        var hashing = true
        var characters = 0
        var hasUpper = false, previousLower = false, camel = false
        var underscore = false, onlyGreek = true
        let ascii = self.ascii
        var index = start
        word: while index < end {
            // Fast path: a run of lowercase ASCII letters, the bulk of any text.
            let first = bytes[index]
            if first >= 0x61 && first <= 0x7A {
                if hashing { hash = TermHash.add(hash, first) }
                previousLower = true
                onlyGreek = false
                characters += 1
                index += 1
                continue
            }
            let (kind, length) = CharacterClass.at(bytes, index, end, ascii)
            switch kind {
            case .letter:
                let byte = bytes[index]
                if hashing { hash = TermHash.add(hash, byte | 0x20) }
                if byte < 0x61 {
                    hasUpper = true
                    if previousLower { camel = true }
                    previousLower = false
                } else {
                    previousLower = true
                }
                onlyGreek = false
            case .digit, .underscore:
                if hashing { hash = TermHash.add(hash, bytes[index]) }
                if kind == .underscore { underscore = true }
                previousLower = false
                onlyGreek = false
            case .otherLetter, .greek:
                if hashing { for offset in 0..<length { hash = TermHash.add(hash, bytes[index + offset]) } }
                if kind != .greek { onlyGreek = false }
                previousLower = false
            case .apostrophe, .curlyApostrophe:
                // An apostrophe inside a word ends what is matched but not the word.
                let next = index + length
                guard index > start, next < end, CharacterClass.at(bytes, next, end, ascii).0 == .letter else { break word }
                hashing = false
            default:
                break word
            }
            characters += 1
            index += length
        }

        let wordBytes = index - start
        scan.evidence.words += 1
        scan.lineWords += 1
        if onlyGreek && characters == 1 { scan.evidence.mathSymbols += 1 }
        if characters == 1 && wordBytes == 1 {
            let letter = bytes[start]
            let initial = letter < 0x61 && index < end && bytes[index] == UInt8(ascii: ".")
            // `1990s`, `3D`: a letter glued to a number is a suffix, not a name.
            let suffix = start > 0 && bytes[start - 1] >= 0x30 && bytes[start - 1] <= 0x39
            if letter != UInt8(ascii: "a") && letter != UInt8(ascii: "A") && letter != UInt8(ascii: "I")
                && letter != UInt8(ascii: "O") && letter != UInt8(ascii: "_") && !initial && !suffix {
                scan.lineVariables += 1
            }
        }
        if underscore && Self.isSubscriptedName(bytes, start, index) {
            // `p_1`, `x_k`, `a_ij`: how plain-text mathematics writes subscripts.
            scan.lineVariables += 1
        } else if (underscore && characters > 1) || camel {
            scan.evidence.identifiers += 1
            scan.lineIdentifier = true
        }
        let firstOnLine = scan.lineBytes == 0 || (scan.directive && scan.lineWords == 1)

        let entry = Int(words.value(for: hash))
        if entry >= 0 {
            let entryFlags = flags[entry]
            if entryFlags & Self.unitFlag != 0 && start <= scan.unitWindow { scan.evidence.measurements += 1 }
            if entryFlags & Self.keywordFlag != 0 && firstOnLine && !hasUpper { scan.lineKeyword = true }
            if weights[entry] != SIMD8() { addEntry(entry, stamps, stamp, &scan) }
            if entryFlags & 0b0011_1100 != 0 {
                for length in 2...5 where entryFlags & Self.phraseFlag(length: length) != 0 && scan.recentCount >= length - 1 {
                    let key = phraseKey(scan.recent, previous: length - 1, last: hash)
                    let phrase = Int(phrases.value(for: key))
                    if phrase >= 0 { addEntry(phrase, stamps, stamp, &scan) }
                }
            }
        }
        scan.recent = (hash, scan.recent.0, scan.recent.1, scan.recent.2)
        scan.recentCount += 1
        scan.unitWindow = -1
        scan.lineBytes += wordBytes
        scan.lastByte = bytes[index - 1]
        scan.lastWordEnd = index
        scan.lastWordLength = characters
        return index
    }

    /// One letter, `_`, then one or two letters or digits: a subscripted variable, not a program name.
    @inline(__always)
    private static func isSubscriptedName(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let length = end - start
        guard length == 3 || length == 4, bytes[start + 1] == UInt8(ascii: "_") else { return false }
        return isASCIIAlphanumeric(bytes[start]) && isASCIIAlphanumeric(bytes[start + 2]) && isASCIIAlphanumeric(bytes[end - 1])
    }

    /// The phrase key of the `previous` most recent words followed by `last`, oldest first
    /// (the same fold as `TermHash.phrase`).
    @inline(__always)
    private func phraseKey(_ recent: (UInt64, UInt64, UInt64, UInt64), previous: Int, last: UInt64) -> UInt64 {
        var hash = TermHash.phraseSeed
        if previous >= 4 { hash = TermHash.fold(hash, recent.3) }
        if previous >= 3 { hash = TermHash.fold(hash, recent.2) }
        if previous >= 2 { hash = TermHash.fold(hash, recent.1) }
        hash = TermHash.fold(hash, recent.0)
        return TermHash.fold(hash, last)
    }

    /// A number (`12`, `3.5`, `1,000`); a following `%`, `°` or unit word makes it a measurement.
    private func scanNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ scan: inout Scan) -> Int {
        var index = start + 1
        while index < end {
            let byte = bytes[index]
            if byte >= 0x30 && byte <= 0x39 {
                index += 1
            } else if (byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",")) && index + 1 < end
                        && bytes[index + 1] >= 0x30 && bytes[index + 1] <= 0x39 {
                index += 2
            } else {
                break
            }
        }
        scan.evidence.numbers += 1
        scan.lineBytes += index - start
        scan.lastByte = bytes[index - 1]
        var next = index
        if next < end && bytes[next] == 0x20 { next += 1 }
        if next < end && bytes[next] == UInt8(ascii: "%") {
            scan.evidence.percentages += 1
        } else {
            // A letter right after the digits (`10mg`) or after one space may be a unit.
            scan.unitWindow = next
        }
        return index
    }

    private func scanPunctuation(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ scan: inout Scan) -> Int {
        let byte = bytes[start]
        let next: UInt8 = start + 1 < end ? bytes[start + 1] : 0
        let previous: UInt8 = start > 0 ? bytes[start - 1] : 0
        let atLineStart = scan.lineBytes == 0
        scan.lineBytes += 1
        scan.lastByte = byte

        // Two-byte operators first; `<=` and `>=` are also relations when the line is prose.
        let pair = (UInt16(byte) << 8) | UInt16(next)
        switch pair {
        case 0x3D3D, 0x213D, 0x3A3D, 0x2B3D, 0x2D3D, 0x2A3D, 0x2F3D, 0x2626, 0x7C7C, 0x3A3A, 0x2D3E, 0x3D3E, 0x2B2B, 0x3C3C:
            // == != := += -= *= /= && || :: -> => ++ <<
            scan.evidence.codeOperators += 1
            scan.lineOperators += 1
            scan.lineSymbols += 2
            scan.lineBytes += 1
            scan.lastByte = next
            return start + 2
        case 0x3C3D, 0x3E3D:
            // <= >=
            scan.evidence.codeOperators += 1
            scan.lineOperators += 1
            scan.lineEquations += 1
            scan.lineSymbols += 2
            scan.lineBytes += 1
            scan.lastByte = next
            return start + 2
        default:
            break
        }

        switch byte {
        // Parentheses are left out of the symbol density: prose uses them as much as code.
        case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: ";"), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "*"), UInt8(ascii: "&"), UInt8(ascii: "|"):
            scan.lineSymbols += 1
        case UInt8(ascii: "("):
            if scan.lastWordEnd == start {
                scan.evidence.identifiers += 1
                scan.lineCall = true
            }
        case UInt8(ascii: "="):
            // `count = 0` and `items[i] = x` assign; `x = 4 + y` is as likely an equation.
            let afterName = scan.lastWordEnd == start || (scan.lastWordEnd == start - 1 && previous == 0x20)
            if (afterName && scan.lastWordLength >= 2) || previous == UInt8(ascii: "]") || previous == UInt8(ascii: ")") {
                scan.lineAssignment = true
            }
            scan.lineEquations += 1
        case UInt8(ascii: "<"), UInt8(ascii: ">"):
            scan.lineEquations += 1
        case UInt8(ascii: "^"):
            if (Self.isASCIIAlphanumeric(previous) || previous == UInt8(ascii: ")"))
                && (Self.isASCIIAlphanumeric(next) || next == UInt8(ascii: "{") || next == UInt8(ascii: "(")) {
                scan.evidence.mathSymbols += 1
            }
        case UInt8(ascii: "."):
            // `object.member`, not `e.g.` or the end of a sentence.
            if scan.lastWordEnd == start && scan.lastWordLength >= 2 && next >= 0x61 && next <= 0x7A {
                scan.evidence.identifiers += 1
                scan.lineIdentifier = true
            }
        case UInt8(ascii: "#"):
            if atLineStart && (next | 0x20) >= 0x61 && (next | 0x20) <= 0x7A { scan.directive = true }
        case UInt8(ascii: "\\"):
            var index = start + 1
            var hash = TermHash.offset
            while index < end, (bytes[index] | 0x20) >= 0x61, (bytes[index] | 0x20) <= 0x7A {
                hash = TermHash.add(hash, bytes[index] | 0x20)
                index += 1
            }
            if index > start + 1 {
                if latexCommands.value(for: hash) >= 0 {
                    scan.evidence.latex += 1
                    scan.lineLatex = true
                }
                scan.lineBytes += index - start - 1
                scan.lastByte = bytes[index - 1]
                return index
            }
        default:
            break
        }
        return start + 1
    }
}
