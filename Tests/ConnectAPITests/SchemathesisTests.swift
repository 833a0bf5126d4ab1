import DevStack
import Foundation
import Testing
import TestSupport

/// schemathesis (PyPI) generates requests from the served `/openapi.json` — valid ones, invalid
/// ones, and stateful sequences — against a real `connect serve` process, and runs every check
/// it has: no 5xx, documented statuses, headers and content types, bodies matching their
/// schemas, invalid data refused, valid data accepted, `Allow` on 405. Fixed seed, bounded
/// examples, about a minute.
@Suite(.serialized) struct SchemathesisTests {
    @Test func everyCheckPassesAgainstTheServedDocument() async throws {
        let tools = try await ShellCommand.check("bash", [TestStack.packageRoot + "/scripts/python-tools.sh"], timeout: .seconds(600))
        let bin = try #require(tools.split(separator: "\n").last.map(String.init))
        // The per-user chat and model-call limits, and the per-address sign-in and registration
        // limits, would answer 429 to a run from one address with one token: raised, so the routes
        // themselves are exercised.
        try await ServerProcess.withIsolatedServer(environment: [
            "CHAT_RATE_LIMIT_PER_MINUTE": "100000", "AI_RATE_LIMIT_PER_MINUTE": "100000",
            "LOGIN_RATE_LIMIT_PER_MINUTE": "100000", "REGISTRATION_RATE_LIMIT_PER_HOUR": "100000",
            "LOG_LEVEL": "warning",
        ]) { server, _, _ in
            let user = try await server.token("loadtest+9@connectplt.kr")
            let admin = try await server.token("admin@connectplt.kr")
            let report = TestStack.temporaryFolder("schemathesis")
            // Revoking the run's own token would turn every later request into a 401: the two
            // routes that do it are driven by IdentityTests instead.
            let runs: [(String, String, [String])] = [
                ("user", user, ["--exclude-path", "/api/auth/sign-out-everywhere", "--exclude-path", "/api/auth/password",
                                "--exclude-path", "/api/admin/ai-monitoring/stats"]),
                ("admin", admin, ["--include-path", "/api/admin/ai-monitoring/stats"]),
            ]
            for (name, token, filter) in runs {
                let result = try await ShellCommand.run(
                    bin + "/schemathesis",
                    ["run", server.base + "/openapi.json", "--checks", "all", "--max-examples", "40", "--seed", "20261203",
                     "--header", "Authorization: Bearer \(token)", "--request-timeout", "30", "--workers", "2", "--no-color",
                     "--output-truncate", "false", "--report", "junit", "--report-dir", report + "/\(name)"] + filter,
                    timeout: .seconds(600))
                let summary = result.output.split(separator: "\n").last { $0.hasPrefix("====") } ?? "no summary"
                #expect(result.succeeded, "schemathesis (\(name)) exited \(result.status): \(summary)\n\(result.output.suffix(6000))")
                #expect(!summary.contains("failure") && !summary.contains("error"), "\(summary)")
                #expect(result.output.contains("Tested:"), "\(result.output.suffix(2000))")
            }
            let errors = server.logLines().filter { $0["level"] as? String == "error" }
            #expect(errors.isEmpty, "\(errors.prefix(5))")
        }
    }
}
