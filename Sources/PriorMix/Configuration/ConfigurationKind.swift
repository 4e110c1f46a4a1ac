/// Which kind of configuration file is being read, so an error says "recipe" for a recipe and
/// "label taxonomy" for a label file rather than one word for all of them.
public enum ConfigurationKind: String, Sendable {
    case taxonomy = "taxonomy"
    case sources = "source mapping"
    case labels = "label taxonomy"
    case recipe = "recipe"
    case learnedLexicon = "learned lexicon"
    case filterRules = "filter rules"

    /// What the user is pointed to when the file does not parse.
    var guide: String {
        switch self {
        case .taxonomy, .sources: return "see the comments at the top of taxonomy/categories.yaml"
        case .labels: return "see taxonomy/labels/README.md"
        case .recipe: return "see taxonomy/recipes/custom-example.yaml"
        case .learnedLexicon: return "regenerate it with priormix classifier learn-lexicon"
        case .filterRules: return "see taxonomy/filters/README.md"
        }
    }
}
