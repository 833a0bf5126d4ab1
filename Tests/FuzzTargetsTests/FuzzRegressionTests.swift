import Foundation
import FuzzTargets
import Testing

/// Every saved input of every fuzz target — the seed corpus and each crash a fuzzing run found —
/// runs through its target on every `make test`: a fixed finding stays fixed.
@Suite struct FuzzRegressionTests {
    static let fuzzFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz")

    /// The files under `Fuzz/<kind>/<target>/`.
    static func inputs(_ kind: String, _ target: FuzzTarget) -> [URL] {
        let folder = fuzzFolder.appendingPathComponent(kind).appendingPathComponent(target.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
    }

    @Test(arguments: FuzzTarget.allCases)
    func savedInputsStillPass(_ target: FuzzTarget) throws {
        let corpus = Self.inputs("corpus", target)
        #expect(corpus.count >= 3, "Fuzz/corpus/\(target.rawValue) holds the target's seed inputs")
        for input in corpus + Self.inputs("regressions", target) {
            target.run(Array(try Data(contentsOf: input)))
        }
    }
}
