import Foundation
import Logging
import PostgresClient

/// Finds the project's data folders (`migrations/`, `seed/`) when no path is given: the folder
/// an environment variable names, else in the working directory or its parents, then beside the
/// executable (`.build/release/connect`, `/usr/local/bin` with `/app` as the working directory).
public enum ProjectFolders {
    /// The path of `folder`, or a ``ConfigurationError`` naming the variable that would set it.
    public static func locate(_ folder: String, environmentVariable: String) throws -> String {
        if let explicit = ProcessInfo.processInfo.environment[environmentVariable], !explicit.isEmpty { return explicit }
        var candidates: [URL] = []
        var directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        for _ in 0..<4 {
            candidates.append(directory)
            directory.deleteLastPathComponent()
        }
        var executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(executable)
            executable.deleteLastPathComponent()
        }
        for candidate in candidates {
            let path = candidate.appendingPathComponent(folder).path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { return path }
        }
        throw ConfigurationError(
            variable: environmentVariable, reason: "cannot find the \(folder)/ folder; run from the project folder or set \(environmentVariable)")
    }

    /// Applies the pending migrations of `migrations/` and writes the demo data of `seed/`.
    public static func migrateAndSeed(database: PostgresPool, logger: Logger) async throws -> SeedSummary {
        let migrations = try Migration.load(from: locate("migrations", environmentVariable: "CONNECT_MIGRATIONS_DIR"))
        let seed = try SeedData.load(from: locate("seed", environmentVariable: "CONNECT_SEED_DIR"))
        try await Migrator(database: database, logger: logger).migrate(migrations)
        return try await Seeder(database: database, logger: logger).seed(seed)
    }
}
