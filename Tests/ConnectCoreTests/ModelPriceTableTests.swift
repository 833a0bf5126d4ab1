import ConnectCore
import Testing

/// Per-model prices from `AI_PRICES_KRW`.
@Suite struct ModelPriceTableTests {
    @Test func modelsArePricedByTheLongestListedFamily() throws {
        let table = try #require(ModelPriceTable(parsing: "claude-sonnet-4-5=3.90/19.50, claude-haiku-4-5 = 1.30/6.50,claude=10/50"))
        #expect(table.pricing(for: "claude-haiku-4-5-20251001") == ModelPricing(inputPerThousand: 1.30, outputPerThousand: 6.50))
        #expect(table.pricing(for: "claude-sonnet-4-5") == ModelPricing(inputPerThousand: 3.90, outputPerThousand: 19.50))
        #expect(table.pricing(for: "claude-opus-4") == ModelPricing(inputPerThousand: 10, outputPerThousand: 50))
        #expect(table.pricing(for: "gpt-x") == .standard)
        let reply = ModelReply(content: "", source: .ai, provider: "anthropic", model: "claude-haiku-4-5", inputTokens: 2000, outputTokens: 1000)
        #expect(table.cost(of: reply) == 2.6 + 6.5)
        let offline = ModelReply(content: "", source: .local, provider: "offline", model: "connect-offline-1", inputTokens: 2000, outputTokens: 1000)
        #expect(table.cost(of: offline) == 0)
    }

    @Test func malformedTablesAreRefusedByTheConfiguration() throws {
        for text in ["claude", "claude=1", "claude=a/b", "=1/2", "claude=-1/2"] {
            #expect(ModelPriceTable(parsing: text) == nil, "\(text)")
            #expect(throws: ConfigurationError.self) { try ConnectConfiguration(environment: ["AI_PRICES_KRW": text]) }
        }
        let configuration = try ConnectConfiguration(environment: ["AI_PRICES_KRW": "claude-sonnet-4-5=3/15"])
        #expect(configuration.aiPrices.pricing(for: "claude-sonnet-4-5").outputPerThousand == 15)
        #expect(try ConnectConfiguration(environment: [:]).aiPrices == .standard)
    }
}
