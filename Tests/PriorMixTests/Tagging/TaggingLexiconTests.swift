import XCTest
@testable import PriorMix

final class TaggingLexiconTests: XCTestCase {
    static let taxonomy = try! LabelTaxonomy.load(directory: packageRoot + "/taxonomy/labels")
    let tagger = LexiconTagger(taxonomy: TaggingLexiconTests.taxonomy)

    func labels(_ text: String) -> LabelSet {
        let tags = tagger.tag(text)
        XCTAssertEqual(tags.segments.count, 1)
        return tags.segments[0].labels
    }

    func testScoresLieInTheUnitIntervalAndLabelsFollowThresholds() throws {
        let texts = ["", "x", String(repeating: "red ", count: 500), String(repeating: "{};\n", count: 300),
                     String(repeating: "\\frac{a}{b} ", count: 200), "日本語のテキスト", String(repeating: "5 mg ", count: 400)]
        for text in texts {
            for segment in tagger.tag(text).segments {
                for label in ContentLabel.allCases {
                    let score = segment.score(label)
                    XCTAssertTrue(score >= 0 && score <= 1, "\(label) \(score)")
                    XCTAssertEqual(segment.labels.contains(label), score >= Self.taxonomy.definition(label).threshold)
                }
            }
        }
    }

    func testThresholdsComeFromTheTaxonomy() {
        let text = "The old man sat on a wooden bench beside the harbour and watched the grey gulls over the water."
        let score = tagger.tag(text).segments[0].score(.visualConcept)
        var strict = Self.taxonomy
        strict.labels[ContentLabel.visualConcept.index].threshold = min(0.99, score + 0.01)
        var lenient = Self.taxonomy
        lenient.labels[ContentLabel.visualConcept.index].threshold = max(0.01, score - 0.01)
        XCTAssertFalse(LexiconTagger(taxonomy: strict).tag(text).segments[0].labels.contains(.visualConcept))
        XCTAssertTrue(LexiconTagger(taxonomy: lenient).tag(text).segments[0].labels.contains(.visualConcept))
    }

    func testDescriptiveProseIsVisualAndNotReasoning() {
        let text = """
            A tall woman in a long green coat stood at the door of the cottage. Behind her, on top of the stone wall,
            a black cat watched two boys throw a red ball across the yard, and white smoke curled from the chimney
            into the pale evening sky.
            """
        let found = labels(text)
        XCTAssertTrue(found.contains(.visualConcept))
        XCTAssertTrue(found.contains(.visualAttribute))
        XCTAssertTrue(found.contains(.visualRelationship))
        XCTAssertFalse(found.hasReasoning)
    }

    func testSourceCodeIsCodeReasoningEvenWithColourWordsInIt() {
        let text = """
            func paint(_ node: Node, color: Color) -> Bool {
                if node.color == .red && node.left?.color == .red { return false }
                let black = Color.black
                for child in node.children { child.color = black }
                return true
            }
            """
        let found = labels(text)
        XCTAssertTrue(found.contains(.codeReasoning))
        XCTAssertFalse(found.hasVisual, "words on code lines must not make a segment visual")
    }

