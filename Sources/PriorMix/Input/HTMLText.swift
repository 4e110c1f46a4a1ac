import Foundation
import CHTMLText

/// What the HTML extractor keeps of a page.
public enum ExtractionMode: String, Sendable, CaseIterable, Codable {
    /// The page's main content: the container holding the most main text, without menus, sidebars,
    /// comments, related links, share buttons, cookie banners and footers (see `HTMLText`).
    case main
    /// All visible text minus script, style, forms, nav, aside, footer and the page-level header.
    case all
}

/// One page as the extractor returns it: text and the metadata the page states about itself.
public struct HTMLPage: Sendable, Equatable {
    public var text: String
    /// `<title>`, whitespace collapsed ("" when absent).
    public var title: String
    /// `<link rel=canonical>`, else `og:url`.
    public var canonicalURL: String
    /// `<html lang>`, else a Content-Language meta tag.
    public var language: String
    /// Publication date as the page writes it (article:published_time, microdata, JSON-LD …).
    public var published: String
    /// False when main mode found no block of main text (only menus, links, boilerplate); `text` is then "".
    public var hasMainContent: Bool
    /// Visible characters on the page and those kept.
    public var visibleCharacters: Int
    public var keptCharacters: Int
}

/// Text extraction from HTML through libxml2's forgiving SAX parser, behind the C shim.
///
/// In `.main` mode the page becomes a compact model of elements and text blocks. Every block is
/// valued by its length, link density and punctuation; blocks under page chrome — `nav`, `aside`,
/// `footer`, a page-level `header`, or class/id words such as comment, share, related, sidebar,
/// cookie, newsletter, breadcrumb, ad, promo — count against their container. The element whose
/// subtree sums highest (a small bonus for `article`, `main`, `itemprop=articleBody` and content
/// class names) is the main text; inside it chrome, captions, copyright lines and link lists are
/// dropped, and short lines are kept when the text that follows them is kept. Headings, paragraphs,
/// lists, tables and code blocks keep their layout, in reading order.
public enum HTMLText {
    private static let initialized: Void = { pm_xml_init() }()

    /// libxml2 must be initialised once before any thread parses.
    public static func initializeLibXML() { _ = initialized }

    /// The page's text and metadata, or nil when the bytes cannot be parsed at all.
    /// `encoding` is the charset the transport declared (a WARC record's HTTP header), if any.
    public static func extract(_ bytes: some Collection<UInt8>, encoding: String? = nil, mode: ExtractionMode = .main) -> HTMLPage? {
        initializeLibXML()
        var result = pm_html_page()
        let cMode = Int32(mode == .main ? PM_EXTRACT_MAIN : PM_EXTRACT_ALL)
        func run(_ buffer: UnsafeBufferPointer<UInt8>) -> Int32 {
            buffer.withMemoryRebound(to: CChar.self) { pm_html_extract_page($0.baseAddress, $0.count, encoding, cMode, &result) }
        }
        // Contiguous bytes (an array, a slice of one) are parsed where they lie, without a copy.
        let status = bytes.withContiguousStorageIfAvailable(run) ?? Array(bytes).withUnsafeBufferPointer(run)
        guard status == 0 else { return nil }
        defer { pm_html_page_free(&result) }
        let text = UTF8Repair.string(from: UnsafeBufferPointer(start: UnsafeRawPointer(result.text).assumingMemoryBound(to: UInt8.self),
                                                              count: result.text_length)).text
        func string(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
            guard let pointer else { return "" }
            return UTF8Repair.string(from: UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self),
                                                               count: strlen(pointer))).text
        }
        return HTMLPage(text: text, title: string(result.title), canonicalURL: string(result.canonical_url),
                        language: string(result.language), published: string(result.date),
                        hasMainContent: result.has_main != 0, visibleCharacters: result.total_chars, keptCharacters: result.kept_chars)
    }
}
