import Foundation
import Synchronization

/// The folders tests made under the temporary folder (logs, scenario files, reports, data
/// directories), removed when the test process exits: a run no longer leaves hundreds behind.
/// Failures quote the logs they need in their messages; `KEEP_TEST_FOLDERS=1` keeps the folders
/// for a closer look.
enum TemporaryFolders {
    private static let paths = Mutex<[String]>([])
    private static let removalAtExit: Void = {
        atexit { TemporaryFolders.removeAll() }
    }()

    /// Removes `path` with the others when the process exits.
    static func remember(_ path: String) {
        _ = removalAtExit
        paths.withLock { $0.append(path) }
    }

    private static func removeAll() {
        guard ProcessInfo.processInfo.environment["KEEP_TEST_FOLDERS"] != "1" else { return }
        for path in paths.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: path) }
    }
}
