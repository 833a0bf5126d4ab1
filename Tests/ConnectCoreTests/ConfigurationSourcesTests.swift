import Configuration
import ConnectCore
import Foundation
import Logging
import Testing
import TestSupport

/// Where `connect` reads its configuration (swift-configuration): the environment, then a `.env`
/// file, secrets from `NAME_FILE`, and secrets redacted wherever configuration access is logged.
@Suite struct ConfigurationSourcesTests {
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("connect-env-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func aDotEnvFileFillsWhatTheEnvironmentLeavesUnset() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let secret = String(repeating: "9d", count: 32)
        try secret.write(to: folder.appendingPathComponent("jwt"), atomically: true, encoding: .utf8)
        let file = folder.appendingPathComponent(".env").path
        try """
            # comments and blank lines are ignored

            PORT=4100
            DB_POOL_SIZE=7
            JWT_SECRET_FILE=\(folder.appendingPathComponent("jwt").path)
            """.write(toFile: file, atomically: true, encoding: .utf8)
        let configuration = try await ConnectConfiguration.load(environment: ["PORT": "4200"], environmentFile: file, hostName: "h")
        #expect(configuration.port == 4200, "the environment wins")
        #expect(configuration.databasePoolSize == 7, "the file fills the rest")
        #expect(configuration.jwtSecret == secret, "a NAME_FILE in .env names the secret's file")

        // No file is no error; a malformed value in the file names its variable.
        let absent = try await ConnectConfiguration.load(environment: [:], environmentFile: folder.appendingPathComponent("none").path, hostName: "h")
        #expect(absent.port == 3000)
        try "REDIS_POOL_SIZE=lots\n".write(toFile: file, atomically: true, encoding: .utf8)
        let error = await #expect(throws: ConfigurationError.self) {
            try await ConnectConfiguration.load(environment: [:], environmentFile: file, hostName: "h")
        }
        #expect(error?.variable == "REDIS_POOL_SIZE")
    }

    @Test func loggedConfigurationNeverShowsASecret() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(".env").path
        let key = "sk-ant-test-\(UUID().uuidString)"
        try "ANTHROPIC_API_KEY=\(key)\n".write(toFile: file, atomically: true, encoding: .utf8)
        let secret = String(repeating: "4e", count: 32)
        let password = "pw\(UUID().uuidString.prefix(8))"
        let recorder = LogRecorder()
        let configuration = try await ConnectConfiguration.load(
            environment: ["JWT_SECRET": secret, "DATABASE_URL": "postgresql://connect:\(password)@db/connect", "PORT": "4300"],
            environmentFile: file, hostName: "h",
            accessReporter: AccessLogger(logger: recorder.logger(level: .trace)))
        #expect(configuration.anthropicAPIKey == key && configuration.jwtSecret == secret)
        let logged = recorder.recordedLines.joined(separator: "\n")
        #expect(logged.contains("4300"), "plain values are logged: \(logged)")
        #expect(logged.contains("<REDACTED>"))
        for hidden in [key, secret, password] {
            #expect(!logged.contains(hidden), "\(hidden) was logged")
        }
    }
}
