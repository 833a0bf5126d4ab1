/// Figures another platform published for the same scenarios, printed beside ours with
/// `--baseline NAME`. `phase2` is the original Next.js platform's, measured on a laptop.
public struct Baseline: Sendable {
    /// One scenario's published figures; nil where the original did not report one.
    public struct Figures: Sendable {
        /// Requests sent.
        public let requests: Int
        /// Sustained requests per second.
        public let requestsPerSecond: Double?
        /// 95th percentile of request latency, in milliseconds.
        public let p95Milliseconds: Double
        /// Share of failed requests.
        public let failedRate: Double?
        /// Most virtual users at once.
        public let peakVUs: Int?
        /// Remarks printed under the table.
        public let notes: [String]

        /// - Parameters: the figures, as the properties describe them.
        public init(
            requests: Int, requestsPerSecond: Double? = nil, p95Milliseconds: Double, failedRate: Double? = nil,
            peakVUs: Int? = nil, notes: [String] = []
        ) {
            self.requests = requests
            self.requestsPerSecond = requestsPerSecond
            self.p95Milliseconds = p95Milliseconds
            self.failedRate = failedRate
            self.peakVUs = peakVUs
            self.notes = notes
        }
    }

    /// The name given to `--baseline`.
    public let name: String
    /// Where the figures come from, in a few words.
    public let origin: String
    /// The figures by scenario name.
    public let scenarios: [String: Figures]

    /// - Parameters:
    ///   - name: the name given to `--baseline`.
    ///   - origin: where the figures come from.
    ///   - scenarios: the figures by scenario name.
    public init(name: String, origin: String, scenarios: [String: Figures]) {
        self.name = name
        self.origin = origin
        self.scenarios = scenarios
    }

    /// The original platform's phase 2 load tests (Next.js, on a laptop).
    public static let phase2: Baseline = {
        let loggedIn =
            "most of the original's AI requests were answered 401 (its scripts did not log in); ours are logged in and exercise the real paths"
        return Baseline(
            name: "phase2", origin: "the original platform (Next.js, on a laptop)",
            scenarios: [
                "smoke": Figures(
                    requests: 290, p95Milliseconds: 59, notes: ["the original also reported health ≈ 1 ms"]),
                "ai-load": Figures(requests: 13_656, p95Milliseconds: 39, peakVUs: 150, notes: [loggedIn]),
                "mixed-traffic": Figures(
                    requests: 45_940, requestsPerSecond: 28, p95Milliseconds: 49, peakVUs: 150, notes: [loggedIn]),
            ])
    }()

    /// Every baseline `--baseline` accepts.
    public static let all: [Baseline] = [.phase2]

    /// The baseline called `name`.
    /// - Throws: ``RunSummaryError`` naming the known baselines when there is none by that name.
    public static func named(_ name: String) throws(RunSummaryError) -> Baseline {
        guard let baseline = all.first(where: { $0.name == name }) else {
            throw RunSummaryError("unknown baseline '\(name)' (known: \(all.map(\.name).joined(separator: ", ")))")
        }
        return baseline
    }
}
