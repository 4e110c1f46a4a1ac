import XCTest
@testable import PriorMix

/// Main-content extraction on realistic pages written for the project (Tests/Fixtures/extraction)
/// and on malformed HTML: what must be kept, what must not, and that nothing crashes or hangs.
final class MainContentTests: XCTestCase {
    static func fixture(_ name: String) throws -> [UInt8] {
        try readAllBytes(packageRoot + "/Tests/Fixtures/extraction/" + name)
    }

    static func main(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> HTMLPage {
        try XCTUnwrap(HTMLText.extract(try fixture(name), mode: .main), file: file, line: line)
    }

    func assertKeeps(_ page: HTMLPage, _ snippets: [String], drops dropped: [String],
                     file: StaticString = #filePath, line: UInt = #line) {
        for snippet in snippets { XCTAssertTrue(page.text.contains(snippet), "missing: \(snippet)\n---\n\(page.text)", file: file, line: line) }
        for snippet in dropped { XCTAssertFalse(page.text.contains(snippet), "kept: \(snippet)\n---\n\(page.text)", file: file, line: line) }
    }

    func testArticleKeepsBodyAndDropsSidebarCommentsCookieBannerAndShareButtons() throws {
        let page = try Self.main("article-sidebar-comments.html")
        assertKeeps(page, ["Tide gauges return to Port Aldous harbour\n\nAfter eleven years without a working instrument",
                           "What the sensors measure",
                           "- Air pressure and water temperature beside the gauge",
                           "\"On a spring tide with a westerly behind it",
                           "which will maintain the sensors for ten years."],
                    drops: ["We use cookies", "Accept all", "Sport", "Home", "Share on Facebook", "Photo: Harbour Authority",
                            "Related stories", "Sill dredging", "morning newsletter", "Subscribe", "About time",
                            "14 comments", "Most read", "Advertise with the Gazette", "All rights reserved", "By Mara Quill"])
        XCTAssertTrue(page.hasMainContent)
        XCTAssertEqual(page.title, "Tide gauges return to Port Aldous harbour | The Harbourview Gazette")
        XCTAssertEqual(page.canonicalURL, "https://www.harbourview-gazette.example/news/2024/04/tide-gauges-return")
        XCTAssertEqual(page.language, "en-GB")
        XCTAssertEqual(page.published, "2024-04-18T07:30:00+01:00")  // article:published_time outranks JSON-LD
        XCTAssertLessThan(page.keptCharacters, page.visibleCharacters)
    }

    func testForumThreadKeepsEveryPostAndDropsControls() throws {
        let page = try Self.main("forum-thread.html")
        assertKeeps(page, ["Stove won't prime after winter", "My white-gas stove sat in the garage all winter",
                           "Almost certainly the pump cup.", "Also throw that fuel away.", "it primes on the fifth stroke now"],
                    drops: ["Log in", "Sign up", "Suggested topics", "canister stove", "Privacy", "Like"])
        XCTAssertEqual(page.canonicalURL, "https://forum.trailfixers.example/t/stove-wont-prime-after-winter/4821")
    }

    func testRecipeKeepsIngredientsAndStepsInOrder() throws {
        let page = try Self.main("recipe.html")
        assertKeeps(page, ["Apfel-Zimt-Kuchen vom Blech", "Ein saftiger Blechkuchen für den Herbst",
                           "Zutaten\n\n- 1,5 kg säuerliche Äpfel\n- 250 g weiche Butter", "- 2 TL Zimt",
                           "1. Die Äpfel schälen", "4. Im vorgeheizten Ofen bei 180 Grad"],
                    drops: ["Backschule", "Rezept drucken", "Pinterest", "Zwetschgenkuchen", "Impressum"])
        let text = page.text
        XCTAssertLessThan(try XCTUnwrap(text.range(of: "Zutaten")).lowerBound, try XCTUnwrap(text.range(of: "Zubereitung")).lowerBound)
        XCTAssertEqual(page.language, "de")
        XCTAssertEqual(page.published, "2023-10-02")
    }

    func testDocumentationKeepsCodeVerbatimAndTableCells() throws {
        let page = try Self.main("documentation.html")
        assertKeeps(page, ["Configuring retries\n\nFerrylink retries a failed request",
                           "policy = RetryPolicy(attempts=5, first_wait=0.2, max_wait=8.0)\nclient = Client(",
                           "Parameter | Default | Meaning", "attempts | 3 | total attempts, the first one included",
                           "Set attempts=1 to turn retries off"],
                    drops: ["Installation", "API reference", "Docs »", "Previous", "Copyright"])
    }

    func testListingPageYieldsItsEntries() throws {
        let page = try Self.main("listing.html")
        assertKeeps(page, ["Walking routes in the Lenmoor valley", "An easy circuit of five kilometres along the river",
                           "A steady climb to the beacon", "Bluebells in May"],
                    drops: ["Next »", "Contact", "Maps"])
    }

    func testPageOfMenusOnlyHasNoMainContent() throws {
        let page = try Self.main("navigation-only.html")
        XCTAssertFalse(page.hasMainContent)
        XCTAssertEqual(page.text, "")
        XCTAssertGreaterThan(page.visibleCharacters, 0)
        // In "all" mode the same page keeps its visible text.
        let all = try XCTUnwrap(HTMLText.extract(try Self.fixture("navigation-only.html"), mode: .all))
        XCTAssertTrue(all.text.contains("Archive 2021"), all.text)
    }

    func testShortPageWithoutChromeIsKept() throws {
        let page = try XCTUnwrap(HTMLText.extract(Array("<html><body><p>Closed on Monday.</p></body></html>".utf8)))
        XCTAssertTrue(page.hasMainContent)
        XCTAssertEqual(page.text, "Closed on Monday.")
    }

    func testMetadataFallbacksWhenThePageStatesLess() throws {
        let html = """
            <html><head><meta http-equiv="Content-Language" content="fr-CA"><meta property="og:url" content="https://example.org/a?ref=1">
            <script type="application/ld+json">{"@context":"https://schema.org","datePublished" : "2022-11-05T08:00:00Z"}</script></head>
            <body><p>Un paragraphe assez long pour être le texte principal, avec une virgule et un point.</p></body></html>
            """
        let page = try XCTUnwrap(HTMLText.extract(Array(html.utf8)))
        XCTAssertEqual(page.language, "fr-CA")
        XCTAssertEqual(page.canonicalURL, "https://example.org/a?ref=1")
        XCTAssertEqual(page.published, "2022-11-05T08:00:00Z")
        XCTAssertEqual(page.title, "")
        let microdata = "<html><body><article><time itemprop=\"datePublished\" datetime=\"2021-02-03\">3 Feb</time>"
            + "<p>Body text that is long enough to be the article, with commas, and a full stop.</p></article></body></html>"
        XCTAssertEqual(try XCTUnwrap(HTMLText.extract(Array(microdata.utf8))).published, "2021-02-03")
    }

    // MARK: malformed input

    func testUnclosedTagsAndStrayEndTagsAreRecovered() throws {
        let html = "<html><body><div class=entry-content><p>First paragraph of the story, long enough to read as prose, with commas."
            + "<p>Second paragraph <b>never closes <i>its tags, yet it is still text</span></td></em></table>"
            + "<p>Third, after stray end tags, the story goes on in the same container.</body></html><p>After the end."
        let page = try XCTUnwrap(HTMLText.extract(Array(html.utf8)))
        assertKeeps(page, ["First paragraph of the story", "Second paragraph never closes its tags", "Third, after stray end tags"], drops: [])
    }

    func testHundredThousandLevelsOfNestingNeitherCrashNorStall() throws {
        for tag in ["div", "span", "b"] {
            let html = "<html><body>" + String(repeating: "<\(tag)>x ", count: 100_000) + "<p>The bottom of a very deep page, with a sentence.</p>"
                + String(repeating: "</\(tag)>", count: 100_000) + "</body></html>"
            for mode in ExtractionMode.allCases {
                XCTAssertNotNil(HTMLText.extract(Array(html.utf8), mode: mode), "\(tag) \(mode)")
            }
        }
    }

    /// libxml2 searches its whole open-element stack for each end tag that matches none: 100,000
    /// stray end tags under 100,000 open elements would take a minute without the work budget.
    func testStrayEndTagsUnderDeepNestingStopInsteadOfStalling() throws {
        let html = "<html><body><p>Opening words of the page, before the nesting, with a comma.</p>"
            + String(repeating: "<div>", count: 100_000) + String(repeating: "</span>", count: 100_000) + "</body></html>"
        let page = try XCTUnwrap(HTMLText.extract(Array(html.utf8)))
        XCTAssertTrue(page.text.contains("Opening words of the page"), page.text)
    }

    func testBinaryBytesInsideAPageDoNotCutItShort() throws {
        var bytes = Array("<html><body><article><p>Before the junk, a paragraph of ordinary words and commas, long enough.</p>".utf8)
        bytes += [0, 0, 0xFF, 0xFE, 0x01, 0x02, 0x80, 0x00, 0x1B, 0x9F]
        bytes += Array("<p>After the junk the story goes on, with another sentence of ordinary prose.</p></article></body></html>".utf8)
        let page = try XCTUnwrap(HTMLText.extract(bytes))
        assertKeeps(page, ["Before the junk", "After the junk the story goes on"], drops: [])
        XCTAssertNotNil(String(validating: page.text.utf8, as: UTF8.self))
    }

    func testRandomBytesNeverCrash() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15  // a fixed LCG: the same bytes every run
        for _ in 0..<50 {
            var bytes: [UInt8] = []
            for _ in 0..<4096 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let pick = UInt8(truncatingIfNeeded: state >> 56)
                bytes.append(pick % 3 == 0 ? Array("<>/p div=\"'&;".utf8)[Int(pick) % 13] : pick)
            }
            for mode in ExtractionMode.allCases { _ = HTMLText.extract(bytes, mode: mode) }
        }
    }

    func testUTF8PageDeclaredAsLatin1IsReadAsUTF8() throws {
        let html = "<html><head><meta charset=\"iso-8859-1\"></head><body><p>Zürich, Crème brûlée und Fußgängerzone: ein Satz mit Umlauten.</p></body></html>"
        let page = try XCTUnwrap(HTMLText.extract(Array(html.utf8)))
        XCTAssertEqual(page.text, "Zürich, Crème brûlée und Fußgängerzone: ein Satz mit Umlauten.")
        // Real Latin-1 bytes (not valid UTF-8) still follow the declaration.
        var latin1 = Array("<html><head><meta charset=\"iso-8859-1\"></head><body><p>Z".utf8) + [0xFC] + Array("rich</p></body></html>".utf8)
        XCTAssertEqual(try XCTUnwrap(HTMLText.extract(latin1)).text, "Zürich")
        latin1 = Array("<p>Gr".utf8) + [0xFC, 0xDF] + Array("e</p>".utf8)  // no declaration at all
        XCTAssertEqual(try XCTUnwrap(HTMLText.extract(latin1)).text, "Grüße")
    }

    // MARK: the pipeline

    func testIngestFiltersChromeOnlyPagesAndCapsRawHTMLSeparately() throws {
        let directory = try makeTemporaryDirectory(self)
        let pages = directory + "/pages"
        try FileManager.default.createDirectory(atPath: pages, withIntermediateDirectories: true)
        for name in ["article-sidebar-comments.html", "navigation-only.html"] {
            try write(try Self.fixture(name), to: pages + "/" + name)
        }
        // Over the HTML cap: quarantined unparsed. Its text alone (a few bytes) would be far below the document limit.
        try write("<html><body><p>tiny text</p><!--" + String(repeating: "x", count: 20000) + "--></body></html>", to: pages + "/padded.html")

        let (summary, documents, quarantine) = try ingest([pages], into: directory + "/out") { configuration in
            configuration.reader.maxHTMLBytes = 12000
        }
        XCTAssertBalanced(summary.totals)
        XCTAssertEqual(documents.count, 1)
        XCTAssertEqual(summary.totals.filteredByReason, ["no-main-content": 1])
        XCTAssertEqual(quarantine.map { $0["reason"] as? String }, ["too-large"])
        XCTAssertTrue((quarantine.first?["detail"] as? String ?? "").contains("--max-html-bytes 12000"))
        let metadata = try XCTUnwrap(documents[0]["metadata"] as? [String: Any])
        XCTAssertEqual(metadata["canonical_url"] as? String, "https://www.harbourview-gazette.example/news/2024/04/tide-gauges-return")
        XCTAssertEqual(metadata["language"] as? String, "en-GB")
        XCTAssertEqual(metadata["published"] as? String, "2024-04-18T07:30:00+01:00")
        XCTAssertFalse((documents[0]["text"] as? String ?? "").contains("We use cookies"))

        // The document limit applies to the extracted text: a page whose markup is far over it is kept.
        let (small, smallDocuments, _) = try ingest([pages + "/article-sidebar-comments.html"], into: directory + "/out-small") { configuration in
            configuration.reader.maxDocumentBytes = 3000
        }
        XCTAssertEqual(small.totals.written, 1, "\(small.totals)")
        XCTAssertLessThan((smallDocuments[0]["text"] as? String ?? "").utf8.count, 3000)

        // --extract all keeps today's behaviour: the title leads, the comments and cookie text stay.
        let (_, all, _) = try ingest([pages + "/article-sidebar-comments.html"], into: directory + "/out-all") { configuration in
            configuration.reader.extraction = .all
        }
        let allText = all[0]["text"] as? String ?? ""
        XCTAssertTrue(allText.hasPrefix("Tide gauges return to Port Aldous harbour | The Harbourview Gazette"), allText)
        XCTAssertTrue(allText.contains("We use cookies"))
    }

    func testExtractOptionOnTheCommandLine() throws {
        let binary = priormixBinary
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: binary), "priormix binary not built at \(binary)")
        let directory = try makeTemporaryDirectory(self)
        let page = packageRoot + "/Tests/Fixtures/extraction/navigation-only.html"
        let (main, _) = try runProcess(binary, ["ingest", page, "--no-compress", "-o", directory + "/main"])
        XCTAssertEqual(main.status, 0, main.stderr)
        XCTAssertTrue(main.stdout.contains("filtered 1 (no-main-content 1)"), main.stdout)
        let (all, _) = try runProcess(binary, ["ingest", page, "--extract", "all", "--no-compress", "-o", directory + "/all"])
        XCTAssertTrue(all.stdout.contains("written 1"), all.stdout)
        let (bad, _) = try runProcess(binary, ["ingest", page, "--extract", "everything", "-o", directory + "/bad"])
        XCTAssertEqual(bad.status, 2, bad.stderr)
    }
}
