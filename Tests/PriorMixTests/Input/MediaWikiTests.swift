import XCTest
@testable import PriorMix

final class MediaWikiTests: XCTestCase {
    static func page(_ title: String, id: Int, ns: Int = 0, redirect: String? = nil, text: String) -> String {
        let escaped = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        return """
              <page>
                <title>\(title)</title>
                <ns>\(ns)</ns>
                <id>\(id)</id>\(redirect.map { "\n    <redirect title=\"\($0)\" />" } ?? "")
                <revision>
                  <id>\(id * 10)</id>
                  <timestamp>2025-01-0\(id % 9 + 1)T00:00:00Z</timestamp>
                  <contributor><username>Editor</username><id>99</id></contributor>
                  <model>wikitext</model>
                  <format>text/x-wiki</format>
                  <text bytes="\(text.utf8.count)" xml:space="preserve">\(escaped)</text>
                </revision>
              </page>

            """
    }

    static func dump(_ pages: [String]) -> String {
        """
        <mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10" xml:lang="en">
          <siteinfo><sitename>Test</sitename><dbname>testwiki</dbname></siteinfo>

        """ + pages.joined() + "</mediawiki>\n"
    }

    static let article = """
        {{Infobox river
        | name = Alder
        | length = {{convert|42|km}}
        }}
        The '''Alder''' is a [[river]] in the [[Northern Hills|northern hills]].<ref>{{cite web|url=https://example.org|title=Rivers}}</ref> It is {{convert|42|km}} long.<ref name="a" />
        [[File:Alder.jpg|thumb|The river near [[Millbrook]]]]

        == Course ==
        * Rises at a ''spring''
        # Flows past [https://example.org the mill]
        <!-- hidden editor note -->
        {| class="wikitable"
        |-
        ! Town !! Bank
        |-
        | Millbrook || left
        |-
        | style="color:red" | Ashford || right
        |}
        Water&nbsp;quality is good &amp; improving.
        [[Category:Rivers]]
        [[fr:Alder (rivière)]]
        """

    func testPagesAreStreamedAndMarkupReduced() throws {
        let directory = try makeTemporaryDirectory(self)
        let xml = Self.dump([
            Self.page("Alder", id: 1, text: Self.article),
            Self.page("Alder River", id: 2, redirect: "Alder", text: "#REDIRECT [[Alder]]"),
            Self.page("Talk:Alder", id: 3, ns: 1, text: "Discussion about the article."),
        ])
        let path = directory + "/testwiki-pages-articles.xml.zst"
        try write(try zstd(Array(xml.utf8)), to: path)
        let (summary, documents, _) = try ingest([path], into: directory + "/out")
        XCTAssertBalanced(summary.totals)
        XCTAssertEqual(summary.totals.filteredByReason, ["redirect": 1, "non-article-namespace": 1])
        XCTAssertEqual(documents.count, 1)
        XCTAssertEqual(documents[0]["id"] as? String, "testwiki-pages-articles:1")
        let metadata = try XCTUnwrap(documents[0]["metadata"] as? [String: Any])
        XCTAssertEqual(metadata["title"] as? String, "Alder")
        XCTAssertEqual(metadata["page_id"] as? String, "1")
        XCTAssertEqual(documents[0]["text"] as? String, """
            Alder

            The Alder is a river in the northern hills. It is 42 km long.

            Course

            - Rises at a spring
            - Flows past the mill

            Town | Bank
            Millbrook | left
            Ashford | right

            Water quality is good & improving.
            """)
    }

    /// libxml2 parses ahead of its cursor in blocks of a few kilobytes, so pages in the block where
    /// the damage is may be lost with it; every page before that block must be kept.
    static func manyPages(_ count: Int) -> [String] {
        (1...count).map { page("Page \($0)", id: $0, text: String(repeating: "Sentence number \($0) about rivers and hills. ", count: 40)) }
    }

