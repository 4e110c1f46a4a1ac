import XCTest
@testable import PriorMix

/// The structural signals must not fire on look-alikes: a Perl variable is not inline math, a
/// verse's "shall" is not a contract, and a question title may wrap over two lines.
final class TextSignalsTests: XCTestCase {
    private func signals(_ text: String) -> TextSignals {
        var text = text
        return text.withUTF8 { TextSignals.measure($0) { _, _ in } }
    }

    func testInlineMathCountsButShellAndPerlVariablesDoNot() {
        let perl = """
        To pad $text to $width columns, call sprintf with $pad_char and keep the result in $padded.
        my $total = $count * $price; print "$name owes $total\\n"; $seen{$key}++ for @items;
        """
        let latex = """
        Let $x$ be a root of $p(x) = x^2 - 2$. Then $\\frac{x}{2}$ is not rational, since $x^2 = 2$
        and $\\sqrt{2}$ is irrational; the same holds for $3x$ and every $k x$ with $k \\neq 0$.
        """
        XCTAssertLessThan(signals(perl)[.latexMath], 0.2)
        XCTAssertGreaterThan(signals(latex)[.latexMath], 0.9)
    }

    func testRegexEscapesAreNotLaTeXCommands() {
        let regex = #"Match digits with \d+, spaces with \s* and a word boundary with \b; split on \t or \n."#
        XCTAssertEqual(signals(regex)[.latexMath], 0)
        XCTAssertGreaterThan(signals(#"The sum \sum_{i} \alpha_i \leq \beta holds."#)[.latexMath], 0.5)
    }

    func testShallInVerseIsNotALegalClause() {
        let verse = """
        MIRANDA
        Thou shalt not weep, for we shall see the shore,
        And what we lost shall come to us once more.

        PROSPERO
        It shall be so; the tide shall turn at dawn,
        And all we feared shall with the night be gone.
        """
        let contract = """
        The Licensee shall not sublicense the Software. Notwithstanding the foregoing, the Licensor
        hereby grants the Licensee the rights set out herein, pursuant to Section 4.
        (a) The Licensee shall keep all copies under its control.
        """
        XCTAssertLessThan(signals(verse)[.legalClauses], 0.5)
        XCTAssertEqual(signals(contract)[.legalClauses], 1)
        // A speaker's name standing alone above the speech is drama.
        XCTAssertGreaterThan(signals(verse)[.dialogueNarrative], 0.15)
    }

    func testComputerAlgebraSessionsAreMathematics() {
        let session = """
        The order of the symmetric group on five points is computed directly.
        gap> Size(SymmetricGroup(5));
        120
        gp> factor(2^32 + 1)
        (%i1) integrate(sin(x), x);
        """
        XCTAssertGreaterThan(signals(session)[.mathSession], 0.9)
        XCTAssertEqual(signals("gapped lines and gpx files are not prompts.\nsagebrush grows here.")[.mathSession], 0)
    }

    func testQuestionTitleWrappingOverTwoLines() {
        let faq = """
        7.2. Can I keep my own configuration when a package upgrades the file
        that I changed?

            Yes: the package manager asks before it replaces a file you edited, and keeps
            the old one beside the new one when you choose to install the maintainer's version.
        """
        XCTAssertGreaterThanOrEqual(signals(faq)[.qaStructure], 0.5)
        let statement = "The package manager keeps edited files.\nIt asks before replacing them.\n\nWhy? Because they are yours."
        XCTAssertLessThan(signals(statement)[.qaStructure], 0.5)
    }

    func testAReferenceArticleLeadIsEncyclopedic() {
        var article = "Salt marsh\n\nA salt marsh is a coastal wetland flooded by the tides, where grasses trap silt.\n"
        XCTAssertTrue(article.withUTF8 { TextSignals.opensWithDefinition($0) })
        var lead = "Arraignment\n\nArraignment is the formal reading of a charge to the accused.\n"
        XCTAssertTrue(lead.withUTF8 { TextSignals.opensWithDefinition($0) })
        var plain = "Arraignment\n\nThe court read the charge to the accused.\n"
        XCTAssertFalse(plain.withUTF8 { TextSignals.opensWithDefinition($0) })
        var sentence = "Arraignment is the formal reading of a charge.\n\nArraignment is next.\n"
        XCTAssertFalse(sentence.withUTF8 { TextSignals.opensWithDefinition($0) }, "a sentence is not a title")
    }

    func testAnswerMarkersNeedTheirColon() {
        let abstract = """
        Storage temperature and the texture of bread.

        A loaf kept cold goes stale faster than one kept at room temperature.
        A second trial with sealed bags gave the same result.
        """
        XCTAssertEqual(signals(abstract)[.qaStructure], 0)
        let interview = "Q: Does cold storage keep bread fresh?\nA: No, it goes stale faster.\nQ: And freezing?\nA: Freezing works."
        XCTAssertGreaterThan(signals(interview)[.qaStructure], 0.9)
    }

    func testATitleThatAsksHeadsAnFAQEntryButAResearchTitleDoesNot() {
        // A numbered FAQ heading, with the no-break space such documents put after the number.
        let faq = "6.9.\u{A0}Where can I find the build scripts?\n\n    Every package ships them in its source archive.\n"
        XCTAssertEqual(signals(faq)[.questionTitle], 1)
        XCTAssertEqual(signals("How do I sort a list of records by two keys?\n\nUse a key function that returns a tuple.")[.questionTitle], 1)
        let abstract = """
        Sleep duration and blood pressure in shift workers: is there a link?

        We followed 412 nurses on rotating shifts for two years and measured blood pressure monthly.
        """
        XCTAssertEqual(signals(abstract)[.questionTitle], 0)
        XCTAssertEqual(signals("Where the river bends, the town began.\n\nIt grew slowly.")[.questionTitle], 0)
    }

    func testANoBreakSpaceSeparatesWords() {
        var words: [String] = []
        WordScanner.forEachWord("4.3.\u{A0}How\u{A0}compatible is it?") { word, _ in words.append(word) }
        XCTAssertEqual(words, ["how", "compatible", "is", "it"])
        // Other non-ASCII letters stay inside their word.
        words = []
        WordScanner.forEachWord("café naïve") { word, _ in words.append(word) }
        XCTAssertEqual(words, ["café", "naïve"])
    }
}
