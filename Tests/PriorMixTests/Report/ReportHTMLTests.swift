import XCTest
@testable import PriorMix

/// The HTML page: every number it shows is the JSON report's, and the page needs nothing else.
final class ReportHTMLTests: XCTestCase {
    /// A number element of the page: its JSON pointer, exact value, style, and the text shown.
    struct MarkedNumber {
        var tag: String
        var pointer: String
        var value: String
        var format: String
        var text: String
    }

    /// Parses the page with a small tokenizer of its own (tags, attributes, text) and returns the
    /// marked numbers, any text holding a digit outside them, and tags that do not nest.
    static func scan(_ html: String) throws -> (numbers: [MarkedNumber], unmarked: [String], nesting: [String]) {
        let tagPattern = try NSRegularExpression(pattern: #"<(/?)([A-Za-z][A-Za-z0-9]*)((?:\s+[A-Za-z][A-Za-z0-9-]*(?:="[^"]*")?)*)\s*(/?)>|<!DOCTYPE html>"#)
        let attributePattern = try NSRegularExpression(pattern: #"([A-Za-z][A-Za-z0-9-]*)="([^"]*)""#)
        let exemptTags: Set<String> = ["style", "title", "h1", "h2", "h3", "th"]
        let exemptClasses: Set<String> = ["axis", "path", "name", "range"]
        let source = html as NSString
        var stack: [(tag: String, attributes: [String: String], text: String)] = []
        var numbers: [MarkedNumber] = []
        var unmarked: [String] = []
        var nesting: [String] = []
        var position = 0
        func take(_ text: String) {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty, !stack.isEmpty else { return }
            stack[stack.count - 1].text += trimmed
            guard trimmed.contains(where: \.isNumber) else { return }
            let exempt = stack.contains { entry in
                entry.attributes["data-json"] != nil || exemptTags.contains(entry.tag)
                    || !(entry.attributes["class"] ?? "").split(separator: " ").allSatisfy { !exemptClasses.contains(String($0)) }
            }
            if !exempt { unmarked.append(trimmed) }
        }
        for match in tagPattern.matches(in: html, range: NSRange(location: 0, length: source.length)) {
            take(source.substring(with: NSRange(location: position, length: match.range.location - position)))
            position = match.range.location + match.range.length
            guard match.range(at: 2).location != NSNotFound else { continue }  // the doctype
            let closing = source.substring(with: match.range(at: 1)) == "/"
            let tag = source.substring(with: match.range(at: 2)).lowercased()
            let attributeText = source.substring(with: match.range(at: 3))
            var attributes: [String: String] = [:]
            for attribute in attributePattern.matches(in: attributeText, range: NSRange(location: 0, length: (attributeText as NSString).length)) {
                attributes[(attributeText as NSString).substring(with: attribute.range(at: 1))] = (attributeText as NSString).substring(with: attribute.range(at: 2))
                    .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
                    .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
            }
            let selfClosing = source.substring(with: match.range(at: 4)) == "/" || tag == "meta"
            func record(_ entry: (tag: String, attributes: [String: String], text: String)) {
                guard let pointer = entry.attributes["data-json"] else { return }
                numbers.append(MarkedNumber(tag: entry.tag, pointer: pointer, value: entry.attributes["data-value"] ?? "",
                                            format: entry.attributes["data-format"] ?? "",
                                            text: entry.text.replacingOccurrences(of: "&amp;", with: "&")))
            }
            if closing {
                guard let open = stack.popLast() else {
                    nesting.append("</\(tag)> closes nothing")
                    continue
                }
                if open.tag != tag { nesting.append("</\(tag)> closes <\(open.tag)>") }
                record(open)
            } else if selfClosing {
                record((tag, attributes, ""))
            } else {
                stack.append((tag, attributes, ""))
            }
        }
        nesting += stack.map { "<\($0.tag)> is not closed" }
        return (numbers, unmarked, nesting)
    }

    /// A JSON document read with `JSONDecoder`, whose numbers are exact (Foundation's
    /// `JSONSerialization` on Linux can be one unit in the last place off).
    enum JSONValue: Decodable {
        case object([String: JSONValue]), array([JSONValue]), number(Double), string(String), bool(Bool), null

        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let value = try? container.decode(Bool.self) { self = .bool(value) }
            else if let value = try? container.decode(Double.self) { self = .number(value) }
            else if let value = try? container.decode(String.self) { self = .string(value) }
            else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
            else { self = .object(try container.decode([String: JSONValue].self)) }
        }

        /// The value at an RFC 6901 pointer.
        func resolve(_ pointer: String) -> JSONValue? {
            pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().reduce(Optional(self)) { node, raw in
                let key = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
                switch node {
                case .object(let members): return members[key]
                case .array(let items): return Int(key).flatMap { items.indices.contains($0) ? items[$0] : nil }
                default: return nil
                }
            }
        }

        var number: Double? {
            if case .number(let value) = self { return value }
            return nil
        }
    }

    /// What is wrong with the page against the JSON: a marked number whose pointer does not lead
    /// to the same value, or whose text is not that value in its style; a digit outside marked
    /// numbers, headings and axis labels; tags that do not nest.
    static func problems(_ html: String, _ jsonData: Data) throws -> (numbers: [MarkedNumber], problems: [String]) {
        let json = try JSONDecoder().decode(JSONValue.self, from: jsonData)
        let (numbers, unmarked, nesting) = try scan(html)
        var problems = nesting + unmarked.map { "no JSON pointer: \($0)" }
        for number in numbers {
            guard let found = json.resolve(number.pointer)?.number else {
                problems.append("\(number.pointer) is not a number in the JSON")
                continue
            }
            if Double(number.value) != found { problems.append("\(number.pointer): data-value \(number.value), JSON \(found)") }
            guard let style = NumberStyle(rawValue: number.format) else {
                problems.append("\(number.pointer): data-format \(number.format)")
                continue
            }
            if number.tag != "rect" && number.text != style.text(found) {
                problems.append("\(number.pointer): shows \(number.text), JSON \(style.text(found))")
            }
        }
        return (numbers, problems)
    }

    static func assertPage(_ html: String, matches jsonData: Data, file: StaticString = #filePath, line: UInt = #line) throws -> [MarkedNumber] {
        let (numbers, problems) = try problems(html, jsonData)
        XCTAssertEqual(problems, [], file: file, line: line)
        return numbers
    }

    func testEveryNumberOnThePageIsTheJSONs() throws {
        let directory = try makeTemporaryDirectory(self)
        try ReportFixtures.write(ReportFixtures.annotatedLines(documents: 700, seed: 21), to: directory + "/annotated.jsonl.zst")
        try ReportFixtures.writeShardSet(in: directory)
        var reader = CorpusReportReader()
        reader.threads = 2
        let report = try reader.read(paths: [directory])
        let summary = ReportSummary(report)
        let numbers = try Self.assertPage(summary.html, matches: try report.jsonData())

        func count(_ prefix: String, tag: String) -> Int { numbers.filter { $0.tag == tag && $0.pointer.hasPrefix(prefix) }.count }
        // Every chart is there with every value: shares per category, Table 4 cells, histogram bins, targets.
        XCTAssertEqual(count("/summary/categories/", tag: "rect"), summary.categories.count * 2)
        XCTAssertEqual(count("/summary/table4/", tag: "rect"), summary.table4.count * 9)
        XCTAssertEqual(count("/summary/table4/", tag: "text"), summary.table4.count * 10)
        XCTAssertEqual(count("/summary/distributions/", tag: "rect"), 10 + 4 * 20)
        XCTAssertEqual(count("/summary/shardSets/0/", tag: "rect"), summary.shardSets[0].buckets.count * 2 + 4, "buckets and both tag targets")
        XCTAssertEqual(count("/summary/categories/", tag: "td"), summary.categories.count * 12)
        XCTAssertEqual(count("/summary/combinations/", tag: "td"), summary.combinations.count * 4)
        XCTAssertGreaterThan(summary.combinations.count, 8)
    }

    /// The check above can fail: a changed value, a changed text, an unmarked number, a broken tag.
    func testTheCheckFindsATamperedPage() throws {
        let directory = try makeTemporaryDirectory(self)
        try ReportFixtures.write(ReportFixtures.annotatedLines(documents: 100, seed: 6), to: directory + "/a.jsonl")
        let report = try CorpusReportReader().read(paths: [directory])
        let html = ReportSummary(report).html
        let json = try report.jsonData()
        XCTAssertEqual(try Self.problems(html, json).problems, [])
        let documents = ReportSummary(report).documents
        let value = "data-json=\"/summary/documents\" data-value=\"\(documents)\""
        XCTAssertTrue(html.contains(value))
        let tampered = [
            html.replacingOccurrences(of: value, with: "data-json=\"/summary/documents\" data-value=\"\(documents + 1)\""),
            html.replacingOccurrences(of: "data-format=\"count\">\(documents)</span>", with: "data-format=\"count\">\(documents + 1)</span>"),
            html.replacingOccurrences(of: "Categories</h2>", with: "Categories</h2><p>42 documents</p>"),
            html.replacingOccurrences(of: "</table>", with: "</tr>"),
        ]
        for page in tampered {
            XCTAssertNotEqual(page, html)
            XCTAssertNotEqual(try Self.problems(page, json).problems, [])
        }
    }

    func testBarsAreDrawnToScale() throws {
        let directory = try makeTemporaryDirectory(self)
        try ReportFixtures.write(ReportFixtures.annotatedLines(documents: 200, seed: 4), to: directory + "/a.jsonl")
        let html = ReportSummary(try CorpusReportReader().read(paths: [directory])).html
        let pattern = try NSRegularExpression(pattern: #"<rect [^>]*height="([0-9.]+)"[^>]*data-json="/summary/distributions/confidence/bins/[0-9]+/documents" data-value="([0-9]+)""#)
        let bars = pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)).map { match -> (Double, Double) in
            (Double((html as NSString).substring(with: match.range(at: 1)))!, Double((html as NSString).substring(with: match.range(at: 2)))!)
        }
        XCTAssertEqual(bars.count, 10)
        let tallest = try XCTUnwrap(bars.max { $0.1 < $1.1 })
        for (height, documents) in bars {
            XCTAssertEqual(height / tallest.0, documents / tallest.1, accuracy: 0.01)
        }
    }

