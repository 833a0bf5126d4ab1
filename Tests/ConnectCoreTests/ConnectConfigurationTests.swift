import ConnectCore
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
    }

    @Test func valuesAreRead() throws {
        let configuration = try ConnectConfiguration(environment: [
            "PORT": "8080", "DB_POOL_SIZE": "20", "LOG_LEVEL": "DEBUG", "ANTHROPIC_API_KEY": " ", "JWT_SECRET": "s3cret-that-is-long-enough-for-hs256",
        ])
        #expect(configuration.port == 8080 && configuration.databasePoolSize == 20)
        #expect(configuration.logLevel == .debug)
        #expect(configuration.anthropicAPIKey == nil)
        #expect(!configuration.usesDevelopmentSecret)
    }

    @Test(arguments: [("PORT", "abc"), ("PORT", "70000"), ("DB_POOL_SIZE", "0"), ("LOG_LEVEL", "loud"), ("JWT_SECRET", "short")])
    func malformedValuesNameTheVariable(_ name: String, _ value: String) {
        let error = #expect(throws: ConfigurationError.self) { try ConnectConfiguration(environment: [name: value]) }
        #expect(error?.variable == name)
    }
}
