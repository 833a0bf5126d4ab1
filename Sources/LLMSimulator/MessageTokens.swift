/// Token counts the simulator reports: an approximation of a real tokenizer, used the same way
/// by JSON and streamed answers so their usage figures agree.
enum MessageTokens {
    /// The reply split into output tokens: each is a word with the whitespace before it, so the
    /// pieces joined give the text back exactly.
    static func pieces(of text: String) -> [Substring] {
        var pieces: [Substring] = []
        var start = text.startIndex
        var inWord = false
        for index in text.indices {
            let isSpace = text[index].isWhitespace
            if isSpace, inWord, index > start {
                pieces.append(text[start..<index])
                start = index
            }
            inWord = !isSpace
        }
        if start < text.endIndex { pieces.append(text[start...]) }
        return pieces
    }

    /// Input tokens: about four characters each, at least one.
    static func inputTokens(_ texts: [String]) -> Int {
        let characters = texts.reduce(0) { $0 + $1.unicodeScalars.count }
        return max(1, (characters + 3) / 4)
    }
}
