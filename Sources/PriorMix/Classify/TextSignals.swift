/// Structural signals of a text, each scaled to about [0, 1], measured in one `WordScanner` pass.
/// They carry what word lists miss: code syntax, LaTeX, citations, Q&A layout, legal clauses,
/// recipe quantities, dialogue and drama, web boilerplate, measurements, encyclopedic dates,
/// sessions of computer-algebra systems, and a title that asks a question.
public struct TextSignals: Sendable, Equatable {
    public enum Signal: String, CaseIterable, Sendable {
        case codeSyntax = "code_syntax"
        case latexMath = "latex_math"
        case citations
        case qaStructure = "qa_structure"
        case legalClauses = "legal_clauses"
        case recipe
        case dialogueNarrative = "dialogue_narrative"
        case webBoilerplate = "web_boilerplate"
        case numbersUnits = "numbers_units"
        case encyclopedicStyle = "encyclopedic_style"
        case mathSession = "math_session"
        case questionTitle = "question_title"
    }

    public var values: [Double]
    public var wordCount: Int

    public subscript(_ signal: Signal) -> Double { values[Signal.allCases.firstIndex(of: signal)!] }

    /// What a word can mark, as bits: one table lookup per word answers every question below.
    struct WordFlags: OptionSet {
        let rawValue: Int32
        static let legal = WordFlags(rawValue: 1 << 0)
        static let narrative = WordFlags(rawValue: 1 << 1)
        static let citation = WordFlags(rawValue: 1 << 2)
        static let web = WordFlags(rawValue: 1 << 3)
        static let encyclopedic = WordFlags(rawValue: 1 << 4)
        static let codeLineStart = WordFlags(rawValue: 1 << 5)
        static let recipeUnit = WordFlags(rawValue: 1 << 6)
        static let cookingVerb = WordFlags(rawValue: 1 << 7)
        static let measureUnit = WordFlags(rawValue: 1 << 8)
        static let questionWord = WordFlags(rawValue: 1 << 9)
        static let pronoun = WordFlags(rawValue: 1 << 10)
        static let et = WordFlags(rawValue: 1 << 11)
        static let al = WordFlags(rawValue: 1 << 12)
        static let isOrWas = WordFlags(rawValue: 1 << 13)
        static let article = WordFlags(rawValue: 1 << 14)
        static let shall = WordFlags(rawValue: 1 << 15)
        static let interrogative = WordFlags(rawValue: 1 << 16)
    }

