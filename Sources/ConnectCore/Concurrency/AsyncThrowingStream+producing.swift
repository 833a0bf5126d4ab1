extension AsyncThrowingStream where Element: Sendable, Failure == any Error {
    /// A stream fed by `produce`, which runs in a task that is cancelled when the consumer stops
    /// listening. The stream finishes when `produce` returns, or with the error it throws.
    static func producing(_ produce: @escaping @Sendable (Continuation) async throws -> Void) -> Self {
        let (stream, continuation) = makeStream(of: Element.self)
        let task = Task {
            do {
                try await produce(continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
