/// Counts sentences the way datatrove's `split_into_sentences` does for English: spaCy's rule-based
/// sentencizer over the tokenizer's tokens (a sentence ends after a sentence-final mark, once a
/// token that is not punctuation follows), keeping the sentences that are not blank.
public enum SpacySentenceCounter {
    /// Sentence terminals of datatrove's list that spaCy's sentencizer does not know (newer Unicode).
    private static let notInSentencizer: Set<UInt32> = [
        0x10F88, 0x11F43, 0x1B7D, 0x11EF7, 0x17D9, 0x10F56, 0x17D6, 0x2E53, 0x83E, 0x11EF8, 0x839, 0x10F89, 0x17D4,
        0x17DA, 0x16E98, 0x61E, 0x10F58, 0x1B7E, 0x10F87, 0x10F59, 0x17D5, 0x2E54, 0x11946, 0x10F86, 0x10F57, 0x61D,
        0x837, 0x83D, 0x11F44, 0x11944, 0x10F55,
    ]

    /// Sentences in `s[range]`; `tokens` is scratch space reused between calls.
    public static func count(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ range: Range<Int>, tokens: inout [SpacyWordSplitter.Token]) -> Int {
        tokens.removeAll(keepingCapacity: true)
        SpacyWordSplitter.tokenize(s, range, spaces: true, into: &tokens)
        guard !tokens.isEmpty else { return 0 }
        var sentences = 0
        var sentenceHasWord = false
        var seenPeriod = false
        for token in tokens {
            let isEndMark = token.end - token.start == 1 && isSentenceEnd(s[Int(token.start)])
            if seenPeriod && !isEndMark && !isPunctuation(s, token) {
                if sentenceHasWord { sentences += 1 }
                sentenceHasWord = false
                seenPeriod = false
            } else if isEndMark {
                seenPeriod = true
            }
            if !token.isSpace { sentenceHasWord = true }
        }
        if sentenceHasWord { sentences += 1 }
        return sentences
    }

    /// Sentences in `s[range]` (a stripped line of the text) from the text's words: spaCy splits the
    /// line into exactly the words the whole text has there, and the whitespace tokens it would
    /// add are rebuilt from the gaps between them, so the line is not split again.
    public static func count(_ s: UnsafeBufferPointer<Unicode.Scalar>, words: [SpacyWordSplitter.Token], in range: Range<Int>) -> Int {
        var low = 0
        var high = words.count
        while low < high {
            let middle = (low + high) / 2
            if Int(words[middle].start) < range.lowerBound { low = middle + 1 } else { high = middle }
        }
        var sentences = 0
        var sentenceHasWord = false
        var seenPeriod = false
        var previousEnd = -1
        var index = low
        while index < words.count, Int(words[index].end) <= range.upperBound {
            let word = words[index]
            let start = Int(word.start)
            if previousEnd >= 0 && start > previousEnd && !(s[previousEnd] == " " && start - previousEnd == 1) {
                // A whitespace token: it is not punctuation, so it ends a sentence after a period.
                if seenPeriod {
                    if sentenceHasWord { sentences += 1 }
                    sentenceHasWord = false
                    seenPeriod = false
                }
            }
            let isEndMark = word.end - word.start == 1 && isSentenceEnd(s[start])
            if seenPeriod && !isEndMark && !isPunctuation(s, word) {
                if sentenceHasWord { sentences += 1 }
                sentenceHasWord = false
                seenPeriod = false
            } else if isEndMark {
                seenPeriod = true
            }
            sentenceHasWord = true
            previousEnd = Int(word.end)
            index += 1
        }
        if sentenceHasWord { sentences += 1 }
        return sentences
    }

    @inline(__always)
    private static func isSentenceEnd(_ c: Unicode.Scalar) -> Bool {
        DatatrovePunctuation.isTerminal(c) && !notInSentencizer.contains(c.value)
    }

    /// spaCy's `is_punct`: every character of the token is of a punctuation category.
    @inline(__always)
    private static func isPunctuation(_ s: UnsafeBufferPointer<Unicode.Scalar>, _ token: SpacyWordSplitter.Token) -> Bool {
        for index in Int(token.start)..<Int(token.end) where !PythonCharacters.isPunctuationCategory(s[index]) { return false }
        return true
    }
}