    static let flags: TermHashTable = {
        var entries: [UInt64: Int32] = [:]
        func add(_ words: String, _ flag: WordFlags) {
            for word in words.split(separator: " ") { entries[WordScanner.hash(Array(word.utf8)), default: 0] |= flag.rawValue }
        }
        add("shall", .shall)
        add("hereby herein hereof thereof hereto hereinafter whereas pursuant notwithstanding thereunder", .legal)
        add("said says asked replied cried whispered exclaimed answered murmured shouted sighed", .narrative)
        add("doi arxiv ibid pp vol eds", .citation)
        add("http https www com html cookie cookies login subscribe newsletter", .web)
        add("born died", .encyclopedic)
        add("def class func fn import from include return if elif else for while var let const public private protected "
            + "static package use using namespace struct enum impl try except catch switch case break continue print printf "
            + "println echo function async await yield lambda typedef template module export require int void char bool "
            + "float double string auto val go defer select end do then fi done", .codeLineStart)
        add("cup cups tbsp tsp tablespoon tablespoons teaspoon teaspoons g kg ml l oz lb lbs pound pounds pinch clove cloves "
            + "slice slices gram grams litre liter minutes min hours", .recipeUnit)
        add("preheat mix stir add bake combine whisk chop season serve heat pour place cook simmer boil fry roast knead melt "
            + "sprinkle drain blend fold beat slice cut", .cookingVerb)
        add("mg ml kg mm cm nm km mmol mol ppm hz khz mhz ghz kda bp ms µg μg iu mmhg", .measureUnit)
        add("question answer faq", .questionWord)
        add("how what why where when which who whom whose whats can could is are am was does do did should would will "
            + "may might must has have any", .interrogative)
        add("he she him her his hers", .pronoun)
        add("et", .et)
        add("al", .al)
        add("is was", .isOrWas)
        add("a an", .article)
        var table = TermHashTable(capacity: entries.count)
        for (hash, value) in entries { table.insert(hash, value: value) }
        return table
    }()

    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 97 && (byte | 0x20) <= 122 }
    @inline(__always) static func isIdentifier(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
    }

    /// A reference article's lead: a title line, then a paragraph that opens with the title's first
    /// word and defines it ("Arraignment\n\nArraignment is a formal reading …").
    static func opensWithDefinition(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        func line(from start: Int) -> Range<Int> {
            var end = start
            while end < text.count, text[end] != 0x0A { end += 1 }
            return start..<end
        }
        func nextNonBlank(after index: Int) -> Int? {
            var index = index
            while index < text.count, text[index] == 0x0A || text[index] == 0x20 || text[index] == 0x0D { index += 1 }
            return index < text.count ? index : nil
        }
        func skipArticle(_ start: Int) -> Int {
            for article in ["a ", "an ", "the "] where start + article.utf8.count < text.count
                && text[start..<start + article.utf8.count].map(WordScanner.lowercase).elementsEqual(article.utf8) {
                return start + article.utf8.count
            }
            return start
        }
        guard let titleStart = nextNonBlank(after: 0) else { return false }
        let title = line(from: titleStart)
        guard title.count >= 2, title.count <= 80, !".?!:;,".utf8.contains(text[title.upperBound - 1]),
              let leadStart = nextNonBlank(after: title.upperBound) else { return false }
        var wordEnd = title.lowerBound
        while wordEnd < title.upperBound, WordScanner.isWordByte(text[wordEnd]) { wordEnd += 1 }
        let firstWord = text[title.lowerBound..<wordEnd].map(WordScanner.lowercase)
        let lead = line(from: leadStart)
        let subject = skipArticle(leadStart)  // "A salt marsh is …" under "Salt marsh"
        guard !firstWord.isEmpty, subject + firstWord.count < lead.upperBound,
              text[subject..<subject + firstWord.count].map(WordScanner.lowercase) == firstWord else { return false }
        let opening = Array(text[lead.lowerBound..<min(lead.upperBound, lead.lowerBound + 200)])
        return [" is ", " was ", " are ", " were ", " refers "].contains { verb in
            opening.count >= verb.utf8.count && (0...(opening.count - verb.utf8.count)).contains { opening[$0..<$0 + verb.utf8.count].elementsEqual(verb.utf8) }
        }
    }

    /// "(a)", "(iv)", "(12)" or "Section 4" opening a line; "(see 6.4)" or "( function )" do not.
    static func startsWithClauseNumber(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let start = range.lowerBound
        if text[start] == 0x28 {
            var end = start + 1
            while end < range.upperBound, end - start <= 5, isLetter(text[end]) || (text[end] >= 0x30 && text[end] <= 0x39) { end += 1 }
            return end > start + 1 && end - start <= 5 && end < range.upperBound && text[end] == 0x29
        }
        return range.count > 8 && (text[start] | 0x20) == 0x73
            && text[start + 1..<start + 8].elementsEqual(Array("ection ".utf8))
    }

    /// Prompts of computer-algebra and numerics systems that open a line of a session transcript.
    static let mathPrompts: [[UInt8]] = ["gap>", "gp>", "gp >", "sage:", "(%i", "(%o", "maxima>", "magma>", "In[", "Out[",
                                         "octave:", "julia>", "ans =", "M2>", "singular>", "pari>"].map { Array($0.utf8) }

    static func startsWithMathPrompt(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let first = text[range.lowerBound]
        return mathPrompts.contains { prompt in
            prompt[0] == first && prompt.count <= range.count
                && text[range.lowerBound..<range.lowerBound + prompt.count].elementsEqual(prompt)
        }
    }

    /// Measures every signal; `onWord` sees each word too, so the lexicon shares the pass.
    static func measure(_ text: UnsafeBufferPointer<UInt8>, onWord: (WordScanner.Word, UInt64) -> Void) -> TextSignals {
        // Once per text: a static read in the word loop checks its initialisation at every word.
        let flags = Self.flags
        var words = 0
        var legal = 0, shall = 0, narrative = 0, citation = 0, web = 0, encyclopedic = 0
        var codeSymbols = 0, nonSpace = 0, latex = 0, questionMarks = 0, sentenceEnds = 0, quotes = 0
        var pipes = 0, percent = 0, brackets = 0
        var lines = 0, codeLines = 0, questionLines = 0, shortLines = 0, qaLines = 0, speakerLines = 0, cookingLines = 0, legalNumbering = 0
        var quantities = 0, measurements = 0, pronounCount = 0, etAl = 0, isA = 0, years = 0
        var previousFlags = WordFlags()
        var lineStartsWithCodeWord = false, lineHasCodeSymbol = false
        var lineWords = 0
        var previousLineBlank = true, currentLineStart = 0
        var openingQuestion = false, seenFirstLine = false, opensWithInterrogative = false
        // The opening paragraph: a title that wraps over two lines still ends with its "?".
        var openingParagraphLength = 0, openingParagraphOpen = true
        var mathPrompts = 0
        // A "$" that can open inline math, and where; a closing "$" later on the line makes a pair.
        var openDollar = -1

        WordScanner.scan(text, word: { word in
            words += 1
            lineWords += 1
            let raw = flags.value(for: word.hash)
            let found = raw > 0 ? WordFlags(rawValue: raw) : WordFlags()
            if words == 1 { opensWithInterrogative = found.contains(.interrogative) }
            if !found.isEmpty {
                if found.contains(.legal) { legal += 1 }
                if found.contains(.shall) { shall += 1 }
                if found.contains(.narrative) { narrative += 1 }
                if found.contains(.citation) { citation += 1 }
                if found.contains(.web) { web += 1 }
                if found.contains(.encyclopedic) { encyclopedic += 1 }
                if word.atLineStart {
                    if found.contains(.codeLineStart) { lineStartsWithCodeWord = true }
                    if found.contains(.questionWord) { qaLines += 1 }
                    if found.contains(.cookingVerb) { cookingLines += 1 }
                }
                if word.afterNumber {
                    if found.contains(.recipeUnit) { quantities += 1 }
                    if found.contains(.measureUnit) { measurements += 1 }
                }
                if found.contains(.pronoun) { pronounCount += 1 }
                if previousFlags.contains(.et) && found.contains(.al) { etAl += 1 }
                if previousFlags.contains(.isOrWas) && found.contains(.article) { isA += 1 }
            }
            previousFlags = found
            onWord(word, word.hash)
        }, character: { byte, index in
            nonSpace += 1
            switch byte {
            case 0x7B, 0x7D, 0x3B, 0x3D, 0x3C, 0x3E, 0x5B, 0x5D, 0x28, 0x29, 0x26, 0x2A:  // { } ; = < > [ ] ( ) & *
                // Operators prose rarely has: = and ; anywhere, an empty call "()", an arrow "->".
                let next = index + 1 < text.count ? text[index + 1] : 0
                if byte == 0x3D || byte == 0x3B || (byte == 0x28 && next == 0x29) || (byte == 0x3E && index > 0 && text[index - 1] == 0x2D) {
                    lineHasCodeSymbol = true
                    codeSymbols += 1
                }
                if byte == 0x5B { brackets += 1 }
            case 0x5C:
                // A LaTeX command (\frac, \alpha) has two letters or more; regex and string escapes
                // (\d, \n) have one.
                if index + 2 < text.count, isLetter(text[index + 1]), isLetter(text[index + 2]) { latex += 1 }
            case 0x5E: latex += 1  // ^
            case 0x24:
                // "$x^2$" is math; "$name" in Perl or shell is a variable. A closing "$" follows a
                // non-space and is not followed by an identifier, which a variable's "$" always is.
                let previous = index > 0 ? text[index - 1] : 0x20
                let next = index + 1 < text.count ? text[index + 1] : 0x20
                if openDollar >= 0, previous != 0x20, !isIdentifier(next), next != 0x7B, next != 0x24 {
                    latex += 2
                    openDollar = -1
                } else {
                    openDollar = index
                }
            case 0x3F:
                questionMarks += 1; sentenceEnds += 1
                // A question that opens a paragraph and ends its line: an FAQ heading or thread title.
                if (index + 1 == text.count || text[index + 1] == 0x0A) && previousLineBlank && index - currentLineStart < 150 { questionLines += 1 }
            case 0x2E, 0x21: sentenceEnds += 1
            case 0x22: quotes += 1
            case 0x7C: pipes += 1
            case 0x25: percent += 1
            case 0x30...0x39:
                // Four-digit years between 1000 and 2099.
                if index + 4 <= text.count, index == 0 || !(text[index - 1] >= 0x30 && text[index - 1] <= 0x39) {
                    let d = text[index]
                    if (d == 0x31 || d == 0x32), index + 4 == text.count || !(text[index + 4] >= 0x30 && text[index + 4] <= 0x39),
                       (index + 1..<index + 4).allSatisfy({ text[$0] >= 0x30 && text[$0] <= 0x39 }) {
                        years += 1
                    }
                }
            case 0xE2:  // “ ” ‘ ’ and math symbols start with E2 in UTF-8
                if index + 2 < text.count {
                    let second = text[index + 1]
                    if second == 0x80 { quotes += 1 } else if second == 0x88 || second == 0x89 { latex += 1 }
                }
            default: break
            }
            if byte == 0xC2, index + 1 < text.count, text[index + 1] == 0xA7 { legalNumbering += 1 }  // §
        }, line: { range in
            let length = range.count
            if length > 0 && !seenFirstLine {
                // A title that asks something ("How can I …?", "5.4. Why does …?"): an FAQ or a thread.
                seenFirstLine = true
                openingQuestion = length < 200 && range.contains { text[$0] == 0x3F }
            }
            if seenFirstLine && openingParagraphOpen {
                if length == 0 || openingParagraphLength > 300 {
                    openingParagraphOpen = false
                } else {
                    openingParagraphLength += length
                    if text[range.upperBound - 1] == 0x3F && openingParagraphLength < 300 { openingQuestion = true }
                }
            }
            if length > 0 {
                lines += 1
                let first = text[range.lowerBound]
                let last = text[range.upperBound - 1]
                let endsLikeCode = last == 0x3B || last == 0x7B || last == 0x7D || (last == 0x3A && lineStartsWithCodeWord) || (last == 0x29 && lineHasCodeSymbol)
                let indented = first == 0x20 || first == 0x09
                if (lineStartsWithCodeWord && (lineHasCodeSymbol || endsLikeCode)) || (endsLikeCode && lineHasCodeSymbol) || (indented && lineHasCodeSymbol) {
                    codeLines += 1
                }
                if length < 40 { shortLines += 1 }
                if TextSignals.startsWithMathPrompt(text, range) { mathPrompts += 1 }
                // "Q:" and "A:" markers; a sentence that merely opens with "A" is not one.
                if length >= 2, first == 0x51 || first == 0x41, text[range.lowerBound + 1] == 0x3A { qaLines += 1 }
                if lineWords >= 1, first >= 65, first <= 90 {
                    var end = range.lowerBound
                    while end < range.upperBound, (text[end] >= 65 && text[end] <= 90) || text[end] == 0x20 { end += 1 }
                    // "HAMLET." or "NURSE:" opening a line, or "CRANMER" standing alone above a speech.
                    if end - range.lowerBound >= 3, end < range.upperBound ? text[end] == 0x2E || text[end] == 0x3A : length <= 30 {
                        speakerLines += 1
                    }
                }
                if TextSignals.startsWithClauseNumber(text, range) { legalNumbering += 1 }
            }
            lineStartsWithCodeWord = false
            lineHasCodeSymbol = false
            openDollar = -1
            lineWords = 0
            previousLineBlank = range.allSatisfy { text[$0] == 0x20 || text[$0] == 0x09 || text[$0] == 0x0D }
            currentLineStart = range.upperBound + 1
        })
        let per100 = 100.0 / Double(max(words, 20))
        let lineCount = Double(max(lines, 1))
        func clamp(_ x: Double) -> Double { min(1, max(0, x)) }

        let codeLineShare = Double(codeLines) / max(lineCount, 3)
        let symbolDensity = Double(codeSymbols) / Double(max(words, 20))
        var values = [Double](repeating: 0, count: Signal.allCases.count)
        values[0] = clamp(0.7 * clamp(codeLineShare * 1.5) + 0.3 * clamp(symbolDensity / 0.15))
        values[1] = clamp(Double(latex) * per100 / 6)
        values[2] = clamp((Double(etAl) * 2 + Double(brackets) * 0.5 + Double(citation) + Double(years) * 0.3) * per100 / 3)
        // Questions standing as their own line (FAQ headings, thread titles) and Q:/A: markers.
        values[3] = clamp(0.7 * clamp(Double(qaLines + questionLines) / lineCount * 5) + 0.3 * clamp(Double(questionMarks) / Double(max(sentenceEnds, 1)) * 1.5)
                          + (openingQuestion ? 0.4 : 0))
        // "shall" is also verse and scripture: it counts only beside other legal words.
        values[4] = clamp((Double(legal) * 1.5 + Double(min(shall, 2 * legal)) + Double(legalNumbering)) * per100 / 2)
        values[5] = clamp(Double(quantities + cookingLines) / lineCount * 1.5)
        // "said" counts as dialogue only beside quotation marks: without them it is reported speech (news).
        let quotedNarrative = min(Double(narrative), Double(quotes) / 2)
        values[6] = clamp(0.35 * clamp(Double(quotes) * per100 / 4) + 0.25 * clamp(quotedNarrative * per100 / 1.5)
                              + 0.2 * clamp(Double(pronounCount) * per100 / 6) + 0.2 * clamp(Double(speakerLines) / lineCount * 4))
        values[7] = clamp(0.5 * clamp(Double(web) * per100 / 2) + 0.25 * clamp(Double(shortLines) / lineCount - 0.3) + 0.25 * clamp(Double(pipes) * per100 / 3))
        values[8] = clamp((Double(measurements) * 2 + Double(percent)) * per100 / 3)
        values[9] = clamp((Double(isA) * 2 + Double(years) * 0.6 + Double(encyclopedic)) * per100 / 3
                          + (opensWithDefinition(text) ? 0.5 : 0))
        values[10] = clamp(Double(mathPrompts) / lineCount * 8)
        // A title that opens by asking ("How do I …?", "4.3. What is …?") heads an FAQ entry or a thread,
        // whatever its topic; a research title with a question after its colon ("Strain and
        // hypertension: is there a link?") does not count.
        values[11] = openingQuestion && opensWithInterrogative ? 1 : 0
        return TextSignals(values: values, wordCount: words)
    }
}
