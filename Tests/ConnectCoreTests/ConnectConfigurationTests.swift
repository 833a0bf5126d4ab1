import ConnectCore
import Foundation
import Logging
import Testing

@Suite struct ConnectConfigurationTests {
    @Test func defaultsPointAtTheDevStack() throws {
        let configuration = try ConnectConfiguration(environment: [:])
        #expect(configuration.port == 3000)
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.databaseURL == ConnectConfiguration.devDatabaseURL)
        #expect(configuration.redisCacheURL == "redis://127.0.0.1:6380")
        #expect(configuration.redisQueueURL == "redis://127.0.0.1:6381")
        #expect(configuration.breakerFailures == 5 && configuration.breakerOpenSeconds == 30)
        #expect(configuration.chatRateLimitPerMinute == 10 && configuration.aiDailyBudgetKRW == 50_000)
        #expect(configuration.anthropicAPIKey == nil)
        #expect(configuration.usesDevelopmentSecret)
        #expect(configuration.tasksOnEventLoops)
    }

    /// The table `--help` prints and OPERATIONS.md is checked against says what the reader does:
    /// setting a variable to the table's default changes nothing.
    @Test func theTableOfDefaultsIsWhatTheReaderDefaultsTo() throws {
        func described(_ environment: [String: String]) throws -> String {
            var text = ""
            dump(try ConnectConfiguration(environment: environment), to: &text)
            return text
        }
        let defaults = try described([:])
        var checked = 0
        for variable in ConfigurationVariable.all {
            guard case .value(let text) = variable.defaultValue else { continue }
            #expect(try described([variable.name: text]) == defaults, "\(variable.name)=\(text)")
            checked += 1
        }
        #expect(checked >= 25)
        // And the check can fail: another value is another configuration.
        #expect(try described(["CHAT_CACHE_TTL_SECONDS": "3601"]) != defaults)
    }

    @Test func valuesAreRead() throws {
        let configuration = try ConnectConfiguration(environment: [
            "PORT": "8080", "DB_POOL_SIZE": "20", "LOG_LEVEL": "DEBUG", "ANTHROPIC_API_KEY": " ", "JWT_SECRET": "s3cret-that-is-long-enough-for-hs256",
        ])
        #expect(configuration.port == 8080 && configuration.databasePoolSize == 20)
        #expect(configuration.logLevel == .debug)
        #expect(configuration.anthropicAPIKey == nil)
        #expect(!configuration.usesDevelopmentSecret)
        for (text, value) in [("false", false), ("0", false), ("OFF", false), ("no", false), ("true", true), ("1", true), ("On", true)] {
            #expect(try ConnectConfiguration(environment: ["TASKS_ON_EVENT_LOOPS": text]).tasksOnEventLoops == value, "\(text)")
        }
    }

    @Test(arguments: [("PORT", "abc"), ("PORT", "70000"), ("DB_POOL_SIZE", "0"), ("LOG_LEVEL", "loud"), ("JWT_SECRET", "short"), ("TASKS_ON_EVENT_LOOPS", "maybe")])
    func malformedValuesNameTheVariable(_ name: String, _ value: String) {
        let error = #expect(throws: ConfigurationError.self) { try ConnectConfiguration(environment: [name: value]) }
        #expect(error?.variable == name)
    }
}

@Suite struct SigningSecretTests {
    @Test(arguments: ["127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost", "LOCALHOST"])
    func developmentSecretServesLoopback(_ host: String) throws {
        let configuration = try ConnectConfiguration(environment: ["HOST": host])
        #expect(configuration.usesDevelopmentSecret)
    }

    @Test(arguments: ["0.0.0.0", "::", "10.0.0.5", "192.168.1.2", "connect.example.kr", "127.0.0.1.nip.io", "1270.0.0.1"])
    func developmentSecretIsRefusedOffLoopback(_ host: String) {
        let error = #expect(throws: ConfigurationError.self) { try ConnectConfiguration(environment: ["HOST": host]) }
        #expect(error?.variable == "JWT_SECRET")
        #expect(error?.reason.contains(host) == true)
    }

    @Test func aRealSecretServesAnyAddress() throws {
        let configuration = try ConnectConfiguration(environment: ["HOST": "0.0.0.0", "JWT_SECRET": String(repeating: "7f", count: 32)])
        #expect(!configuration.usesDevelopmentSecret)
        try configuration.checkSecretAllowsBinding()
    }

    @Test func anOverriddenHostIsCheckedAgain() throws {
        var configuration = try ConnectConfiguration(environment: [:])
        configuration.host = "0.0.0.0"
        #expect(throws: ConfigurationError.self) { try configuration.checkSecretAllowsBinding() }
    }

    @Test(arguments: ["replace-with-openssl-rand-hex-32", "REPLACE-WITH-a-real-secret-of-32-bytes!!", "please-changeme-please-changeme-xx", "your-secret-key-here-at-least-32-bytes"])
    func placeholdersAreRefusedEverywhere(_ secret: String) {
        for host in ["127.0.0.1", "0.0.0.0"] {
            let error = #expect(throws: ConfigurationError.self) { try ConnectConfiguration(environment: ["HOST": host, "JWT_SECRET": secret]) }
            #expect(error?.variable == "JWT_SECRET")
            #expect(error?.description.contains(secret) == false, "a refused secret is never echoed")
        }
    }

    @Test func theExampleFilesSecretIsAPlaceholder() throws {
        let example = try String(contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".env.example").path, encoding: .utf8)
        let line = try #require(example.split(separator: "\n").first { $0.hasPrefix("JWT_SECRET=") })
        let value = String(line.dropFirst("JWT_SECRET=".count))
        #expect(throws: ConfigurationError.self) { try ConnectConfiguration(environment: ["JWT_SECRET": value]) }
    }

    @Test func secretsComeFromFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("connect-secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let secret = String(repeating: "ab", count: 24)
        try (secret + "\n").write(to: folder.appendingPathComponent("jwt"), atomically: true, encoding: .utf8)
        try "postgresql://connect:pw@db:5432/connect".write(to: folder.appendingPathComponent("db"), atomically: true, encoding: .utf8)
        let configuration = try ConnectConfiguration(environment: [
            "HOST": "0.0.0.0", "JWT_SECRET_FILE": folder.appendingPathComponent("jwt").path,
            "DATABASE_URL_FILE": folder.appendingPathComponent("db").path,
        ])
        #expect(configuration.jwtSecret == secret)
        #expect(configuration.databaseURL == "postgresql://connect:pw@db:5432/connect")

        let both = #expect(throws: ConfigurationError.self) {
            try ConnectConfiguration(environment: ["JWT_SECRET": secret, "JWT_SECRET_FILE": folder.appendingPathComponent("jwt").path])
        }
        #expect(both?.variable == "JWT_SECRET")
        let missing = #expect(throws: ConfigurationError.self) {
            try ConnectConfiguration(environment: ["JWT_SECRET_FILE": folder.appendingPathComponent("absent").path])
        }
        #expect(missing?.variable == "JWT_SECRET_FILE")
    }
}
