import Logging
import Synchronization

/// Collects what a logger logs, for tests that wait for a log line instead of the clock.
public final class LogRecorder: Sendable {
    private let messages = Mutex<[String]>([])
    private let lines = Mutex<[String]>([])

    public init() {}

    /// A logger whose lines (at `level` and above) go here.
    public func logger(level: Logger.Level = .debug) -> Logger {
        var logger = Logger(label: "test-recorder") { _ in Handler(recorder: self) }
        logger.logLevel = level
        return logger
    }

    /// The messages logged so far.
    public var recorded: [String] { messages.withLock { $0 } }

    /// Each line logged so far: its message and its metadata (the logger's and the line's own).
    public var recordedLines: [String] { lines.withLock { $0 } }

    /// How many messages equal `message`.
    public func count(of message: String) -> Int { recorded.filter { $0 == message }.count }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            recorder.messages.withLock { $0.append(event.message.description) }
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            recorder.lines.withLock { $0.append("\(event.message) \(merged)") }
        }
    }
}
