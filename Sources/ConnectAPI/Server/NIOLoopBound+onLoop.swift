import NIOCore

extension NIOLoopBound {
    /// Runs `body` with the value on its event loop: at once when already there, as a request's
    /// task usually is.
    func onLoop(_ body: @escaping @Sendable (Value) -> Void) {
        if eventLoop.inEventLoop {
            body(value)
        } else {
            eventLoop.execute { body(self.value) }
        }
    }

    /// Runs `body` with the value on its event loop and returns its future.
    func onLoop<Result: Sendable>(_ body: @escaping @Sendable (Value) -> EventLoopFuture<Result>) -> EventLoopFuture<Result> {
        if eventLoop.inEventLoop {
            return body(value)
        }
        return eventLoop.flatSubmit { body(self.value) }
    }
}
