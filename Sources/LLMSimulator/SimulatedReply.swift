/// The text the simulator answers, decided by the seed and the request alone (the same request
/// gets the same text in JSON and in a stream, run after run).
///
/// When the prompt asks for JSON with a `summary` (as match explanations do), the reply is such
/// an object: `{"summary":…,"reasons":[…],"cautions":[…],"recommendation":…}`. Otherwise it
/// is a few sentences of advice. Korean when the prompt is in Korean, unless it asks for English.
struct SimulatedReply: Sendable, Equatable {
    enum Language: Sendable, Equatable {
        case english, korean
    }

    var text: String
    var isStructured: Bool
    var language: Language

    init(seed: UInt64, system: String, messages: [String], lastUserMessage: String) {
        var random = SplitMix64(seed: Self.fingerprint(seed: seed, parts: [system] + messages))
        let prompt = system + "\n" + lastUserMessage
        let lowered = prompt.lowercased()
        if lowered.contains("english") {
            language = .english
        } else if lowered.contains("korean") || prompt.unicodeScalars.contains(where: Self.isHangul) {
            language = .korean
        } else {
            language = .english
        }
        let phrases = language == .korean ? ReplyPhrases.korean : ReplyPhrases.english
        isStructured = lowered.contains("json") && lowered.contains("summary")
        if isStructured {
            let summary = Self.pick(1, from: phrases.summaries, using: &random)
            let reasons = Self.pick(2 + Int(random.next() % 2), from: phrases.reasons, using: &random)
            let cautions = Self.pick(1 + Int(random.next() % 2), from: phrases.cautions, using: &random)
            let recommendation = Self.pick(1, from: phrases.recommendations, using: &random)
            text = JSONValue.object([
                ("summary", .string(summary[0])),
                ("reasons", .array(reasons.map { .string($0) })),
                ("cautions", .array(cautions.map { .string($0) })),
                ("recommendation", .string(recommendation[0])),
            ]).text
        } else {
            let sentences = Self.pick(1, from: phrases.openings, using: &random)
                + Self.pick(2 + Int(random.next() % 2), from: phrases.body, using: &random)
                + Self.pick(1, from: phrases.closings, using: &random)
            text = sentences.joined(separator: " ")
        }
    }

    /// `count` different elements in a random order (a partial Fisher–Yates shuffle, written out
    /// so that the choice never depends on the standard library's algorithm).
    static func pick(_ count: Int, from options: [String], using random: inout SplitMix64) -> [String] {
        var pool = options
        let count = min(count, pool.count)
        for index in 0..<count {
            let other = index + Int(random.next() % UInt64(pool.count - index))
            pool.swapAt(index, other)
        }
        return Array(pool.prefix(count))
    }

    /// FNV-1a over the seed and the texts, each text ended by a zero byte.
    static func fingerprint(seed: UInt64, parts: [String]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01B3
        }
        withUnsafeBytes(of: seed.littleEndian) { $0.forEach(mix) }
        for part in parts {
            part.utf8.forEach(mix)
            mix(0)
        }
        return hash
    }

    private static func isHangul(_ scalar: Unicode.Scalar) -> Bool {
        (0xAC00...0xD7A3).contains(scalar.value) || (0x1100...0x11FF).contains(scalar.value) || (0x3130...0x318F).contains(scalar.value)
    }
}
