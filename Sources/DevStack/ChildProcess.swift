import Foundation
import Subprocess
import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

/// A program we start through swift-subprocess, for as long as a scope: standard input from
/// `/dev/null`, standard output and error appended to a file, and no other descriptor of ours
/// (swift-subprocess closes them in the child: daemons such as postgres and redis-server would
/// keep our sockets open, and PostgreSQL refuses to start when inherited descriptors leave it too
/// few). Exits are awaited without blocking a thread.
public struct ChildProcess: Sendable {
    /// The program's process id, valid while the scope that started it runs.
    public let pid: pid_t

    /// Sends a signal (`SIGTERM`, `SIGINT`, `SIGKILL`…).
    public func signal(_ signal: Int32) {
        kill(pid, signal)
    }

    /// Whether the program has exited (it is reaped when its scope ends, not here).
    public var hasExited: Bool {
        var info = siginfo_t()
        return waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info._sifields._kill.si_pid == pid
    }

    /// Waits up to `timeout` for the program to exit on its own; whether it did.
    public func exited(within timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        var delay = Duration.milliseconds(2)
        while !hasExited {
            guard ContinuousClock.now < deadline, !Task.isCancelled else { return false }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .milliseconds(50))
        }
        return true
    }

    /// Runs `command` (a full path first) while `body` runs, then stops it: `stopSignal` unless it
    /// has already exited, up to `grace` to exit, then `SIGKILL`. If `body` throws or the task is
    /// cancelled, the program gets `SIGTERM`, `grace`, then `SIGKILL`.
    /// - Returns: what `body` returned, and the exit status (128 + the signal when one ended it).
    public static func withRunning<Result: Sendable>(
        _ command: [String], environment: [String: String] = [:], outputPath: String,
        stopSignal: Int32 = SIGTERM, grace: Duration = .seconds(15),
        _ body: (ChildProcess) async throws -> Result
    ) async throws -> (value: Result, status: Int32) {
        guard let executable = command.first else { throw DevStackError.commandFailed("", 127, "no program given") }
        let output: FileDescriptor
        do {
            output = try FileDescriptor.open(
                FilePath(outputPath), .writeOnly, options: [.create, .append, .closeOnExec],
                permissions: [.ownerReadWrite, .groupRead, .otherRead])
        } catch {
            throw DevStackError.commandFailed(command.joined(separator: " "), 127, "cannot write \(outputPath): \(error)")
        }
        var options = PlatformOptions()
        options.teardownSequence = [.gracefulShutDown(allowedDurationToNextStep: grace)]
        var overrides: [Environment.Key: String?] = [:]
        for (name, value) in environment {
            if let key = Environment.Key(rawValue: name) { overrides[key] = value }
        }
        let result: ExecutionResult<Result, FileDescriptorOutput, CombinedErrorOutput>
        do {
            result = try await Subprocess.run(
                .path(FilePath(executable)), arguments: Arguments(Array(command.dropFirst())),
                environment: .inherit.updating(overrides), platformOptions: options,
                input: .none, output: .fileDescriptor(output, closeAfterSpawningProcess: true), error: .combinedWithOutput
            ) { execution in
                let process = ChildProcess(pid: execution.processIdentifier.value)
                let value = try await body(process)
                if !process.hasExited {
                    process.signal(stopSignal)
                    if await !process.exited(within: grace) { process.signal(SIGKILL) }
                }
                return value
            }
        } catch let error as SubprocessError {
            throw DevStackError.commandFailed(command.joined(separator: " "), 127, String(describing: error))
        }
        switch result.terminationStatus {
        case .exited(let code): return (result.closureResult, Int32(code))
        case .signaled(let signal): return (result.closureResult, 128 + Int32(signal))
        }
    }

    /// A program to start: its command line (a full path first), environment over ours, and the
    /// file its output and errors are appended to.
    public struct Program: Sendable {
        public var command: [String]
        public var environment: [String: String]
        public var outputPath: String

        public init(_ command: [String], environment: [String: String] = [:], outputPath: String) {
            self.command = command
            self.environment = environment
            self.outputPath = outputPath
        }
    }

    /// Several programs at once, each as in ``withRunning(_:environment:outputPath:stopSignal:grace:_:)``:
    /// all started before `body`, all stopped after it (the last started first).
    /// - Returns: what `body` returned, and each program's exit status in the order given.
    public static func withRunning<Result: Sendable>(
        all programs: [Program], stopSignal: Int32 = SIGTERM, grace: Duration = .seconds(15),
        _ body: ([ChildProcess]) async throws -> Result
    ) async throws -> (value: Result, statuses: [Int32]) {
        try await withRunning(programs[...], started: [], stopSignal: stopSignal, grace: grace, body)
    }

    private static func withRunning<Result: Sendable>(
        _ programs: ArraySlice<Program>, started: [ChildProcess], stopSignal: Int32, grace: Duration,
        _ body: ([ChildProcess]) async throws -> Result
    ) async throws -> (value: Result, statuses: [Int32]) {
        guard let program = programs.first else { return (try await body(started), []) }
        let (inner, status) = try await withRunning(
            program.command, environment: program.environment, outputPath: program.outputPath, stopSignal: stopSignal, grace: grace
        ) { process in
            try await withRunning(programs.dropFirst(), started: started + [process], stopSignal: stopSignal, grace: grace, body)
        }
        return (inner.value, [status] + inner.statuses)
    }

    /// Runs `command` to completion, killed (`SIGTERM`, then `SIGKILL` a second later) after
    /// `timeout`. The exit status (128 + the signal when one ended it), or `nil` on timeout.
    public static func run(
        _ command: [String], environment: [String: String] = [:], outputPath: String, timeout: Duration
    ) async throws -> Int32? {
        let (exited, status) = try await withRunning(
            command, environment: environment, outputPath: outputPath, stopSignal: SIGTERM, grace: .seconds(1)
        ) { process in
            await process.exited(within: timeout)
        }
        return exited ? status : nil
    }
}
