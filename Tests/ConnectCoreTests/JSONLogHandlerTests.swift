import ConnectCore
import Foundation
import Logging
import Testing

/// The JSON log lines: each a JSON object a shipper can parse, whatever the metadata holds.
@Suite struct JSONLogHandlerTests {
    @Test func linesAreJSONObjectsWithEscapedValuesAndTheProvidersMetadata() throws {
        var descriptors: [Int32] = [0, 0]
        try #require(pipe(&descriptors) == 0)
        defer { close(descriptors[0]) }
        let context = RequestLogContext(requestID: "req-1")
        context.userID = "user-9"
        var logger = Logger(label: "test") { label in
            JSONLogHandler(label: label, level: .debug, metadataProvider: RequestLogContext.metadataProvider, descriptor: descriptors[1])
        }
        logger[metadataKey: "instance"] = "a"
        RequestLogContext.$current.withValue(context) {
            logger.info(
                "quote \" backslash \\ newline \n tab \t bell \u{07} 한국어",
                metadata: ["nested": ["list": ["x", "y\"z"], "n": .stringConvertible(3)], "msg": "ignored"])
        }
        logger.error("outside a request")
        close(descriptors[1])
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(descriptors[0], &buffer, buffer.count)
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(first["msg"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{07} 한국어")
        #expect(first["level"] as? String == "info")
        #expect(first["logger"] as? String == "test")
        #expect(first["instance"] as? String == "a")
        #expect(first["request_id"] as? String == "req-1")
        #expect(first["user_id"] as? String == "user-9")
        #expect((first["nested"] as? [String: Any])?["list"] as? [String] == ["x", "y\"z"])
        #expect((first["ts"] as? String)?.hasSuffix("Z") == true)
        let second = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(second["request_id"] == nil, "no request, no request id")
        #expect((second["source"] as? String)?.contains("JSONLogHandlerTests.swift") == true)
    }
}
