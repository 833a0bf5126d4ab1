import ConnectAPI
import ConnectCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PostgresClient
import Testing
import TestSupport

/// Input is refused whole, with the field named, and nothing changes: bodies that are not strict
/// JSON, text with control characters or past its byte bound, empty list items and parameters,
/// and methods a path does not serve.
@Suite struct InputValidationTests {
    static func send(
        _ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String? = nil, body: String? = nil
    ) async throws -> (status: HTTPResponse.Status, code: String?, message: String?, headers: HTTPFields) {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            let error = try? decodeJSON(ErrorBody.self, response.body)
            return (response.status, error?.error.code, error?.error.message, response.headers)
        }
    }

    @Test func anotherMethodOnAServedPathIs405WithAllow() async throws {
        try await TestApp.run { client, _ in
            let id = UUID()
            for (method, uri, allow) in [
                (HTTPRequest.Method.delete, "/api/matches", "GET"),
                (.put, "/api/funding-programs/\(id)", "GET"),
                (.get, "/api/auth/login", "POST"),
                (.post, "/api/matches/\(id)", "GET, PATCH"),
                (.options, "/api/programs/\(id)/save", "DELETE, POST"),
                // The literal route wins over /api/matches/{id}, as in the router.
                (.get, "/api/matches/generate", "POST"),
            ] {
                let reply = try await Self.send(client, method, uri)
                #expect(reply.status == .methodNotAllowed, "\(method) \(uri)")
                #expect(reply.code == "method_not_allowed")
                #expect(reply.headers[.allow] == allow, "\(method) \(uri)")
            }
            let unknown = try await Self.send(client, .get, "/api/no-such-thing")
            #expect(unknown.status == .notFound && unknown.headers[.allow] == nil)
        }
    }

    @Test(arguments: [
        (#"{"email":"demo@connectplt.kr","password":"Connect!2026",}"#, "trailing comma"),
        (#"{"email":"nobody@connectplt.kr","email":"demo@connectplt.kr","password":"Connect!2026"}"#, "duplicate member name"),
        (#"{"email":"demo@connectplt.kr","password":"Connect!2026"} {}"#, "unexpected data"),
        ("", "unexpected end of input"),
    ])
    func bodiesThatAreNotStrictJSONAre400(_ body: String, _ mention: String) async throws {
        try await TestApp.run { client, _ in
            let reply = try await Self.send(client, .post, "/api/auth/login", body: body)
            #expect(reply.status == .badRequest)
            #expect(reply.code == "malformed_json")
            #expect(reply.message?.contains(mention) == true, "\(reply.message ?? "")")
        }
    }

    @Test func controlCharactersAndOversizedTextChangeNothing() async throws {
        try await TestApp.runIsolated(configure: { $0.chatRateLimitPerMinute = 100 }) { client, dependencies, _ in
            let token = try await client.login("demo@connectplt.kr")
            let database = dependencies.database
            func count(_ sql: PostgresQuery) async throws -> Int { try await database.query(sql).first!.decode(Int.self, at: 0) }
            let users = try await count("SELECT count(*) FROM users")
            let organization = try await database.query("SELECT o.name, o.key_technologies::text FROM organizations o JOIN users u ON u.organization_id = o.id WHERE u.email = 'demo@connectplt.kr'").first!.decode((String, String).self)
            let messages = try await count("SELECT count(*) FROM chat_messages")

            let registrations: [(String, String)] = [
                (#"{"email":"nul@example.kr","password":"long-enough-1","name":"Kim\u0000; DROP"}"#, "'name' must not contain control characters (U+0000)"),
                (#"{"email":"bell@example.kr","password":"long-enough-1","name":"a\u0007b"}"#, "'name' must not contain control characters (U+0007)"),
                (#"{"email":"nul@example.kr","password":"long-\u0000enough-1","name":"n"}"#, "'password' must not contain control characters"),
                (#"{"email":"line@example.kr","password":"long-enough-1","name":"two\nlines"}"#, "'name' must not contain control characters (U+000A)"),
                (#"{"email":"empty@example.kr","password":"long-enough-1","name":""}"#, "'name' must not be empty"),
            ]
            for (body, mention) in registrations {
                let reply = try await Self.send(client, .post, "/api/auth/register", body: body)
                #expect(reply.status == .unprocessableContent, "\(body)")
                #expect(reply.message?.contains(mention) == true, "\(reply.message ?? "")")
            }
            let login = try await Self.send(client, .post, "/api/auth/login", body: #"{"email":"demo@connectplt.kr","password":"Connect!2026\u0000x"}"#)
            #expect(login.status == .unprocessableContent, "a NUL would end the password early for bcrypt")

            struct Me: Decodable { struct User: Decodable { var organizationId: UUID }; var user: User }
            let me = try await client.execute(uri: "/api/auth/me", method: .get, headers: [.authorization: "Bearer \(token)"]) {
                try decodeJSON(Me.self, $0.body).user.organizationId
            }
            let patches: [(String, String)] = [
                (#"{"name":"Connect\u0000Soft"}"#, "'name' must not contain control characters"),
                (#"{"name":"   "}"#, "'name' must not be empty"),
                (#"{"keyTechnologies":["AI","","IoT"]}"#, "'keyTechnologies[1]' must not be empty"),
                (#"{"certifications":["벤처\u001b[31m"]}"#, "'certifications[0]' must not contain control characters"),
                (#"{"region":"\#(String(repeating: "가", count: 51))"}"#, "'region' must be at most 50 characters"),
            ]
            for (body, mention) in patches {
                let reply = try await Self.send(client, .patch, "/api/organizations/\(me)", token: token, body: body)
                #expect(reply.status == .unprocessableContent, "\(body)")
                #expect(reply.message?.contains(mention) == true, "\(reply.message ?? "")")
            }

            // One grapheme of 100,000 combining marks: one character, 200 KB.
            let grapheme = "e" + String(repeating: "\u{0301}", count: 100_000)
            #expect(grapheme.count == 1)
            let chat = try await Self.send(client, .post, "/api/chat", token: token, body: #"{"message":"\#(grapheme)"}"#)
            #expect(chat.status == .unprocessableContent)
            #expect(chat.message?.contains("'message' must be at most 8000 bytes") == true, "\(chat.message ?? "")")
            let feedback = try await Self.send(
                client, .post, "/api/ai-feedback", token: token,
                body: #"{"serviceType":"QA_CHAT","resourceId":"r\u0000","rating":"HELPFUL"}"#)
            #expect(feedback.status == .unprocessableContent)

            #expect(try await count("SELECT count(*) FROM users") == users)
            #expect(try await database.query("SELECT name, key_technologies::text FROM organizations WHERE id = \(me)").first!.decode((String, String).self) == organization)
            #expect(try await count("SELECT count(*) FROM chat_messages") == messages)
            #expect(try await count("SELECT count(*) FROM ai_feedback WHERE resource_id LIKE 'r%'") == 0)
        }
    }

    @Test(arguments: [
        ("/api/matches?organizationId=", "'organizationId' must be a UUID, not empty"),
        ("/api/matches?organizationId=abc", "'organizationId' must be a UUID"),
        ("/api/matches?page=", "'page' must be a whole number"),
        ("/api/matches?status=", "'status' must be one of"),
        ("/api/funding-programs?keyword=AI%00x", "'keyword' must not contain control characters"),
    ])
    func emptyAndControlQueryValuesAre422(_ uri: String, _ mention: String) async throws {
        try await TestApp.run { client, _ in
            let token = try await client.login("demo@connectplt.kr")
            let reply = try await Self.send(client, .get, uri, token: token)
            #expect(reply.status == .unprocessableContent, "\(uri)")
            #expect(reply.message?.contains(mention) == true, "\(uri): \(reply.message ?? "")")
        }
    }
}
