import Foundation

extension PackageHoldout.OutOfFold {
    /// One JSON line per example (package, category, fold, the lexicon's and the learned model's
    /// log-probabilities in `CategoryTaxonomy.categoryIDs` order), so that other ways of combining
    /// the two can be studied on the same out-of-package predictions without retraining.
    public func jsonLines(_ examples: [PackageHoldout.Example]) throws -> [String] {
        struct Line: Encodable {
            var package: String
            var category: String
            var fold: Int
            var lexicon: [Double]
            var learned: [Double]?
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try examples.indices.map { index in
            let line = Line(package: examples[index].package, category: examples[index].category, fold: fold[index],
                            lexicon: lexicon[index], learned: learned[index])
            return String(decoding: try encoder.encode(line), as: UTF8.self) + "\n"
        }
    }
}