    func testTruncatedDumpKeepsEarlierPagesAndNamesTheLine() throws {
        let directory = try makeTemporaryDirectory(self)
        let xml = Self.dump(Self.manyPages(30))
        let cut = String(xml.prefix(xml.count - 1000))
        let path = directory + "/cut-pages-articles.xml"
        try write(cut, to: path)
        let (summary, documents, _) = try ingest([path], into: directory + "/out")
        XCTAssertGreaterThanOrEqual(documents.count, 25)
        XCTAssertLessThan(documents.count, 30)
        XCTAssertEqual(documents.first?["id"] as? String, "cut-pages-articles:1")
        XCTAssertFalse(summary.complete)
        XCTAssertTrue(summary.errors[0].hasPrefix(path + ":"), summary.errors[0])
    }

    func testMalformedXMLIsReportedNotCrashed() throws {
        let directory = try makeTemporaryDirectory(self)
        let path = directory + "/bad-pages-articles.xml"
        let xml = Self.dump(Self.manyPages(30)).replacingOccurrences(of: "<title>Page 29</title>", with: "<title>Page 29</oops>")
        try write(xml, to: path)
        let (summary, documents, _) = try ingest([path], into: directory + "/out")
        XCTAssertGreaterThanOrEqual(documents.count, 25)
        XCTAssertEqual(summary.errors.count, 1)
        XCTAssertTrue(summary.errors[0].contains("mismatch"), summary.errors[0])
    }

    /// Issue 16 item 3: a page over libxml2's 10 MB text-node limit is quarantined as too large and
    /// the pages after it are still read.
    func testHugePageIsQuarantinedAndLaterPagesAreRead() throws {
        let directory = try makeTemporaryDirectory(self)
        let huge = String(repeating: "Lorem ipsum dolor sit amet river. ", count: 330_000)  // about 11 MB
        let xml = Self.dump([Self.page("Before", id: 1, text: "A page before the huge one."),
                             Self.page("Huge", id: 2, text: huge),
                             Self.page("After", id: 3, text: "A page after the huge one.")])
        let path = directory + "/big-pages-articles.xml"
        try write(xml, to: path)
        let (summary, documents, quarantine) = try ingest([path], into: directory + "/out")
        XCTAssertBalanced(summary.totals)
        XCTAssertTrue(summary.complete, summary.errors.joined(separator: "\n"))
        XCTAssertEqual(documents.map { $0["id"] as? String }, ["big-pages-articles:1", "big-pages-articles:3"])
        XCTAssertEqual(summary.totals.quarantinedByReason, ["too-large": 1])
        XCTAssertEqual(quarantine.first?["id"] as? String, "big-pages-articles:2")
    }
}

final class WikitextTests: XCTestCase {
    func testLinksTemplatesAndFormatting() {
        XCTAssertEqual(Wikitext.plainText("[[Paris]] and [[Lyon|the city of Lyon]]s"), "Paris and the city of Lyons")
        XCTAssertEqual(Wikitext.plainText("A {{citation needed|date=2020}}claim{{efn|note {{nested}}}}."), "A claim.")
        XCTAssertEqual(Wikitext.plainText("'''Bold''' and ''italic'' and '''''both''''' — it's"), "Bold and italic and both — it's")
        XCTAssertEqual(Wikitext.plainText("Text<ref>Source {{cite}}</ref> more<ref name=x/> end"), "Text more end")
        XCTAssertEqual(Wikitext.plainText("See [[Image:A.png|thumb|A [[nested]] caption]]here"), "See here")
        XCTAssertEqual(Wikitext.plainText("Energy <math>E = mc^2</math> holds"), "Energy E = mc^2 holds")
        XCTAssertEqual(Wikitext.plainText("Line one<br />line two"), "Line one\nline two")
        XCTAssertEqual(Wikitext.plainText("__NOTOC__\nBody &ndash; text &#8212; &#x41;"), "Body – text — A")
        XCTAssertEqual(Wikitext.plainText("Unclosed {{template\nnever ends"), "Unclosed")
    }
}
