import Foundation

/// Runs an external program (initdb, pg_ctl, redis-server, apt-get) and awaits its exit without
/// blocking a thread; output goes to a temporary file, so daemons that inherit it cannot hang us.
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
    ///   - timeout: the program is terminated after this long.
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
        let outputURL = FileManager.default.temporaryDirectory.appendingPathComponent("connect-cmd-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outputURL) }
        let output = try FileHandle(forWritingTo: outputURL)
        defer { try? output.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice

        let status: Int32 = try await withThrowingTaskGroup(of: Int32?.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
                    do {
                        try process.run()
                    } catch {
                        process.terminationHandler = nil
                        continuation.resume(returning: 127)
                    }
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let status = result { return status }
                if process.isRunning { process.terminate() }
            }
            return -1
        }
        let text = (try? String(contentsOf: outputURL, encoding: .utf8)) ?? ""
        return Result(status: status, output: text)
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
