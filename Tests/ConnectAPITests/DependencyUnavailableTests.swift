import ConnectAPI
import ConnectCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

/// A dependency that does not answer is a 503 `dependency_unavailable` with `Retry-After`, and
/// the server keeps answering what does not need it.
@Suite struct DependencyUnavailableTests {
    @Test func aDatabaseThatDoesNotAnswerIs503WithRetryAfter() async throws {
        // Nothing listens on the port: every connection attempt is refused at once.
        let closedPort = TestStack.freePort()
        try await TestApp.run(databaseURL: "postgresql://connect@127.0.0.1:\(closedPort)/connect?sslmode=disable") { client, _ in
            try await client.execute(uri: "/api/funding-programs/\(UUID())", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "1")
                let error = try decodeJSON(ErrorBody.self, response.body)
                #expect(error.error.code == "dependency_unavailable")
                #expect(error.error.message == "The database is unavailable; try again shortly")
                #expect(!error.error.message.contains("\(closedPort)"), "no host or port is revealed")
            }
            try await client.execute(uri: "/api/health/live", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }
}
