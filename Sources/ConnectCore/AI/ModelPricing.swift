/// What model calls cost, in Korean won per 1,000 tokens.
public struct ModelPricing: Sendable, Equatable {
    public var inputPerThousand: Double
    public var outputPerThousand: Double

    public init(inputPerThousand: Double, outputPerThousand: Double) {
        self.inputPerThousand = inputPerThousand
        self.outputPerThousand = outputPerThousand
    }

    /// The design's default prices: ₩3.90 per 1K input tokens, ₩19.50 per 1K output tokens.
    public static let standard = ModelPricing(inputPerThousand: 3.90, outputPerThousand: 19.50)
    /// The offline model costs nothing.
    public static let free = ModelPricing(inputPerThousand: 0, outputPerThousand: 0)

    /// The cost of one call, rounded to 0.0001 won.
    public func cost(inputTokens: Int, outputTokens: Int) -> Double {
        let raw = Double(inputTokens) / 1000 * inputPerThousand + Double(outputTokens) / 1000 * outputPerThousand
        return (raw * 10_000).rounded() / 10_000
    }
}
