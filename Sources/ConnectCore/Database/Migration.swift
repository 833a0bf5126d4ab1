import Crypto
import Foundation

/// One `migrations/NNNN_name.sql` file.
public struct Migration: Sendable, Equatable {
    /// The `NNNN` prefix, which orders migrations.
    public var version: String
    /// The rest of the file name, without `.sql`.
    public var name: String
    public var sql: String

    /// SHA-256 of the SQL, recorded so a file edited after it was applied is noticed.
    public var checksum: String { SHA256.hex(sql) }

    /// Loads every `NNNN_name.sql` file of a folder, ordered by version.
    public static func load(from directory: String) throws -> [Migration] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory)
        var migrations: [Migration] = []
        for file in files.sorted() where file.hasSuffix(".sql") {
            let stem = file.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"),
                stem[..<underscore].allSatisfy(\.isNumber), !stem[..<underscore].isEmpty
            else {
                throw MigrationError.badFileName(file)
            }
            let sql = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            migrations.append(Migration(version: String(stem[..<underscore]), name: String(stem[stem.index(after: underscore)...]), sql: sql))
        }
        let versions = migrations.map(\.version)
        if Set(versions).count != versions.count { throw MigrationError.duplicateVersion(versions) }
        return migrations
    }
}

/// Why migrations could not be applied.
public enum MigrationError: Error, CustomStringConvertible, Sendable {
    case badFileName(String)
    case duplicateVersion([String])
    case changedAfterApply(version: String, name: String)
    case notFound(String)

    public var description: String {
        switch self {
        case .badFileName(let file): "migration file \(file) is not named NNNN_name.sql"
        case .duplicateVersion(let versions): "two migrations share a version: \(versions)"
        case .changedAfterApply(let version, let name):
            "migration \(version)_\(name) was edited after it was applied; add a new migration instead"
        case .notFound(let directory): "no migrations folder at \(directory)"
        }
    }
}
