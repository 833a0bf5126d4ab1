import Foundation
import Testing

@testable import ConnectAPI

/// The query reader's own trimming against Foundation's `CharacterSet.whitespaces`, which it
/// replaces.
@Suite struct QueryReaderTests {
    @Test(arguments: [
        "", " ", "\t \t", "AI", " AI ", "\tAI\t", "a b", "  a  b  ", "\u{3000}인공지능\u{3000}", "\u{A0}x\u{A0}",
        "\u{2003}\u{2009}x y\u{202F}", "\nx\n", "\r x \r", "\u{200B}x\u{200B}", "é", " e\u{301} ", "🚀 ",
    ])
    func trimsAsFoundationTrimsWhitespace(_ text: String) {
        #expect(String(QueryReader.trimmingWhitespace(text[...])) == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
    }
}
