import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs an external program (initdb, pg_ctl, redis-server, apt-get) and awaits its exit without
/// blocking a thread: the child is spawned with `posix_spawn` and polled with `waitpid(WNOHANG)`.
/// Output goes to a temporary file, so daemons that inherit it cannot hold us up.
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

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let spawned = withCStrings(command) { argv in
            withCStrings(variables) { envp in
                posix_spawn(&pid, command[0], &actions, nil, argv, envp)
            }
        }
        guard spawned == 0 else {
            return Result(status: 127, output: "cannot start \(command[0]): \(String(cString: strerror(spawned)))")
        }

        let deadline = ContinuousClock.now + timeout
        var status: Int32 = 0
        var delay = Duration.milliseconds(2)
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR { status = -1; break }
            if ContinuousClock.now >= deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
                return Result(status: -1, output: output + "\n(killed after \(timeout))")
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .milliseconds(50))
        }
        let exitCode = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return Result(status: exitCode, output: output)
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

/// Calls `body` with a NULL-terminated C array of `strings`, valid only inside it.
private func withCStrings<Result>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result) -> Result {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { for pointer in pointers { free(pointer) } }
    return body(pointers)
}
