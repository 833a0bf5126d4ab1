/// Reads and writes PostgreSQL's one-dimensional array literal: `{a,"b c",NULL,"q\"uote"}`.
package enum PostgresArrayLiteral {
    /// Formats elements (`nil` is NULL), quoting every non-NULL element.
    package static func format(_ elements: [String?]) -> String {
        var text = "{"
        for (index, element) in elements.enumerated() {
            if index > 0 { text += "," }
            guard let element else {
                text += "NULL"
                continue
            }
            text += "\""
            for character in element.unicodeScalars {
                if character == "\"" || character == "\\" { text += "\\" }
                text.unicodeScalars.append(character)
            }
            text += "\""
        }
        return text + "}"
    }

    /// Parses a literal; `nil` when it is not a one-dimensional array.
    package static func parse(_ text: String) -> [String?]? {
        var scalars = Substring(text).unicodeScalars[...]
        // An explicit lower bound such as `[0:1]={…}` is skipped.
        if scalars.first == "[", let equals = scalars.firstIndex(of: "=") {
            scalars = scalars[scalars.index(after: equals)...]
        }
        guard scalars.first == "{", scalars.last == "}" else { return nil }
        scalars = scalars.dropFirst().dropLast()
        var elements: [String?] = []
        if scalars.isEmpty { return elements }

        var index = scalars.startIndex
        while true {
            var element = String.UnicodeScalarView()
            var quoted = false
            if index < scalars.endIndex, scalars[index] == "\"" {
                quoted = true
                index = scalars.index(after: index)
                while index < scalars.endIndex, scalars[index] != "\"" {
                    if scalars[index] == "\\" { index = scalars.index(after: index) }
                    guard index < scalars.endIndex else { return nil }
                    element.append(scalars[index])
                    index = scalars.index(after: index)
                }
                guard index < scalars.endIndex else { return nil }
                index = scalars.index(after: index)
            } else {
                while index < scalars.endIndex, scalars[index] != "," {
                    if scalars[index] == "{" { return nil }  // nested arrays are not supported
                    element.append(scalars[index])
                    index = scalars.index(after: index)
                }
            }
            let value = String(element)
            elements.append(!quoted && value == "NULL" ? nil : value)
            if index == scalars.endIndex { return elements }
            guard scalars[index] == "," else { return nil }
            index = scalars.index(after: index)
        }
    }
}
