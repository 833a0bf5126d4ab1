import DevStack
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Programs we start (postgres, redis-server, servers under test) get standard input, output and
/// error and nothing else of ours: a test process holds hundreds of sockets, and PostgreSQL
/// refuses to start when inherited descriptors leave it too few.
@Suite struct ChildProcessTests {
    @Test func childrenInheritOnlyTheStandardDescriptors() async throws {
        // Opened without O_CLOEXEC, as hiredis opens its sockets.
        let held = open("/dev/null", O_RDONLY)
        try #require(held >= 3)
        defer { close(held) }
        let result = try await ShellCommand.run("/bin/sh", ["-c", "ls /proc/$$/fd"])
        #expect(result.succeeded, "\(result.output)")
        let descriptors = Set(result.output.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) })
        #expect(descriptors.isSuperset(of: [0, 1, 2]), "\(descriptors)")
        #expect(!descriptors.contains(held), "descriptor \(held) reached the child: \(descriptors)")
    }

    @Test func outputAndExitStatusAreReported() async throws {
        let result = try await ShellCommand.run("/bin/sh", ["-c", "echo 안녕; exit 3"])
        #expect(result.status == 3)
        #expect(result.output == "안녕\n")
    }
}