    func testLaTeXAndProofVocabularyAreMathReasoning() {
        let text = #"""
            Lemma. For every integer $n \geq 1$ we have $\sum_{k=1}^{n} k = \frac{n(n+1)}{2}$.
            Proof. By induction on $n$. The case $n = 1$ holds. If the identity holds for $n$, adding $n + 1$
            to both sides gives $\frac{n(n+1)}{2} + n + 1 = \frac{(n+1)(n+2)}{2}$, which proves the lemma.
            """#
        let evidence = tagger.evidence(of: text)
        XCTAssertEqual(evidence.latex, 5, "\\geq, \\sum and three \\frac")
        XCTAssertEqual(evidence.codeBytes, 0, "lines with LaTeX are not code")
        XCTAssertTrue(labels(text).contains(.mathReasoning))
        XCTAssertFalse(labels(text).contains(.codeReasoning))
    }

    func testMeasurementsAndMethodAreScienceReasoning() {
        let text = """
            We hypothesized that warming slows growth. Seedlings were grown at 18 °C or 24 °C for 21 days, watered
            with 50 ml daily, and dry mass was measured to 0.1 mg. Mean mass decreased by 12% at the higher
            temperature (p < 0.01), consistent with the hypothesis; the experiment was replicated twice.
            """
        let evidence = tagger.evidence(of: text)
        XCTAssertEqual(evidence.measurements, 4, "°C twice, ml, mg")
        XCTAssertEqual(evidence.percentages, 1)
        XCTAssertTrue(labels(text).contains(.scienceReasoning))
    }

    func testPlainNewsHasNoLabel() {
        let text = """
            The council met on Tuesday and agreed to delay the vote on the new budget until next month, after
            members said they needed more time to consult residents about the proposed changes to services.
            """
        XCTAssertTrue(labels(text).isEmpty)
    }

    func testPhrasesMatchAcrossLineBreaksAndPunctuationAndPossessivesMatchTheirWord() {
        var taxonomy = Self.taxonomy
        taxonomy.labels[ContentLabel.visualRelationship.index].lexicon = [LexiconGroup(name: "test", weight: 1, terms: ["to the left of"])]
        taxonomy.labels[ContentLabel.visualConcept.index].lexicon = [LexiconGroup(name: "test", weight: 1, plurals: true, terms: ["raven", "berry"])]
        let tagger = LexiconTagger(taxonomy: taxonomy)
        let phrase = tagger.evidence(of: "It stood to the\nleft, of the door; then to the left of it.")
        XCTAssertEqual(phrase.lexicon[ContentLabel.visualRelationship.index], Float(1 + taxonomy.repeatWeight), accuracy: 1e-6)
        let words = tagger.evidence(of: "A raven's wing, two Ravens, the berries, one berry’s skin, ravenous.")
        // raven, ravens, berries, berry (curly apostrophe); "ravenous" is another word. Repeats count 0.4.
        XCTAssertEqual(words.lexicon[ContentLabel.visualConcept.index], 4, accuracy: 1e-6)
    }

    func testRepeatsOfATermCountLessThanNewTerms() {
        var taxonomy = Self.taxonomy
        taxonomy.labels[ContentLabel.visualAttribute.index].lexicon = [LexiconGroup(name: "test", weight: 1, terms: ["red", "blue"])]
        let tagger = LexiconTagger(taxonomy: taxonomy)
        let repeated = tagger.evidence(of: "red red red").lexicon[ContentLabel.visualAttribute.index]
        let distinct = tagger.evidence(of: "red blue").lexicon[ContentLabel.visualAttribute.index]
        XCTAssertEqual(repeated, Float(1 + 2 * taxonomy.repeatWeight), accuracy: 1e-6)
        XCTAssertEqual(distinct, 2)
    }

    func testStructuralSignalsCountWhatTheyDocument() {
        let code = tagger.evidence(of: "value = compute_total(items)\nif a == b && c != d { run() }\n")
        XCTAssertEqual(code.codeBytes, code.nonBlankBytes)
        XCTAssertEqual(code.codeOperators, 3)
        XCTAssertGreaterThanOrEqual(code.identifiers, 2)
        let math = tagger.evidence(of: "Let x_1 and y be reals with x ≤ y, α ∈ ℝ and x^2 = y.")
        XCTAssertEqual(math.codeBytes, 0)
        XCTAssertEqual(math.mathSymbols, 5, "≤ α ∈ ℝ ^")
        XCTAssertEqual(math.variables, 6, "x_1, then x and y twice each")
        XCTAssertEqual(math.equations, 1)
        // A letter glued to a number, the article "a" and initials are not variables.
        XCTAssertEqual(tagger.evidence(of: "In the 1990s a man named J. Smith came.").variables, 0)
    }

    func testSegmentsOfALongDocumentAreTaggedSeparately() {
        let prose = String(repeating: "The grey horse stood beside the old red barn under a pale blue sky. ", count: 60)
        let code = String(repeating: "    total += values[index] * weight;\n", count: 150)
        let tags = tagger.tag(prose + "\n\n" + code)
        XCTAssertGreaterThanOrEqual(tags.segments.count, 2)
        XCTAssertTrue(tags.segments.first!.labels.hasVisual)
        XCTAssertFalse(tags.segments.first!.labels.contains(.codeReasoning))
        XCTAssertTrue(tags.segments.last!.labels.contains(.codeReasoning))
        XCTAssertFalse(tags.segments.last!.labels.hasVisual)
        XCTAssertGreaterThan(tags.visual.share, 0)
        XCTAssertLessThan(tags.visual.share, 1)
    }
}
