/// The pieces behind a prediction, by the names of the `fasttext` package's calls, so they can be
/// checked one by one against it (`FastTextEmbeddingParityTests`) and looked at when a prediction
/// surprises: how a line splits into words, each word's id and subword ids, input rows, word and
/// sentence vectors. Prediction itself does not use these (it streams the same ids without arrays).
extension FastTextDictionary {
    /// A line split as fastText's `getLine` splits it (any ASCII whitespace or NUL separates
    /// tokens, and the end of the line is the token `</s>`): the words, and the labels the
    /// dictionary knows; a token that looks like a label but is unknown is dropped (`get_line`).
    public func line(_ text: String) -> (words: [String], labels: [String]) {
        var words: [String] = [], labels: [String] = []
        // Split on bytes, not Characters: "\r\n" or a space before a combining mark is one Character.
        var tokens = Array(text.utf8).split(omittingEmptySubsequences: true) { [0x20, 0x0A, 0x0D, 0x09, 0x0B, 0x0C, 0x00].contains($0) }.map(Array.init)
        tokens.append(FastTextDictionary.endOfSentence)
        for bytes in tokens {
            let token = String(decoding: bytes, as: UTF8.self)
            let id = self.id(of: bytes, hash: FastTextDictionary.hash(bytes))
            let isLabel = id.map { isLabelEntry[Int($0)] } ?? bytes.starts(with: FastTextDictionary.labelPrefix)
            if !isLabel { words.append(token) } else if id != nil { labels.append(token) }
        }
        return (words, labels)
    }

    /// The id of `word` (`get_word_id`), nil when it is not in the dictionary.
    public func wordID(_ word: String) -> Int32? {
        let bytes = Array(word.utf8)
        return id(of: bytes, hash: FastTextDictionary.hash(bytes))
    }

    /// The input rows of `word` (`get_subwords`): its own id when known, then its character
    /// n-grams' rows (none for `</s>`, or when the model has no n-grams or pruned them).
    public func subwordIDs(_ word: String) -> [Int32] {
        var ids: [Int32] = wordID(word).map { [$0] } ?? []
        let bytes = Array(word.utf8)
        if bytes != FastTextDictionary.endOfSentence { computeSubwords(bytes, into: &ids) }
        return ids
    }
}

extension FastTextModel {
    /// Input row `row` (`get_input_vector`); decoded for a quantized model.
    public func inputVector(_ row: Int) -> [Float] {
        var vector = [Float](repeating: 0, count: dimension)
        vector.withUnsafeMutableBufferPointer { input.addRow(row, to: $0.baseAddress!) }
        return vector
    }

    /// The mean of `word`'s subword rows (`get_word_vector`); zeros when it has none.
    public func wordVector(_ word: String) -> [Float] {
        // fastText averages the word's stored n-grams when it knows it, else its computed ones.
        let ids = dictionary.subwordIDs(word)
        return mean(of: ids)
    }

    /// The hidden layer of a line (`get_sentence_vector` of a supervised model): the mean of its
    /// features' input rows, in fastText's order of additions; zeros when it has no feature.
    public func sentenceVector(_ text: String) -> [Float] {
        var text = text
        var hidden = [Float](repeating: 0, count: dimension)
        guard text.withUTF8({ computeHidden($0, into: &hidden) }) else { return [Float](repeating: 0, count: dimension) }
        return hidden
    }

    private func mean(of rows: [Int32]) -> [Float] {
        var vector = [Float](repeating: 0, count: dimension)
        guard !rows.isEmpty else { return vector }
        vector.withUnsafeMutableBufferPointer { buffer in
            for row in rows { input.addRow(Int(row), to: buffer.baseAddress!) }
        }
        let scale = Float(1.0 / Double(rows.count))
        for index in vector.indices { vector[index] *= scale }
        return vector
    }
}
