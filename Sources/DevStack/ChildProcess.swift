import CSpawn
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A program started with `posix_spawn`, awaited by polling `waitpid(WNOHANG)` from async code,
/// so no thread blocks while it runs. (Foundation's `Process` missed exits of `runuser` here.)
public struct ChildProcess: Sendable {
    public let pid: pid_t

    /// Starts `command` (a full path first) with standard input from `/dev/null`, standard
    /// output and error appended to `outputPath`, and no other descriptor of ours open.
    public static func spawn(_ command: [String], environment: [String: String] = [:], outputPath: String) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of ours reaches the child: daemons (postgres, redis-server) would keep our
        // sockets open, and PostgreSQL refuses to start when inherited descriptors leave it too few.
        posix_spawn_file_actions_addclosefrom_np(&actions, 3)

        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let result = withCStrings(command) { argv in
            withCStrings(variables) { envp in
                posix_spawn(&pid, command[0], &actions, nil, argv, envp)
            }
        }
        guard result == 0 else {
            throw DevStackError.commandFailed(command.joined(separator: " "), 127, String(cString: strerror(result)))
        }
        return ChildProcess(pid: pid)
    }

    /// Sends a signal (`SIGTERM`, `SIGINT`, `SIGKILL`…).
    public func signal(_ signal: Int32) {
        kill(pid, signal)
    }

    /// Waits for the exit and returns the exit code (128 + signal when killed by one), or `nil`
    /// after `timeout`, when the process is killed.
    public func wait(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        var status: Int32 = 0
        var delay = Duration.milliseconds(2)
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR { return -1 }
            if ContinuousClock.now >= deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                return nil
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .milliseconds(50))
        }
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}

/// Calls `body` with a NULL-terminated C array of `strings`, valid only inside it.
private func withCStrings<Result>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result) -> Result {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { for pointer in pointers { free(pointer) } }
    return body(pointers)
}
