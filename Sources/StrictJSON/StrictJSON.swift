/// Checks that bytes are exactly one JSON text as RFC 8259 and I-JSON (RFC 7493) define it,
/// before a decoder that is more forgiving reads them: Foundation's `JSONDecoder` accepts
/// trailing commas and keeps the first of two equal keys, so `{"role":"USER","role":"ADMIN"}`
/// would mean one thing to it and another to a proxy or a log reader.
///
/// Refused: trailing commas, duplicate keys in an object (compared after unescaping), control
/// characters and invalid UTF-8 inside strings, unpaired surrogate escapes, numbers outside
/// the JSON grammar or past a double's range (I-JSON: numbers are IEEE 754 doubles), nesting
/// deeper than `maxDepth`, anything after the value but white space.
public enum StrictJSON {
    /// Why the bytes are not one strict JSON text, and where.
    public struct Violation: Error, Equatable, Sendable, CustomStringConvertible {
        /// Byte offset of the problem.
        public var offset: Int
        public var reason: String

        public var description: String { "\(reason) at byte \(offset)" }
    }

    /// Nesting deeper than this is refused.
    public static let maxDepth = 64

    /// Throws the first ``Violation`` found in `bytes`.
    public static func validate(_ bytes: UnsafeRawBufferPointer) throws(Violation) {
        var reader = Reader(bytes: bytes)
        reader.skipWhitespace()
        try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.isAtEnd else { throw reader.violation("unexpected data after the JSON value") }
    }

    /// Throws the first ``Violation`` found in `bytes`.
    public static func validate(_ bytes: [UInt8]) throws(Violation) {
        let result = bytes.withUnsafeBytes { buffer in Result { () throws(Violation) in try validate(buffer) } }
        try result.get()
    }
}

extension StrictJSON {
    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        var isAtEnd: Bool { index >= bytes.count }

        func violation(_ reason: String) -> Violation { Violation(offset: index, reason: reason) }

        func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        mutating func value(depth: Int) throws(Violation) {
            guard let byte = peek() else { throw violation("unexpected end of input") }
            switch byte {
            case UInt8(ascii: "{"): try object(depth: depth + 1)
            case UInt8(ascii: "["): try array(depth: depth + 1)
            case UInt8(ascii: "\""): _ = try string(collect: false)
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
            default: throw violation("unexpected character")
            }
        }

