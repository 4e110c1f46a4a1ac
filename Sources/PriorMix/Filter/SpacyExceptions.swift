/// spaCy's English special cases, generated here from their patterns: contractions split into
/// their parts (`don't` → `do n't`, `cannot` → `can not`), abbreviations and emoticons kept whole
/// (`Mr.`, `e.g.`, `:)`). A special case stops affix splitting, so `e.g.` keeps its period.
/// A class: the splitter hands it to every chunk, and a struct of tables would be copied (its
/// arrays retained and released) each time. Never changed after `init`.
final class SpacyExceptions: @unchecked Sendable {
    /// Lengths (in characters) of the pieces a special string splits into.
    private var table = ScalarKeyTable<[Int]>()
    /// Special cases that affixes or infixes would split, with the piece lengths of that split:
    /// spaCy finds these again in the token stream and merges them (`(1):` → `( 1 ):`, `2t.` → `2 t.`).
    private var splitSpecials = ScalarKeyTable<(split: [Int], pieces: [Int])>()
    private var longestSplit = 0
    /// Longest special string, so longer chunks skip the lookup.
    var maximumLength: Int { table.maximumLength }

    static let english = SpacyExceptions(english: true)
    /// No special cases (how spaCy splits the special strings themselves).
    static let none = SpacyExceptions(english: false)

    /// The pieces of `scalars[range]` when it is a special case.
    @inline(__always)
    func pieces(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int) -> [Int]? {
        table.value(scalars, start, end)
    }

    @inline(__always)
    func isSpecial(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, _ start: Int, _ end: Int) -> Bool {
        table.contains(scalars, start, end)
    }

    private func add(_ parts: [String]) {
        table.insert(Array(parts.joined().unicodeScalars), parts.map { $0.unicodeScalars.count })
    }

    /// Adds the lower-case and title-case spellings of a split.
    private func addCased(_ parts: [String]) {
        add(parts)
        // Title case: the first letter up ('cause → 'Cause).
        var title = parts
        if let letter = title[0].firstIndex(where: \.isLetter) {
            title[0] = title[0][..<letter] + title[0][letter...].prefix(1).uppercased() + title[0][letter...].dropFirst()
        }
        add(title)
    }

    private init(english: Bool) {
        guard english else { return }
        let apostrophes = ["'", "’"]
        // Words that look like contractions without their apostrophe but are words of their own.
        let notContractions: Set<String> = ["ill", "its", "hell", "shell", "shed", "were", "well", "whore"]
        func contraction(_ base: String, _ tails: [String]) {
            for apostrophe in apostrophes {
                addCased([base] + tails.map { $0.hasPrefix("n") ? "n" + apostrophe + $0.dropFirst() : apostrophe + $0 })
            }
            let bare = [base] + tails.map { $0.hasPrefix("n") ? "n" + $0.dropFirst() : $0 }
            if !notContractions.contains(bare.joined()) { addCased(bare) }
        }
        // Auxiliary verbs with a negation, and with "'ve" after it.
        let negatable = ["do", "does", "did", "is", "are", "was", "were", "has", "have", "had", "could", "would", "should",
                         "might", "must", "need", "ought", "may", "dare", "ai", "ca", "wo", "sha"]
        for verb in negatable {
            contraction(verb, ["nt"])
            if !["is", "are", "was", "were", "has", "have", "ai"].contains(verb) { contraction(verb, ["nt", "ve"]) }
        }
        for modal in ["could", "would", "should", "might", "must", "not"] { contraction(modal, ["ve"]) }
        // Pronouns and question words with the verbs they absorb.
        var tails: [String: [[String]]] = [
            "i": [["m"], ["d"], ["ll"], ["ve"], ["d", "ve"], ["ll", "ve"]],
        ]
        for pronoun in ["you", "we", "they"] { tails[pronoun] = [["re"], ["ve"], ["d"], ["ll"], ["d", "ve"], ["ll", "ve"]] }
        for pronoun in ["he", "she", "it"] { tails[pronoun] = [["d"], ["ll"], ["s"], ["d", "ve"], ["ll", "ve"]] }
        for word in ["that", "there", "these", "this", "those", "what", "when", "where", "who", "why", "how"] {
            tails[word] = [["d"], ["ll"], ["re"], ["s"], ["ve"], ["d", "ve"], ["ll", "ve"]]
        }
        for (word, forms) in tails {
            for form in forms { contraction(word, form) }
        }
        for apostrophe in apostrophes {
            addCased(["let", apostrophe + "s"])
            addCased(["y" + apostrophe, "all"])
            for whole in ["ma\(apostrophe)am", "o\(apostrophe)clock", "ol\(apostrophe)", "\(apostrophe)em", "\(apostrophe)bout",
                          "\(apostrophe)nuff", "\(apostrophe)cause", "\(apostrophe)cos", "\(apostrophe)coz", "\(apostrophe)cuz",
                          "doin\(apostrophe)", "goin\(apostrophe)", "havin\(apostrophe)", "lovin\(apostrophe)",
                          "nothin\(apostrophe)", "nuthin\(apostrophe)", "somethin\(apostrophe)",
                          "\(apostrophe)s", "\(apostrophe)S", "\(apostrophe)d", "\(apostrophe)ll", "\(apostrophe)re"] {
                addCased([whole])
            }
        }
        addCased(["can", "not"]); addCased(["gon", "na"]); addCased(["got", "ta"]); addCased(["i", "m", "a"]); add(["y", "all"])
        for word in ["doin", "goin", "havin", "lovin", "nothin", "nuthin", "somethin", "ol", "em", "ll", "nuff"] { addCased([word]) }
        // Abbreviations that keep their period.
        let abbreviations = """
            Adm. Ak. Ala. Apr. Ariz. Ark. Aug. Bros. Calif. Co. Colo. Conn. Corp. D.C. Dec. Del. Dr. Feb. Fla. Ga. Gen. Gov. \
            Ia. Id. Ill. Inc. Ind. Jan. Jr. Jul. Jun. Kan. Kans. Ky. La. Ltd. Mar. Mass. Md. Messrs. Mich. Minn. Miss. Mo. \
            Mont. Mr. Mrs. Ms. Mt. N.C. N.D. N.H. N.J. N.M. N.Y. Neb. Nebr. Nev. Nov. Oct. Okla. Ore. Pa. Ph.D. Prof. Rep. \
            Rev. S.C. Sen. Sep. Sept. St. Tenn. Va. Wash. Wis. e.g. E.g. E.G. i.e. I.e. I.E. a.m. p.m. co. vs. v.s. \
            ä. ö. ü.
            """
        for word in abbreviations.split(separator: " ") { add([String(word)]) }
        for letter in "abcdefghijklmnopqrstuvwxyz" { add(["\(letter)."]) }
        // Temperatures split into degree sign, scale and period.
        for scale in "CFKcfk" { add(["°", "\(scale)", "."]) }
        for hour in 1...12 {
            for period in ["a.m.", "p.m.", "am", "pm"] { add(["\(hour)", period]) }
        }
        // Emoticons and a few fixed strings.
        let whole = """
            :) :( :-) :-( ;) ;-) :D :-D :P :-P :p :-p :/ :-/ :| :-| :] :-] :3 :o :O :-o :-O :x :X :* :-* :> :-> :} :-} \
            :)) :))) :(( :((( :-)) :-))) :-(( :-((( :() :0 :1 :-0 :-3 :-x :-X :'( :') :'-( :'-) ;D ;-D ;_; =) =( =/ =3 =D =[ =] =| \
            (: (; (= (-: (-; (o: ): )-: [: [-: [= ]= <3 <33 <333 </3 >:( >:o XD XDD xD xDD ^_^ ^__^ ^___^ -_- -__- o_o o_O O_o O_O \
            o_0 0_o 0_0 o.o o.O O.o O.O o.0 0.o 0.0 v.v V.V v_v V_V @_@ ._. (._.) <.< >.< >.> 8) 8-) 8D 8-D :o) C++ and/or '' \
            \\n \\t \\") <space> (-8 (*_*) (-_-) (>_<) (^_^) (¬_¬) (ಠ_ಠ) ><(((*>
            """
        for item in whole.split(separator: " ") { add([String(item)]) }
        var splits: [([Unicode.Scalar], [Int], [Int])] = []
        table.forEach { key, pieces in
            let tokens = SpacyWordSplitter.tokens(of: key) { SpacyWordSplitter.splitChunk($0, 0, $0.count, exceptions: .none, into: &$1) }
            if tokens.count >= 2 { splits.append((key, tokens.map { Int($0.end - $0.start) }, pieces)) }
        }
        for (key, split, pieces) in splits {
            splitSpecials.insert(key, (split, pieces))
            longestSplit = max(longestSplit, split.count)
        }
    }

