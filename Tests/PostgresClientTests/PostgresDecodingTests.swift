import Foundation
import Testing
import TestSupport

@testable import PostgresClient

/// Every decoded type round-trips through a real server, NULLs included.
@Suite struct PostgresDecodingTests {
    struct Breakdown: Codable, Sendable, Equatable {
        var score: Int
        var reasons: [String]
    }

    @Test func everyTypeRoundTrips() async throws {
        try await TestStack.withDatabase(migrated: false) { pool, _ in
            let id = UUID()
            let instant = Date(timeIntervalSince1970: 1_790_000_000.123456)
            let day = Date(timeIntervalSince1970: 1_790_035_200)  // 2026-09-22T00:00:00Z
            let breakdown = Breakdown(score: 85, reasons: ["키워드 일치", "TRL \"7\""])
            let tags = ["AI", "스마트팜", "with,comma", "with\"quote", "back\\slash", "{brace}", ""]
            let row = try #require(try await pool.query("""
                SELECT \(42)::int, \(Int64(9_000_000_000))::bigint, \(Int16(7))::smallint, \(3.25)::float8,
                       \(true)::bool, \(false)::bool, \("소재부품장비 경쟁력 강화사업")::text, \(id)::uuid,
                       \(instant)::timestamptz, \(day)::date, \(tags)::text[], \(PostgresJSON(breakdown))::jsonb,
                       '{}'::text[], 12.5::numeric
                """).first)
            #expect(try row.decode(Int.self, at: 0) == 42)
            #expect(try row.decode(Int64.self, at: 1) == 9_000_000_000)
            #expect(try row.decode(Int16.self, at: 2) == 7)
            #expect(try row.decode(Double.self, at: 3) == 3.25)
            #expect(try row.decode(Bool.self, at: 4) == true)
            #expect(try row.decode(Bool.self, at: 5) == false)
            #expect(try row.decode(String.self, at: 6) == "소재부품장비 경쟁력 강화사업")
            #expect(try row.decode(UUID.self, at: 7) == id)
            let decodedInstant = try row.decode(Date.self, at: 8)
            #expect(abs(decodedInstant.timeIntervalSince1970 - instant.timeIntervalSince1970) < 0.000_01)
            #expect(try row.decode(Date.self, at: 9) == day)
            #expect(try row.decode([String].self, at: 10) == tags)
            #expect(try row.decode(PostgresJSON<Breakdown>.self, at: 11).value == breakdown)
            #expect(try row.decode([String].self, at: 12) == [])
            #expect(try row.decode(Double.self, at: 13) == 12.5)
        }
    }

    @Test func nullsDecodeIntoOptionalsOnly() async throws {
        try await TestStack.withDatabase(migrated: false) { pool, _ in
            let missing: String? = nil
            let row = try #require(try await pool.query(
                "SELECT NULL::int, \(missing)::text, NULL::uuid, NULL::timestamptz, ARRAY['a', NULL]::text[]").first)
            #expect(try row.decode(Int?.self, at: 0) == nil)
            #expect(try row.decode(String?.self, at: 1) == nil)
            #expect(try row.decode(UUID?.self, at: 2) == nil)
            #expect(try row.decode(Date?.self, at: 3) == nil)
            #expect(try row.decode([String?].self, at: 4) == ["a", nil])
            #expect(throws: PostgresError.self) { try row.decode(Int.self, at: 0) }
        }
    }

    @Test func rowsDecodeByNameAndAsTuples() async throws {
        try await TestStack.withDatabase(migrated: false) { pool, _ in
            let result = try await pool.query("SELECT n AS number, '제목 ' || n AS title FROM generate_series(1, 3) AS n")
            #expect(result.rows.count == 3)
            #expect(try result.rows[2].decode(String.self, column: "title") == "제목 3")
            let (number, title) = try result.rows[0].decode((Int, String).self)
            #expect(number == 1 && title == "제목 1")
            #expect(throws: PostgresError.self) { try result.rows[0].decode(Int.self, column: "missing") }
        }
    }

    @Test func textThatIsNotTheTypeFailsToDecode() async throws {
        try await TestStack.withDatabase(migrated: false) { pool, _ in
            let row = try #require(try await pool.query("SELECT 'not a number'::text").first)
            let error = try #require(throws: PostgresError.self) { try row.decode(Int.self, at: 0) }
            #expect(error.code == .decoding)
        }
    }

    @Test func uuidsParseOnlyInTheirCanonicalForm() throws {
        let id = UUID()
        #expect(UUID(postgresNonNullText: id.uuidString.lowercased()) == id)
        #expect(UUID(postgresNonNullText: id.uuidString) == id)
        #expect(UUID(postgresNonNullText: "not-a-uuid") == nil)
        #expect(UUID(postgresNonNullText: String(id.uuidString.dropLast())) == nil)
        #expect(UUID(postgresNonNullText: id.uuidString + "0") == nil)
        #expect(UUID(postgresNonNullText: "g" + id.uuidString.dropFirst()) == nil)
    }

    @Test func arrayLiteralsParseAndFormat() {
        #expect(PostgresArrayLiteral.parse("{}") == [])
        #expect(PostgresArrayLiteral.parse("{a,b}") == ["a", "b"])
        #expect(PostgresArrayLiteral.parse(#"{"a b","c\"d",NULL,"NULL"}"#) == ["a b", "c\"d", nil, "NULL"])
        #expect(PostgresArrayLiteral.parse("[0:1]={x,y}") == ["x", "y"])
        #expect(PostgresArrayLiteral.parse("{{1,2},{3,4}}") == nil)
        #expect(PostgresArrayLiteral.parse("not an array") == nil)
        #expect(PostgresArrayLiteral.format(["a", nil, "b\"c"]) == #"{"a",NULL,"b\"c"}"#)
    }

    @Test func timestampsParseEveryServerShape() throws {
        let expected = Date(timeIntervalSince1970: 1_790_000_000)
        #expect(PostgresTimestamp.parse("2026-09-21 14:13:20+00") == expected)
        #expect(PostgresTimestamp.parse("2026-09-21 23:13:20+09") == expected)
        #expect(PostgresTimestamp.parse("2026-09-21 14:43:20+00:30") == expected)
        #expect(PostgresTimestamp.parse("2026-09-21T14:13:20Z") == expected)
        #expect(PostgresTimestamp.parse("2026-09-21 14:13:20") == expected)
        #expect(PostgresTimestamp.parse("2026-09-21") == Date(timeIntervalSince1970: 1_789_948_800))
        #expect(PostgresTimestamp.parse("1969-12-31") == Date(timeIntervalSince1970: -86_400))
        #expect(PostgresTimestamp.parse("garbage") == nil)
        let fractional = try #require(PostgresTimestamp.parse("2026-09-21 14:13:20.25+00"))
        #expect(fractional.timeIntervalSince1970 == 1_790_000_000.25)
        #expect(PostgresTimestamp.format(expected) == "2026-09-21T14:13:20.000000Z")
    }
}

/// Text no PostgreSQL would send still decodes to an error, never a crash: found by fuzzing
/// (Fuzz/regressions/postgres-text).
@Suite struct MalformedTextDecodingTests {
    @Test(arguments: [
        String(repeating: "5", count: 26) + "-b42fc6",
        "99999999999999999999-01-01 00:00:00+00",
        "2026-13-01 00:00:00+00",
        "2026-12-03 25:00:00+00",
    ])
    func malformedTimestampsAreRefused(_ text: String) {
        #expect(Date(postgresNonNullText: text) == nil)
    }

    @Test func largeButValidYearsStillDecode() {
        #expect(Date(postgresNonNullText: "294276-12-31 23:59:59+00") != nil)
    }
}
