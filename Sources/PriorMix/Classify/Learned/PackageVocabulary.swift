/// The words a learned model may use: those found in documents of at least `minimumPackages`
/// distinct packages. A word seen in one package only (an identifier, a character's name, a
/// journal's boilerplate) lets a model recognise that package rather than its category, which is
/// what a leave-package-out holdout punishes; the model trained on filtered text simply has no
/// entry for such words, so prediction needs no filter.
public struct PackageVocabulary: Sendable {
    public let words: Set<Substring>
    public let minimumPackages: Int

    /// Counts, for every space-separated word of the (already normalised) texts, the distinct
    /// packages it occurs in.
    public init(_ documents: [(text: String, package: String)], minimumPackages: Int) {
        self.minimumPackages = minimumPackages
        var packagesOfWord: [Substring: (last: String, count: Int)] = [:]
        // Package by package, so that "a different package than last time" counts each package once.
        for (text, package) in documents.sorted(by: { $0.package < $1.package }) {
            for word in text.split(separator: " ") {
                if let entry = packagesOfWord[word] {
                    if entry.last != package { packagesOfWord[word] = (package, entry.count + 1) }
                } else {
                    packagesOfWord[word] = (package, 1)
                }
            }
        }
        words = Set(packagesOfWord.filter { $0.value.count >= minimumPackages }.keys)
    }

    /// The text with the words outside the vocabulary left out (order kept).
    public func filter(_ text: String) -> String {
        guard minimumPackages > 1 else { return text }
        return text.split(separator: " ").filter { words.contains($0) }.joined(separator: " ")
    }
}