    /// spaCy's special-case pass over one chunk's tokens (no space between them): runs of tokens
    /// spelling a special case split the way affixes split it become the special case's pieces;
    /// where matches overlap, the longest (then the earliest) wins, as spaCy filters them.
    func mergeSpecialSpans(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ writer: inout SpacyWordSplitter.TokenWriter, from first: Int) {
        var matches: [(start: Int, end: Int, pieces: [Int])] = []
        let tokens = writer.base
        let count = writer.count
        for start in first..<count {
            var length = 2
            while length <= longestSplit, start + length <= count {
                let textStart = Int(tokens[start].start)
                let textEnd = Int(tokens[start + length - 1].end)
                if textEnd - textStart > maximumLength { break }
                if let candidate = splitSpecials.value(s, textStart, textEnd), candidate.split.count == length {
                    var same = true
                    for offset in 0..<length where Int(tokens[start + offset].end - tokens[start + offset].start) != candidate.split[offset] { same = false; break }
                    if same { matches.append((start, start + length, candidate.pieces)) }
                }
                length += 1
            }
        }
        guard !matches.isEmpty else { return }
        // spaCy sorts by length, then by start descending, and takes from the end: longest first,
        // the earliest among equals.
        matches.sort { ($0.end - $0.start, $1.start) < ($1.end - $1.start, $0.start) }
        var seen = Set<Int>()
        var kept: [(start: Int, end: Int, pieces: [Int])] = []
        for match in matches.reversed() {
            if !seen.contains(match.start) && !seen.contains(match.end - 1) { kept.append(match) }
            for index in match.start..<match.end { seen.insert(index) }
        }
        kept.sort { $0.start < $1.start }
        var rebuilt: [SpacyWordSplitter.Token] = []
        var index = first
        for match in kept where match.start >= index {
            rebuilt.append(contentsOf: UnsafeBufferPointer(start: tokens + index, count: match.start - index))
            var position = Int(tokens[match.start].start)
            for length in match.pieces {
                rebuilt.append(SpacyWordSplitter.Token(start: Int32(position), end: Int32(position + length), isSpace: false))
                position += length
            }
            index = match.end
        }
        rebuilt.append(contentsOf: UnsafeBufferPointer(start: tokens + index, count: count - index))
        // The pieces cover the characters their tokens covered, so they fit the same room.
        writer.count = first
        for token in rebuilt { writer.append(token) }
    }

}
