import LLMSimulator
import Testing

/// The latency sampler alone: parsing, and the statistics of many seeded draws (no sleeping).
@Suite struct LatencyModelTests {
    @Test(arguments: [
        ("fixed:50ms", LatencyModel.fixed(.milliseconds(50))),
        ("uniform:20ms-200ms", .uniform(.milliseconds(20), .milliseconds(200))),
        ("lognormal:p50=300ms,p99=2s", .logNormal(p50: .milliseconds(300), p99: .seconds(2))),
        ("fixed:250us", .fixed(.microseconds(250))),
        ("none", .fixed(.zero)),
    ])
    func parsesAndWritesBack(text: String, model: LatencyModel) throws {
        #expect(try LatencyModel(parsing: text) == model)
        #expect(try LatencyModel(parsing: model.description) == model)
    }

    @Test func acceptsFractionsAndSpaces() throws {
        #expect(try LatencyModel(parsing: " lognormal:p99=2.5s, p50=0.5s ") == .logNormal(p50: .milliseconds(500), p99: .milliseconds(2500)))
        #expect(LatencyModel.logNormal(p50: .milliseconds(500), p99: .milliseconds(2500)).description == "lognormal:p50=500ms,p99=2500ms")
    }

    @Test(arguments: [
        "fixed", "fixed:50", "fixed:-5ms", "fixed:abc", "uniform:200ms-20ms", "uniform:20ms",
        "lognormal:p50=300ms", "lognormal:p50=2s,p99=300ms", "lognormal:p50=0ms,p99=1s", "lognormal:p90=1s,p99=2s",
        "gaussian:1s",
    ])
    func rejectsMalformedModels(text: String) {
        #expect(throws: SimulatorSettingError.self) { try LatencyModel(parsing: text) }
    }

    @Test func fixedIsAlwaysTheSame() {
        var random = SplitMix64(seed: 1)
        let model = LatencyModel.fixed(.milliseconds(50))
        #expect((0..<100).allSatisfy { _ in model.sample(using: &random) == .milliseconds(50) })
    }

    @Test func uniformStaysInItsBoundsAndCentres() {
        var random = SplitMix64(seed: 2)
        let samples = (0..<20_000).map { _ in milliseconds(LatencyModel.uniform(.milliseconds(20), .milliseconds(200)).sample(using: &random)) }
        #expect(samples.allSatisfy { $0 >= 20 && $0 <= 200 })
        let mean = samples.reduce(0, +) / Double(samples.count)
        #expect(abs(mean - 110) < 3)
        #expect(samples.min()! < 22 && samples.max()! > 198)
    }

    @Test func logNormalMatchesItsPercentiles() {
        var random = SplitMix64(seed: 3)
        let model = LatencyModel.logNormal(p50: .milliseconds(300), p99: .seconds(2))
        let samples = (0..<50_000).map { _ in milliseconds(model.sample(using: &random)) }.sorted()
        let p50 = percentile(samples, 0.50), p99 = percentile(samples, 0.99)
        #expect(abs(p50 - 300) / 300 < 0.03, "p50 \(p50) ms")
        #expect(abs(p99 - 2000) / 2000 < 0.08, "p99 \(p99) ms")
        #expect(samples.allSatisfy { $0 > 0 })
        // A long right tail: the mean sits above the median.
        #expect(samples.reduce(0, +) / Double(samples.count) > p50)
    }

    @Test func sameSeedSameDraws() {
        let model = LatencyModel.logNormal(p50: .milliseconds(100), p99: .seconds(1))
        var first = SplitMix64(seed: 99), second = SplitMix64(seed: 99), other = SplitMix64(seed: 100)
        let a = (0..<100).map { _ in model.sample(using: &first) }
        let b = (0..<100).map { _ in model.sample(using: &second) }
        let c = (0..<100).map { _ in model.sample(using: &other) }
        #expect(a == b)
        #expect(a != c)
    }

    private func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    private func percentile(_ sorted: [Double], _ p: Double) -> Double {
        sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.down)))]
    }
}
