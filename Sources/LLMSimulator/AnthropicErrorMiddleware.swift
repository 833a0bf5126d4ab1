import Hummingbird
import Logging

/// Gives every error answer the Messages API's body: router misses (404), wrong methods and
/// unexpected errors are rewritten; ``SimulatedAPIError`` renders itself.
struct AnthropicErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    @concurrent func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as SimulatedAPIError {
            throw error
        } catch let error as HTTPError {
            throw SimulatedAPIError(status: Int(error.status.code), message: error.body)
        } catch let error as any HTTPResponseError {
            throw SimulatedAPIError(status: Int(error.status.code))
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(error)"])
            throw SimulatedAPIError(status: 500)
        }
    }
}
