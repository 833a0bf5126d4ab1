import Foundation
import NIOCore

/// JSON written straight into a `ByteBuffer`, byte for byte what `JSONEncoder.api` writes (the
/// caller writes keys in sorted order; `nil` optionals are left out; dates in ISO 8601 without
/// fractions; UUIDs upper-case), for the hot responses where Foundation's encoder was most of
/// the work (docs/BENCHMARKS.md). `JSONBodyWriterTests` compare the two.
struct JSONBodyWriter {
    private(set) var buffer: ByteBuffer
    /// Per open object or array: whether the next member is its first.
    private var isFirst: [Bool] = []

    init(capacity: Int = 1024) {
        buffer = ByteBuffer()
        buffer.reserveCapacity(capacity)
    }

    // MARK: - Structure

    mutating func object(_ body: (inout JSONBodyWriter) -> Void) {
        separate()
        buffer.writeInteger(UInt8(ascii: "{"))
        isFirst.append(true)
        body(&self)
        isFirst.removeLast()
        buffer.writeInteger(UInt8(ascii: "}"))
    }

    mutating func array<Element>(_ elements: some Sequence<Element>, _ write: (inout JSONBodyWriter, Element) -> Void) {
        separate()
        buffer.writeInteger(UInt8(ascii: "["))
        isFirst.append(true)
        for element in elements { write(&self, element) }
        isFirst.removeLast()
        buffer.writeInteger(UInt8(ascii: "]"))
    }

    /// A member's key; its value follows.
    mutating func key(_ name: StaticString) {
        separate()
        buffer.writeInteger(UInt8(ascii: "\""))
        buffer.writeStaticString(name)
        buffer.writeStaticString("\":")
        isFirst[isFirst.count - 1] = true  // the value that follows takes no comma
    }

    /// Writes a comma unless this is the first member of its container.
    private mutating func separate() {
        guard let first = isFirst.last else { return }
        if first {
            isFirst[isFirst.count - 1] = false
        } else {
            buffer.writeInteger(UInt8(ascii: ","))
        }
    }

    // MARK: - Values

    mutating func string(_ value: String) {
        separate()
        Self.appendQuoted(value, to: &buffer)
    }

    mutating func integer(_ value: some BinaryInteger) {
        separate()
        buffer.writeString(String(value))
    }

    /// A finite number as Foundation writes it: integral values without a fraction (`12`, not
    /// `12.0`), others in Swift's shortest round-tripping form (`0.1`, `1e-05`).
    mutating func number(_ value: Double) {
        separate()
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        buffer.writeString(text)
    }

    mutating func uuid(_ value: UUID) {
        separate()
        buffer.writeInteger(UInt8(ascii: "\""))
        buffer.writeString(value.uuidString)
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    mutating func date(_ value: Date) {
        separate()
        buffer.writeInteger(UInt8(ascii: "\""))
        Self.appendISO8601(value, to: &buffer)
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    mutating func strings(_ values: [String]) {
        array(values) { $0.string($1) }
    }

    // MARK: - Members

    mutating func member(_ name: StaticString, _ value: String) { key(name); string(value) }
    mutating func member(_ name: StaticString, _ value: String?) { if let value { member(name, value) } }
    mutating func member(_ name: StaticString, _ value: Bool) {
        key(name)
        separate()
        buffer.writeStaticString(value ? "true" : "false")
    }
    mutating func member(_ name: StaticString, _ value: Int) { key(name); integer(value) }
    mutating func member(_ name: StaticString, _ value: Double) { key(name); number(value) }
    mutating func member(_ name: StaticString, _ value: Int?) { if let value { member(name, value) } }
    mutating func member(_ name: StaticString, _ value: Int64?) { if let value { key(name); integer(value) } }
    mutating func member(_ name: StaticString, _ value: UUID) { key(name); uuid(value) }
    mutating func member(_ name: StaticString, _ value: Date?) { if let value { key(name); date(value) } }
    mutating func member(_ name: StaticString, _ value: [String]) { key(name); strings(value) }
    mutating func member<Value: RawRepresentable<String>>(_ name: StaticString, _ value: Value) { member(name, value.rawValue) }
    mutating func member<Value: RawRepresentable<String>>(_ name: StaticString, _ value: [Value]) { member(name, value.map(\.rawValue)) }

    // MARK: - Encoding rules

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A JSON string literal as Foundation writes it: `"` and `\` escaped, `\b \f \n \r \t` by
    /// name, other control characters as `\u00XX`, everything else (slashes, non-ASCII) as is.
    static func appendQuoted(_ text: String, to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            // Runs of bytes that need no escape are copied whole; byte by byte, each write
            // checked the buffer's capacity and uniqueness (most of a program page's body time).
            var runStart = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < index { buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[runStart..<index]))) }
                appendEscape(byte, to: &buffer)
                runStart = index + 1
            }
            if runStart < bytes.count { buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[runStart...]))) }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    private static func appendEscape(_ byte: UInt8, to buffer: inout ByteBuffer) {
        switch byte {
        case UInt8(ascii: "\""): buffer.writeStaticString(#"\""#)
        case UInt8(ascii: "\\"): buffer.writeStaticString(#"\\"#)
        case 0x08: buffer.writeStaticString(#"\b"#)
        case 0x0C: buffer.writeStaticString(#"\f"#)
        case 0x0A: buffer.writeStaticString(#"\n"#)
        case 0x0D: buffer.writeStaticString(#"\r"#)
        case 0x09: buffer.writeStaticString(#"\t"#)
        default:
            buffer.writeStaticString(#"\u00"#)
            buffer.writeInteger(hexDigits[Int(byte >> 4)])
            buffer.writeInteger(hexDigits[Int(byte & 0x0F)])
        }
    }

    /// `yyyy-MM-ddTHH:mm:ssZ` in UTC, fractions dropped, as `.iso8601` writes it; years outside
    /// 1600…9999 go through Foundation's own formatter (its calendar is Julian before 1582).
    static func appendISO8601(_ date: Date, to buffer: inout ByteBuffer) {
        let seconds = Int64((date.timeIntervalSince1970).rounded(.down))
        var days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        guard (1600...9999).contains(year) else {
            buffer.writeString(date.formatted(.iso8601))
            return
        }
        func two(_ value: Int64) {
            buffer.writeInteger(UInt8(ascii: "0") + UInt8(value / 10))
            buffer.writeInteger(UInt8(ascii: "0") + UInt8(value % 10))
        }
        two(year / 100)
        two(year % 100)
        buffer.writeInteger(UInt8(ascii: "-"))
        two(month)
        buffer.writeInteger(UInt8(ascii: "-"))
        two(day)
        buffer.writeInteger(UInt8(ascii: "T"))
        two(secondOfDay / 3600)
        buffer.writeInteger(UInt8(ascii: ":"))
        two(secondOfDay % 3600 / 60)
        buffer.writeInteger(UInt8(ascii: ":"))
        two(secondOfDay % 60)
        buffer.writeInteger(UInt8(ascii: "Z"))
    }
}
