import Foundation
import Synchronization

/// A file a live output appends lines to, created (or truncated) when the output opens.
final class OutputFile: Sendable {
    /// The file could not be opened or written.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let path: String
    private let handle: Mutex<FileHandle?>

    /// Creates or truncates `path`; `-` is standard output.
    init(path: String) throws {
        self.path = path
        if path == "-" {
            handle = Mutex(FileHandle.standardOutput)
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil), let opened = FileHandle(forWritingAtPath: path) else {
            throw Failure(description: "cannot create \(path)")
        }
        handle = Mutex(opened)
    }

    /// Appends `bytes`.
    func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        try handle.withLock { handle in
            guard let handle else { throw Failure(description: "\(path) is closed") }
            do { try handle.write(contentsOf: bytes) } catch { throw Failure(description: "cannot write \(path): \(error)") }
        }
    }

    /// Closes the file (standard output stays open).
    func close() throws {
        try handle.withLock { handle in
            defer { handle = nil }
            if path != "-" { try handle?.close() }
        }
    }
}
