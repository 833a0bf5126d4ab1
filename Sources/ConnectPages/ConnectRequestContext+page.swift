import ConnectAPI

extension ConnectRequestContext {
    /// The page session ``PageSessionMiddleware`` read (only reachable behind it).
    func requirePage() throws -> PageSession {
        guard let page else { throw APIError.internalError }
        return page
    }
}
