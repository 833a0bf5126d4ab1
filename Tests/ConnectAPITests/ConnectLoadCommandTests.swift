import DevStack
import Foundation
import Testing
import TestSupport

/// `connect-load run` at the command line, as CI calls it: each outcome has its exit code and
/// says why on standard error. Nothing listens on the target port, so every request fails fast.
@Suite struct ConnectLoadCommandTests {
    /// Runs `connect-load` with `arguments`; its exit code and output.
    static func run(_ arguments: [String]) async throws -> (Int32?, String) {
        let folder = TestStack.temporaryFolder("connect-load-cli")
        let log = folder + "/out.log"
        let process = try ChildProcess.spawn([try BuiltProducts.path("connect-load")] + arguments, outputPath: log)
        let code = await process.wait(timeout: .seconds(60))
        return (code, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    /// A scenario file in a folder of its own.
    static func scenario(_ text: String) -> String {
        let path = TestStack.temporaryFolder("connect-load-scenario") + "/scenario.yaml"
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    static let target = "http://127.0.0.1:\(TestStack.freePort())"

    @Test func aFailedThresholdExits99() async throws {
        let path = Self.scenario("""
            name: failing
            executor: {type: constant-vus, vus: 1, duration: 300ms}
            personas:
              - name: p
                steps: [{path: /nowhere}]
            thresholds:
              http_req_failed: ["rate<0.01"]
            """)
        let (code, output) = try await Self.run(["run", path, "--base-url", Self.target, "--quiet"])
        #expect(code == 99, "\(output)")
        #expect(output.contains("http_req_failed"), "\(output)")
    }

    @Test func anInvalidScenarioExits104NamingTheLine() async throws {
        let path = Self.scenario("""
            name: broken
            executor: {type: constant-vus, vus: 1, duration: soon}
            personas: [{name: p, steps: [{path: /}]}]
            """)
        let (code, output) = try await Self.run(["run", path, "--base-url", Self.target])
        #expect(code == 104, "\(output)")
        #expect(output.contains("scenario.yaml:2:"), "\(output)")
    }

    @Test func invalidOptionsExit104() async throws {
        let path = Self.scenario("""
            name: fine
            executor: {type: constant-vus, vus: 1, duration: 1s}
            personas: [{name: p, steps: [{path: /}]}]
            """)
        let (code, output) = try await Self.run(["run", path, "--base-url", Self.target, "--scale", "0"])
        #expect(code == 104, "\(output)")
        #expect(output.contains("--scale must be above 0"), "\(output)")
    }

    @Test func aFailedSetupExits107() async throws {
        let path = Self.scenario("""
            name: setup
            executor: {type: constant-vus, vus: 1, duration: 1s}
            setup:
              - name: login
                steps: [{path: /api/auth/login, method: POST, checks: {signed in: {status: 200}}}]
            personas: [{name: p, steps: [{path: /}]}]
            """)
        let (code, output) = try await Self.run(["run", path, "--base-url", Self.target, "--quiet"])
        #expect(code == 107, "\(output)")
        #expect(output.contains("signed in"), "\(output)")
    }

    @Test func argumentsItDoesNotKnowExit64() async throws {
        let (code, output) = try await Self.run(["run", "smoke", "--no-such-option"])
        #expect(code == 64, "\(output)")
        #expect(output.contains("--no-such-option"), "\(output)")
        let (missing, usage) = try await Self.run(["run"])
        #expect(missing == 64, "\(usage)")
    }
}
