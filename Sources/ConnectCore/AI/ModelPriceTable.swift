import Foundation

/// What each model's calls cost, from `AI_PRICES_KRW`: `model=input/output` pairs in won per
/// 1,000 tokens, comma-separated (`claude-sonnet-4-5=3.90/19.50,claude-haiku-4-5=1.30/6.50`).
/// A model is priced by the longest listed name it starts with (so dated snapshots such as
/// `claude-sonnet-4-5-20250929` take their family's price), else by the default.
public struct ModelPriceTable: Sendable, Equatable {
    public var defaultPricing: ModelPricing
    public var byModel: [String: ModelPricing]

    /// The design's default prices for every model.
    public static let standard = ModelPriceTable(defaultPricing: .standard, byModel: [:])

    public init(defaultPricing: ModelPricing, byModel: [String: ModelPricing]) {
        self.defaultPricing = defaultPricing
        self.byModel = byModel
    }

    /// Parses the `AI_PRICES_KRW` form; `nil` when an entry is malformed or a price negative.
    public init?(parsing text: String, defaultPricing: ModelPricing = .standard) {
        var byModel: [String: ModelPricing] = [:]
        for entry in text.split(separator: ",") {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else { return nil }
            let prices = parts[1].split(separator: "/").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard prices.count == 2, prices.allSatisfy({ $0 >= 0 && $0.isFinite }) else { return nil }
            byModel[parts[0]] = ModelPricing(inputPerThousand: prices[0], outputPerThousand: prices[1])
        }
        self.init(defaultPricing: defaultPricing, byModel: byModel)
    }

    /// The prices that apply to `model`.
    public func pricing(for model: String) -> ModelPricing {
        if let exact = byModel[model] { return exact }
        let family = byModel.keys.filter { model.hasPrefix($0) }.max { $0.count < $1.count }
        return family.flatMap { byModel[$0] } ?? defaultPricing
    }

    /// The cost in won of one reply; offline answers cost nothing.
    public func cost<Content>(of reply: ModelReply<Content>) -> Double {
        guard reply.provider != "offline" else { return 0 }
        return pricing(for: reply.model).cost(inputTokens: reply.inputTokens, outputTokens: reply.outputTokens)
    }
}
