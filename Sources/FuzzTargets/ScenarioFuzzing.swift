import LoadHarness

/// Input: a scenario file. Invariant: the loader returns a scenario or a ``ScenarioError``;
/// it never crashes, whatever the YAML holds.
enum ScenarioFuzzing {
    static func run(_ data: UnsafeRawBufferPointer) {
        _ = try? ScenarioLoader.parse(String(decoding: data, as: UTF8.self), file: "fuzz.yaml")
    }
}
