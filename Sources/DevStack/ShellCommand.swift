import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs an external program (initdb, pg_ctl, redis-server, apt-get) to completion, without
/// blocking a thread (see ``ChildProcess``). Output goes to a temporary file, not a pipe, so
/// daemons that inherit it (postgres under `pg_ctl`, a daemonized redis-server) cannot hold us up.
public enum ShellCommand {
    /// What a finished program left behind.
    public struct Result: Sendable {
        public var status: Int32
        public var output: String
        public var succeeded: Bool { status == 0 }
    }

    /// Runs `executable` (a path, or a name looked up on `PATH`) with `arguments`.
    /// - Parameters:
    ///   - user: when set and we are root, the program runs as this user through `runuser`.
    ///   - timeout: the program is killed after this long.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        user: String? = nil,
        environment: [String: String] = [:],
        timeout: Duration = .seconds(120)
    ) async throws -> Result {
        guard let path = locate(executable) else { throw DevStackError.missingProgram(executable) }
        var command = [path] + arguments
        if let user, getuid() == 0 {
            command = ["/usr/sbin/runuser", "-u", user, "--"] + command
        }
        let outputPath = NSTemporaryDirectory() + "connect-cmd-\(UUID().uuidString).log"
        defer { unlink(outputPath) }
        let status: Int32?
        do {
            status = try await ChildProcess.run(command, environment: environment, outputPath: outputPath, timeout: timeout)
        } catch {
            return Result(status: 127, output: String(describing: error))
        }
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard let status else {
            return Result(status: -1, output: output + "\n(killed after \(timeout))")
        }
        return Result(status: status, output: output)
    }

    /// Runs a program and throws with its output when it exits non-zero.
    @discardableResult
    public static func check(
        _ executable: String, _ arguments: [String], user: String? = nil, timeout: Duration = .seconds(120)
    ) async throws -> String {
        let result = try await run(executable, arguments, user: user, timeout: timeout)
        guard result.succeeded else {
            throw DevStackError.commandFailed(([executable] + arguments).joined(separator: " "), result.status, result.output)
        }
        return result.output
    }

    /// The full path of a program: as given when it contains `/`, else the first match on `PATH`
    /// and the usual system folders.
    public static func locate(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]
        return folders.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

