/// What became of one record: every record read ends as exactly one outcome, which is how a run
/// proves that read = written + filtered + quarantined.
public enum Outcome: Sendable {
    case written(Document, repairedUTF8: Bool)
    /// Not a document by policy (empty, binary, a redirect …): dropped with a reason.
    case filtered(FilterReason, id: String?, location: SourceLocation, detail: String)
    /// Bad or oversized input: set aside with a reason and its location for the user to inspect.
    case quarantined(QuarantineReason, id: String?, location: SourceLocation, detail: String)
    /// Input structure that is not a document at all (a WARC request record): counted apart.
    case notADocument(kind: String)
    /// The reader met a problem in the input stream (truncation, corrupt data).
    case inputError(PriorMixError)
}

public enum FilterReason: String, Sendable, CaseIterable, Codable {
    case empty
    case binary
    case nonHTMLResponse = "non-html-response"
    case httpError = "http-error-status"
    case redirect
    case nonArticleNamespace = "non-article-namespace"
    /// An HTML page with no block of main text (only menus, link lists, boilerplate).
    case noMainContent = "no-main-content"
}

public enum QuarantineReason: String, Sendable, CaseIterable, Codable {
    case malformedJSON = "malformed-json"
    case missingText = "missing-text-field"
    case textNotString = "text-not-a-string"
    case tooLarge = "too-large"
    case lineTooLong = "line-too-long"
    case unparseableHTML = "unparseable-html"
    case malformedHTTP = "malformed-http-response"
    case notRegularFile = "not-a-regular-file"
    case unreadableRowGroup = "unreadable-row-group"
}
