import Foundation

/// The fields of an `application/x-www-form-urlencoded` body.
public struct PageForm: Sendable, Equatable {
    /// Largest form body read (sign-in, save and chat forms are far smaller).
    public static let maximumBytes = 16 * 1024

    private var fields: [String: String]

    /// An empty form (a GET).
    public init() { fields = [:] }

    /// Parses `body`; the first value of a repeated field wins, undecodable pairs are skipped.
    public init(body: String) {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), !name.isEmpty else { continue }
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            if fields[name] == nil, let value { fields[name] = value }
        }
        self.fields = fields
    }

    /// A field's value, or `nil` when the form lacks it.
    public subscript(_ name: String) -> String? { fields[name] }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
