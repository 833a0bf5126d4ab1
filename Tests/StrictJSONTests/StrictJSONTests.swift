import Foundation
import StrictJSON
import Testing

/// Strict JSON: what RFC 8259 and I-JSON allow passes, and every leniency of Foundation's
/// decoder that could let two readers disagree is refused with its place.
@Suite struct StrictJSONTests {
    static let valid: [String] = [
        #"{}"#, #"[]"#, #"0"#, #"-0"#, #"1.5e-3"#, #"-12.25E+2"#, #"true"#, #"false"#, #"null"#, #""""#,
        #"  {"a": [1, 2, {"b": null}], "c": "\u00e9\ud83d\ude00\n\t\"\\\/"}  "#,
        #"{"email":"demo@connectplt.kr","password":"Connect!2026"}"#,
        #"{"message":"AI 사업 신청 자격은?","conversationId":"6F9619FF-8B86-D011-B42D-00C04FC964FF"}"#,
        #"{"a":1,"A":2,"a ":3}"#,
        "{\"k\":\"\u{10FFFF}\u{E000}\"}",
        String(repeating: "[", count: 64) + String(repeating: "]", count: 64),
    ]

    @Test(arguments: valid)
    func validTextsPassAndFoundationAgrees(_ text: String) throws {
        try StrictJSON.validate(Array(text.utf8))
        #expect(try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) as Any? != nil)
    }

    static let invalid: [(String, String, Int)] = [
        (#"{"a":1,}"#, "trailing comma in an object", 7),
        (#"[1,2,]"#, "trailing comma in an array", 5),
        (#"{"role":"USER","role":"ADMIN"}"#, "duplicate member name", 15),
        (#"{"role":"USER","r\u006fle":"ADMIN"}"#, "duplicate member name", 15),
        (#"{"a":01}"#, "expected ',' or '}'", 6),
        (#"{"a":1.}"#, "invalid number", 7),
        (#"{"a":.5}"#, "unexpected character", 5),
        (#"{"a":+1}"#, "unexpected character", 5),
        (#"{"a":1} x"#, "unexpected data after the JSON value", 8),
        (#"{"a":1}{"b":2}"#, "unexpected data after the JSON value", 7),
        (#"{'a':1}"#, "expected a member name", 1),
        (#"{"a":1 /* c */}"#, "expected ',' or '}'", 7),
        (#"{"a":"\x"}"#, "invalid escape", 7),
        (#"{"a":"\ud800"}"#, "unpaired surrogate escape", 12),
        (#"{"a":"\udc00"}"#, "unpaired surrogate escape", 12),
        (#"{"a":NaN}"#, "unexpected character", 5),
        (#"{"a":tru}"#, "invalid literal", 5),
        // Found by fuzzing (Fuzz/regressions/strict-json): Foundation refuses what a double cannot hold.
        (#"{"a":-0.5115e111111111111111111}"#, "number out of range", 5),
        ("[" + String(repeating: "9", count: 400) + "]", "number out of range", 1),
        (#"{"a":"x"#, "unterminated string", 7),
        ("", "unexpected end of input", 0),
        ("   ", "unexpected end of input", 3),
        ("{\"a\":\"tab\there\"}", "control character in a string", 9),
        ("{\"a\":\"nul\u{0}\"}", "control character in a string", 9),
        (String(repeating: "[", count: 65) + String(repeating: "]", count: 65), "nesting deeper than 64", 64),
    ]

    @Test(arguments: invalid)
    func leniencesAreRefusedWithTheirPlace(_ text: String, _ reason: String, _ offset: Int) {
        let violation = #expect(throws: StrictJSON.Violation.self) { try StrictJSON.validate(Array(text.utf8)) }
        #expect(violation?.reason == reason, "\(text)")
        #expect(violation?.offset == offset, "\(text): \(violation?.description ?? "")")
    }

    @Test(arguments: [
        [0x22, 0xC0, 0xAF, 0x22],  // overlong "/"
        [0x22, 0xED, 0xA0, 0x80, 0x22],  // an encoded surrogate
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // past U+10FFFF
        [0x22, 0xE2, 0x82, 0x22],  // cut short
        [0x22, 0xFF, 0x22],
    ] as [[UInt8]])
    func invalidUTF8IsRefused(_ bytes: [UInt8]) {
        let violation = #expect(throws: StrictJSON.Violation.self) { try StrictJSON.validate(bytes) }
        #expect(violation?.reason == "invalid UTF-8")
    }
}
