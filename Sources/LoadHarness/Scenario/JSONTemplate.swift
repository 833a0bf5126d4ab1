import Foundation

/// A JSON body written as YAML (`json: {email: "loadtest+{{index}}@…"}`): strings are templates,
/// numbers, booleans and null are kept; rendered to compact JSON.
indirect enum JSONTemplate: Sendable, Equatable {
    case object([(String, JSONTemplate)])
    case array([JSONTemplate])
    case string(Template)
    /// A number, boolean or null, written as it is.
    case raw(String)

    static func == (lhs: JSONTemplate, rhs: JSONTemplate) -> Bool {
        switch (lhs, rhs) {
        case (.object(let a), .object(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.array(let a), .array(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.raw(let a), .raw(let b)): a == b
        default: false
        }
    }

    var variableNames: [String] {
        switch self {
        case .object(let pairs): pairs.flatMap(\.1.variableNames)
        case .array(let items): items.flatMap(\.variableNames)
        case .string(let template): template.variableNames
        case .raw: []
        }
    }

    func render(_ variables: Variables) throws(TemplateError) -> String {
        switch self {
        case .object(let pairs):
            var parts: [String] = []
            for (key, value) in pairs { parts.append(Self.quote(key) + ":" + (try value.render(variables))) }
            return "{" + parts.joined(separator: ",") + "}"
        case .array(let items):
            var parts: [String] = []
            for item in items { parts.append(try item.render(variables)) }
            return "[" + parts.joined(separator: ",") + "]"
        case .string(let template):
            return Self.quote(try template.render(variables))
        case .raw(let text):
            return text
        }
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
