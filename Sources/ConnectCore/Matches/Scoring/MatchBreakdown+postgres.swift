import Foundation
import PostgresClient

/// Reading the `breakdown` jsonb column. Every match read decodes one, twenty per match list, and
/// Foundation's `JSONDecoder` was the largest single cost left on the explanation route (~9 % of
/// its samples) and in the capacity mix (docs/BENCHMARKS.md). So the flat shape PostgreSQL
/// writes — nine keys, integers and arrays of plain strings — is read directly, and anything
/// else (an unknown or missing key, a `\u` escape, a fraction) goes to `JSONDecoder` as before:
/// the fast path either gives what `JSONDecoder` gives or declines.
extension MatchBreakdown: PostgresNonNullDecodable {
    public init?(postgresNonNullText text: String) {
        if let fast = Self.parseFlat(text) {
            self = fast
        } else if let decoded = try? JSONDecoder().decode(MatchBreakdown.self, from: Data(text.utf8)) {
            self = decoded
        } else {
            return nil
        }
    }

    /// The fast path; `nil` when the text is not exactly the plain shape it knows.
    static func parseFlat(_ text: String) -> MatchBreakdown? {
        var text = text
        return text.withUTF8 { bytes -> MatchBreakdown? in
            var reader = FlatJSONReader(bytes: bytes)
            var numbers: [String: Int] = [:]
            var lists: [String: [String]] = [:]
            guard reader.consume(UInt8(ascii: "{")) else { return nil }
            if !reader.consume(UInt8(ascii: "}")) {
                repeat {
                    guard let key = reader.string(), reader.consume(UInt8(ascii: ":")) else { return nil }
                    if reader.peek == UInt8(ascii: "[") {
                        guard let list = reader.stringArray(), lists[key] == nil else { return nil }
                        lists[key] = list
                    } else {
                        guard let number = reader.integer(), numbers[key] == nil else { return nil }
                        numbers[key] = number
                    }
                } while reader.consume(UInt8(ascii: ","))
                guard reader.consume(UInt8(ascii: "}")) else { return nil }
            }
            guard reader.atEnd, numbers.count == 6, lists.count == 3,
                  let industry = numbers["industry"], let keywords = numbers["keywords"], let trl = numbers["trl"],
                  let organizationType = numbers["organizationType"], let rdExperience = numbers["rdExperience"],
                  let deadline = numbers["deadline"], let matchedKeywords = lists["matchedKeywords"],
                  let reasons = lists["reasons"], let cautions = lists["cautions"]
            else { return nil }
            return MatchBreakdown(
                industry: industry, keywords: keywords, trl: trl, organizationType: organizationType,
                rdExperience: rdExperience, deadline: deadline, matchedKeywords: matchedKeywords, reasons: reasons,
                cautions: cautions)
        }
    }
}

/// A cursor over JSON text that reads only integers, strings without `\u` escapes and arrays of
/// such strings; every method returns `nil` (or `false`) on anything else.
private struct FlatJSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var atEnd: Bool {
        mutating get {
            skipSpace()
            return index == bytes.count
        }
    }

    var peek: UInt8? {
        mutating get {
            skipSpace()
            return index < bytes.count ? bytes[index] : nil
        }
    }

    mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    mutating func integer() -> Int? {
        skipSpace()
        let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        let start = index
        var value = 0
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(bytes[index] - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
            index += 1
        }
        // No digits, a leading zero before more digits, or a fraction/exponent: not ours.
        guard index > start, !(bytes[start] == UInt8(ascii: "0") && index - start > 1) else { return nil }
        if index < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[index]) { return nil }
        return negative ? -value : value
    }

    mutating func string() -> String? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        var utf8: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(validating: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { return nil }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escaped)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                default: return nil  // \u escapes (and anything invalid) go to JSONDecoder
                }
            case 0..<0x20:
                return nil
            default:
                utf8.append(byte)
            }
        }
        return nil
    }

    mutating func stringArray() -> [String]? {
        guard consume(UInt8(ascii: "[")) else { return nil }
        var strings: [String] = []
        if consume(UInt8(ascii: "]")) { return strings }
        repeat {
            guard let string = string() else { return nil }
            strings.append(string)
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "]")) ? strings : nil
    }
}
