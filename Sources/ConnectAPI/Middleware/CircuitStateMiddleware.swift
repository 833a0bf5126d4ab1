import ConnectCore
import Hummingbird

/// Puts `X-Circuit-State: closed|open|half_open` on every answer of the AI routes, errors
/// included, read after the handler ran so it shows the state the call left behind.
struct CircuitStateMiddleware<Context: RequestContext>: RouterMiddleware {
    let state: @Sendable () -> CircuitBreaker.State

    @concurrent func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws -> Response {
        do {
            var response = try await next(request, context)
            response.headers[.circuitState] = state().rawValue
            return response
        } catch var error as APIError {
            error.headers[.circuitState] = state().rawValue
            throw error
        }
    }
}
