import ConnectCore
import Testing

/// The SSE parser under the Anthropic stream: events split anywhere, CRLF, several data lines.
@Suite struct ServerSentEventParserTests {
    let stream = """
        event: message_start\r
        data: {"type":"message_start"}\r
        \r
        : a comment\n\
        event: content_block_delta
        data: {"type":"content_block_delta",
        data: "more":"안녕"}
        id: 7

        data: no name


        """

    @Test func eventsSurviveEverySplitPoint() {
        let bytes = Array(stream.utf8)
        let expected: [ServerSentEventParser.Event] = [
            .init(name: "message_start", data: #"{"type":"message_start"}"#),
            .init(name: "content_block_delta", data: "{\"type\":\"content_block_delta\",\n\"more\":\"안녕\"}"),
            .init(name: "message", data: "no name"),
        ]
        // Without its blank line, the last event is not complete yet.
        var unfinished = ServerSentEventParser()
        #expect(unfinished.feed(bytes.dropLast()).count == 2)
        let failing = (0...bytes.count).filter { split in
            var parser = ServerSentEventParser()
            return parser.feed(bytes[..<split]) + parser.feed(bytes[split...]) != expected
        }
        #expect(failing == [])
        // Byte by byte, too.
        var parser = ServerSentEventParser()
        #expect(bytes.flatMap { parser.feed([$0]) } == expected)
    }
}
