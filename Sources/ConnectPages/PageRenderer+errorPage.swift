import ConnectAPI
import Foundation
import Hummingbird
import Logging

extension PageRenderer {
    /// The HTML page answering `error`: the status the API would give, in words of the page's
    /// language; unexpected errors are logged and reveal nothing.
    func errorPage(_ error: any Error, request: Request, session: PageSession, logger: Logger) -> Response {
        let apiError = ErrorMiddleware<ConnectRequestContext>.map(error)
        let text = PageText.of(session.language)
        if apiError.status.code >= 500 {
            logger.error("page failed", metadata: [
                "error": "\(String(reflecting: error))", "path": "\(request.uri.path)", "status": "\(apiError.status.code)",
            ])
        }
        let message: String
        switch (apiError.status.code, apiError.code) {
        case (_, "csrf_failed"): message = text.csrfFailed
        case (404, _): message = text.errorNotFound
        case (429, _): message = text.errorRateLimited
        case (503, _): message = text.errorUnavailable
        case (500..., _): message = text.errorInternal
        default: message = "\(text.errorInvalidInput): \(apiError.message)"
        }
        var headers = apiError.headers
        headers[.contentType] = nil
        headers[.wwwAuthenticate] = nil
        return render(
            "error", title: text.errorTitle, view: ErrorPageView(status: apiError.status.code, message: message),
            request: request, session: session, status: apiError.status, headers: headers)
    }
}
