import XCTest
@testable import PriorMix

final class HTMLTextTests: XCTestCase {
    /// `--extract all`: every visible text in layout, minus script, style, forms and page chrome tags.
    /// On this page, where the article is all the content, main mode gives the same text.
    func testAllModeKeepsVisibleTextInLayoutAndDropsChrome() throws {
        let html = """
            <!DOCTYPE html><html><head><title>Harbour Lights</title><style>body{color:red}</style>
            <script>var tracking = "should not appear";</script></head>
            <body><header><a href="/">Home</a> <a href="/about">About us</a></header>
            <nav><ul><li>Menu item</li></ul></nav>
            <main><article><h1>Harbour   Lights</h1>
            <p>The lighthouse stands on a <b>granite</b> ledge,
               painted white with a red band.</p>
            <ul><li>Height: 31 m</li><li>Built: 1871</li></ul>
            <ol><li>Climb</li><li>Look</li></ol>
            <table><tr><th>Year</th><th>Keeper</th></tr><tr><td>1871</td><td>A. Rowe</td></tr></table>
            <pre><code>def beam(angle):
                return angle  % 360</code></pre>
            <p>Inline <code>x  =  1</code> stays.</p>
            <form><input name="email"><button>Subscribe</button>Sign up text</form>
            </article><aside>Related posts</aside></main>
            <footer>Copyright notice</footer></body></html>
            """
        let page = try XCTUnwrap(HTMLText.extract(Array(html.utf8), mode: .all))
        XCTAssertEqual(page.title, "Harbour Lights")
        XCTAssertEqual(page.text, """
            Harbour Lights

            The lighthouse stands on a granite ledge, painted white with a red band.

            - Height: 31 m
            - Built: 1871

            1. Climb
            2. Look

            Year | Keeper
            1871 | A. Rowe

            def beam(angle):
                return angle  % 360

            Inline x  =  1 stays.
            """)
        for dropped in ["tracking", "color:red", "Home", "Menu item", "Subscribe", "Sign up", "Related posts", "Copyright"] {
            XCTAssertFalse(page.text.contains(dropped), dropped)
        }
        XCTAssertEqual(try XCTUnwrap(HTMLText.extract(Array(html.utf8), mode: .main)).text, page.text)
    }

    func testBrokenHTMLIsRecoveredNotRejected() throws {
        let html = "<html><body><p>Unclosed paragraph <b>bold <i>both</p><div>after the <span>mess"
        let page = try XCTUnwrap(HTMLText.extract(Array(html.utf8)))
        XCTAssertTrue(page.text.contains("Unclosed paragraph bold both"), page.text)
        XCTAssertTrue(page.text.contains("after the mess"), page.text)
    }

    func testDeclaredCharsetIsHonoured() throws {
        var bytes = Array("<html><head><meta charset=\"iso-8859-1\"><title>Caf".utf8)
        bytes += [0xE9] + Array("</title></head><body><p>Cr".utf8) + [0xE8] + Array("me br".utf8) + [0xFB] + Array("l".utf8) + [0xE9, 0x65] + Array("</p></body></html>".utf8)
        let page = try XCTUnwrap(HTMLText.extract(bytes))
        XCTAssertEqual(page.title, "Café")
        XCTAssertTrue(page.text.contains("Crème brûlée"), page.text)
        // The transport's charset (as a WARC HTTP header gives it) is used when passed.
        let page2 = try XCTUnwrap(HTMLText.extract(Array("<p>na".utf8) + [0xEF] + Array("ve</p>".utf8), encoding: "iso-8859-1"))
        XCTAssertEqual(page2.text, "naïve")
    }

    func testDeeplyNestedPageDoesNotCrash() throws {
        let html = String(repeating: "<div>", count: 50_000) + "deep text" + String(repeating: "</div>", count: 50_000)
        for mode in ExtractionMode.allCases {
            let page = try XCTUnwrap(HTMLText.extract(Array(html.utf8), mode: mode))
            XCTAssertEqual(page.text, "deep text", "\(mode)")
        }
    }

    func testHTMLFilesAreIngestedWithTitleMetadata() throws {
        let directory = try makeTemporaryDirectory(self)
        try write("<html><head><title>Notes</title></head><body><h1>Notes</h1><p>Short page.</p></body></html>", to: directory + "/notes.html")
        try write("<html><body><script>only script</script></body></html>", to: directory + "/empty.html")
        let (summary, documents, _) = try ingest([directory + "/notes.html", directory + "/empty.html"], into: directory + "/out")
        XCTAssertEqual(documents.count, 1)
        XCTAssertEqual(documents[0]["text"] as? String, "Notes\n\nShort page.")
        XCTAssertEqual((documents[0]["metadata"] as? [String: Any])?["title"] as? String, "Notes")
        XCTAssertEqual(summary.totals.filteredByReason, ["empty": 1])
    }
}