    func testThePageIsSelfContained() throws {
        let directory = try makeTemporaryDirectory(self)
        try ReportFixtures.write(ReportFixtures.annotatedLines(documents: 50, seed: 8) + [
            #"{"text":"<script>alert(1)</script>","priormix":{"category":"<b>&\"odd\"","confidence":0.5,"bytes":5}}"#,
        ], to: directory + "/a.jsonl")
        let report = try CorpusReportReader().read(paths: [directory])
        let html = ReportSummary(report).html
        for forbidden in ["<script", "<link", " src=", "href=", "url(", "@import", "<img", "<iframe"] {
            XCTAssertFalse(html.contains(forbidden), forbidden)
        }
        XCTAssertEqual(html.components(separatedBy: "http").count - 1, html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1,
                       "the SVG namespace is the only URL")
        XCTAssertTrue(html.contains("&lt;b&gt;&amp;&quot;odd&quot;"), "a category name is escaped")
        _ = try Self.assertPage(html, matches: try report.jsonData())
    }

    func testNumberStyles() {
        XCTAssertEqual(NumberStyle.count.text(1_234_567), "1,234,567")
        XCTAssertEqual(NumberStyle.percent.text(0.12345), "12.3%")
        XCTAssertEqual(NumberStyle.decimal.text(1234.56), "1,234.6")
        XCTAssertEqual(NumberStyle.decimal.text(-0.3), "-0.3")
        XCTAssertEqual(NumberStyle.score.text(0.8125), "0.812")
        XCTAssertEqual(NumberStyle.points.text(-0.0123), "-1.2 pp")
        // Issue 16 item 19: a bucket on its target is not "-0.0 pp".
        XCTAssertEqual(NumberStyle.points.text(-0.0004), "+0.0 pp")
        XCTAssertEqual(NumberStyle.points.text(-0.0), "+0.0 pp")
        XCTAssertEqual(NumberStyle.points.text(0.0004), "+0.0 pp")
        XCTAssertEqual(NumberStyle.compact.text(9_999), "9,999")
        XCTAssertEqual(NumberStyle.compact.text(12_400), "12k")
        XCTAssertEqual(NumberStyle.compact.text(3_400_000), "3.4M")
        XCTAssertEqual(NumberStyle.score.text(nil), "-")
    }
}
