/// An error that names where it happened and what to do about it. Every PriorMix stage reports
/// failures with this type so the CLI can print one consistent, actionable line.
public struct PriorMixError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Code: String, Sendable {
        case usage
        case io
        case truncatedInput = "truncated-input"
        case corruptInput = "corrupt-input"
        case unsupportedInput = "unsupported-input"
        case malformedInput = "malformed-input"
        case internalFailure = "internal"
    }

    public var code: Code
    public var message: String
    public var file: String?
    public var line: Int?
    /// Byte offset in the file (for compressed inputs: in the compressed file unless the message says otherwise).
    public var offset: Int?
    public var hint: String?

    public init(_ code: Code, _ message: String, file: String? = nil, line: Int? = nil, offset: Int? = nil, hint: String? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.offset = offset
        self.hint = hint
    }

    /// `file:line: message (at byte N); hint`, in the style compilers use so editors can jump there.
    public var description: String {
        var text = ""
        if let file {
            text += file
            if let line { text += ":\(line)" }
            text += ": "
        }
        text += message
        if let offset { text += " (at byte \(offset))" }
        if let hint { text += "; \(hint)" }
        return text
    }
}

extension PriorMixError {
    /// A value taken from the input, fit to quote in a message: control characters escaped, cut at
    /// `limit` characters (a stray line can be megabytes, a newline could fake another message).
    public static func excerpt(_ value: some StringProtocol, limit: Int = 60) -> String {
        var text = ""
        var count = 0
        for scalar in value.unicodeScalars {
            if count == limit { return text + "…" }
            text += scalar.value < 0x20 || scalar.value == 0x7F ? scalar.escaped(asASCII: true) : String(scalar)
            count += 1
        }
        return text
    }
}
