/// Replaces e-mail addresses and public IPv4 addresses by placeholders, as datatrove's
/// `PIIFormatter` does (same expressions, same placeholders, used in turn). Keeps every document;
/// counts what it replaced. The turn restarts with each document (datatrove's runs on across a
/// process's documents), so output does not depend on how documents are shared among threads.
public struct PIIMaskingRule: FilterRule {
    public var name = "pii"
    public var maskEmails = true
    public var maskIPAddresses = true
    public var onlyPublicIPAddresses = true
    public var emailReplacements = ["email@example.com", "firstname.lastname@example.org"]
    public var ipReplacements = ["22.214.171.124", "126.96.36.199", "188.8.131.52", "184.108.40.206", "220.127.116.11", "18.104.22.168"]

    public init() {}

    public var fingerprint: String {
        "pii(\(maskEmails),\(maskIPAddresses),\(onlyPublicIPAddresses),\(emailReplacements),\(ipReplacements))"
    }

    public var measures: [FilterMeasure] { [.count("emails", upTo: 1000), .count("ip_addresses", upTo: 1000)] }
    public var countNames: [String] { ["emails", "ip_addresses"] }

    public func evaluate(_ text: FilterText, exhaustive: Bool) -> RuleOutcome {
        var outcome = RuleOutcome(measureCount: 2)
        var emails = 0
        var addresses = 0
        var scalars = text.scalars
        if maskEmails && !emailReplacements.isEmpty {
            let found = scalars.withUnsafeBufferPointer { EmailAddressScanner.find($0) }
            if !found.isEmpty {
                scalars = Self.replacing(scalars, found, with: emailReplacements)
                emails = found.count
            }
        }
        if maskIPAddresses && !ipReplacements.isEmpty {
            let found = scalars.withUnsafeBufferPointer { IPv4AddressScanner.find($0) }
            // A match that is not a valid public address stays as it is (Python refuses leading zeros).
            let masked = found.filter { !$0.leadingZero && (!onlyPublicIPAddresses || IPv4AddressScanner.isGlobal($0.octets)) }.map(\.range)
            if !masked.isEmpty {
                scalars = Self.replacing(scalars, masked, with: ipReplacements)
                addresses = masked.count
            }
        }
        outcome.values = [Double(emails), Double(addresses)]
        outcome.counts = [emails, addresses]
        if emails + addresses > 0 {
            let rewritten = FilterText.string(utf8Of: scalars)
            outcome.rewrittenText = rewritten
            outcome.rewrittenScalars = scalars
        }
        return outcome
    }

    private static func replacing(_ scalars: [Unicode.Scalar], _ ranges: [Range<Int>], with replacements: [String]) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(scalars.count)
        var position = 0
        for (turn, range) in ranges.enumerated() {
            result.append(contentsOf: scalars[position..<range.lowerBound])
            result.append(contentsOf: replacements[turn % replacements.count].unicodeScalars)
            position = range.upperBound
        }
        result.append(contentsOf: scalars[position...])
        return result
    }
}