        mutating func literal(_ word: StaticString) throws(Violation) {
            let count = word.utf8CodeUnitCount
            guard bytes.count - index >= count else { throw violation("invalid literal") }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
                throw violation("invalid literal")
            }
            index += count
        }

        mutating func object(depth: Int) throws(Violation) {
            guard depth <= StrictJSON.maxDepth else { throw violation("nesting deeper than \(StrictJSON.maxDepth)") }
            index += 1
            skipWhitespace()
            if peek() == UInt8(ascii: "}") {
                index += 1
                return
            }
            var keys = Set<[UInt8]>()
            while true {
                skipWhitespace()
                guard peek() == UInt8(ascii: "\"") else {
                    throw violation(peek() == UInt8(ascii: "}") ? "trailing comma in an object" : "expected a member name")
                }
                let keyStart = index
                let key = try string(collect: true)
                guard keys.insert(key).inserted else { throw Violation(offset: keyStart, reason: "duplicate member name") }
                skipWhitespace()
                guard peek() == UInt8(ascii: ":") else { throw violation("expected ':'") }
                index += 1
                skipWhitespace()
                try value(depth: depth)
                skipWhitespace()
                switch peek() {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "}"):
                    index += 1
                    return
                default: throw violation("expected ',' or '}'")
                }
            }
        }

        mutating func array(depth: Int) throws(Violation) {
            guard depth <= StrictJSON.maxDepth else { throw violation("nesting deeper than \(StrictJSON.maxDepth)") }
            index += 1
            skipWhitespace()
            if peek() == UInt8(ascii: "]") {
                index += 1
                return
            }
            while true {
                skipWhitespace()
                if peek() == UInt8(ascii: "]") { throw violation("trailing comma in an array") }
                try value(depth: depth)
                skipWhitespace()
                switch peek() {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"):
                    index += 1
                    return
                default: throw violation("expected ',' or ']'")
                }
            }
        }

        mutating func number() throws(Violation) {
            let start = index
            try numberToken()
            // Short tokens without an exponent are always finite; others are converted to tell.
            let token = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
            if token.count > 300 || token.contains(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
                guard let value = Double(String(decoding: token, as: UTF8.self)), value.isFinite else {
                    throw Violation(offset: start, reason: "number out of range")
                }
            }
        }

        mutating func numberToken() throws(Violation) {
            if peek() == UInt8(ascii: "-") { index += 1 }
            guard let first = peek(), isDigit(first) else { throw violation("invalid number") }
            index += 1
            if first != UInt8(ascii: "0") {
                while let byte = peek(), isDigit(byte) { index += 1 }
            }
            if peek() == UInt8(ascii: ".") {
                index += 1
                try digits()
            }
            if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
                index += 1
                if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
                try digits()
            }
        }

        mutating func digits() throws(Violation) {
            guard let byte = peek(), isDigit(byte) else { throw violation("invalid number") }
            while let byte = peek(), isDigit(byte) { index += 1 }
        }

        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

        /// Reads a string; with `collect`, returns its unescaped UTF-8 bytes (for member names).
        mutating func string(collect: Bool) throws(Violation) -> [UInt8] {
            index += 1
            var collected: [UInt8] = []
            while true {
                guard let byte = peek() else { throw violation("unterminated string") }
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return collected
                case UInt8(ascii: "\\"):
                    index += 1
                    try escape(into: &collected, collect: collect)
                case 0x00..<0x20:
                    throw violation("control character in a string")
                case 0x00..<0x80:
                    if collect { collected.append(byte) }
                    index += 1
                default:
                    let length = try utf8Sequence()
                    if collect { collected.append(contentsOf: bytes[index..<(index + length)]) }
                    index += length
                }
            }
        }

        mutating func escape(into collected: inout [UInt8], collect: Bool) throws(Violation) {
            guard let byte = peek() else { throw violation("unterminated string") }
            index += 1
            let simple: UInt8? = switch byte {
            case UInt8(ascii: "\""): 0x22
            case UInt8(ascii: "\\"): 0x5C
            case UInt8(ascii: "/"): 0x2F
            case UInt8(ascii: "b"): 0x08
            case UInt8(ascii: "f"): 0x0C
            case UInt8(ascii: "n"): 0x0A
            case UInt8(ascii: "r"): 0x0D
            case UInt8(ascii: "t"): 0x09
            default: nil
            }
            if let simple {
                if collect { collected.append(simple) }
                return
            }
            guard byte == UInt8(ascii: "u") else {
                index -= 1
                throw violation("invalid escape")
            }
            var scalar = try hexQuad()
            if (0xD800...0xDBFF).contains(scalar) {
                guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw violation("unpaired surrogate escape")
                }
                index += 2
                let low = try hexQuad()
                guard (0xDC00...0xDFFF).contains(low) else { throw violation("unpaired surrogate escape") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw violation("unpaired surrogate escape")
            }
            if collect, let unicode = Unicode.Scalar(scalar) { collected.append(contentsOf: Array(String(Character(unicode)).utf8)) }
        }

        mutating func hexQuad() throws(Violation) -> UInt32 {
            guard bytes.count - index >= 4 else { throw violation("invalid \\u escape") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw violation("invalid \\u escape")
                }
                value = value << 4 | digit
                index += 1
            }
            return value
        }

        /// The length of the well-formed UTF-8 sequence at `index` (RFC 3629: no overlongs, no
        /// surrogates, nothing past U+10FFFF).
        func utf8Sequence() throws(Violation) -> Int {
            let lead = bytes[index]
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: throw violation("invalid UTF-8")
            }
            guard bytes.count - index >= length else { throw violation("invalid UTF-8") }
            for offset in 1..<length {
                let byte = bytes[index + offset]
                let (low, high) = offset == 1 ? (lower, upper) : (UInt8(0x80), UInt8(0xBF))
                guard byte >= low, byte <= high else { throw violation("invalid UTF-8") }
            }
            return length
        }
    }
}
