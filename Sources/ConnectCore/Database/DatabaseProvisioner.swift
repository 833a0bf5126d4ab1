import PostgresClient

/// Creates and drops databases through a cluster's maintenance database.
public enum DatabaseProvisioner {
    /// Creates `name` unless it exists. `name` must be a plain identifier.
    public static func createIfMissing(_ name: String, maintenanceURL: String) async throws {
        try checkIdentifier(name)
        try await withMaintenancePool(maintenanceURL) { pool in
            let exists = try await pool.query("SELECT 1 FROM pg_database WHERE datname = \(name)").first != nil
            guard !exists else { return }
            do {
                try await pool.query("CREATE DATABASE \(unescaped: name) ENCODING 'UTF8' TEMPLATE template0")
            } catch let error as PostgresError where error.sqlState == "42P04" || error.sqlState == "23505" {
                // Created by someone else in the meantime.
            }
        }
    }

    /// Drops `name` if it exists, ending its sessions.
    public static func drop(_ name: String, maintenanceURL: String) async throws {
        try checkIdentifier(name)
        try await withMaintenancePool(maintenanceURL) { pool in
            try await pool.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)")
        }
    }

    private static func withMaintenancePool(_ url: String, _ body: (PostgresPool) async throws -> Void) async throws {
        // CREATE and DROP DATABASE copy a template and wait for a checkpoint, one at a time across
        // the server: not a request's statement, so not a request's 15 s bound.
        let pool = PostgresPool(configuration: .init(url: url, poolSize: 1, statementTimeout: .seconds(120)))
        do {
            try await body(pool)
            await pool.shutdown()
        } catch {
            await pool.shutdown()
            throw error
        }
    }

    private static func checkIdentifier(_ name: String) throws {
        guard !name.isEmpty, name.count <= 63,
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }),
            !(name.first!.isNumber)
        else {
            throw PostgresError(code: .server, message: "'\(name)' is not a plain database name")
        }
    }
}
