import PostgresClient

extension PostgresPool {
    /// Runs `body` with a small pool to `url` (a command's few statements), closing it afterwards.
    public static func scoped<Result: Sendable>(url: String, _ body: (PostgresPool) async throws -> Result) async throws -> Result {
        let database = PostgresPool(configuration: .init(url: url, poolSize: 2))
        do {
            let result = try await body(database)
            await database.shutdown()
            return result
        } catch {
            await database.shutdown()
            throw error
        }
    }
}
