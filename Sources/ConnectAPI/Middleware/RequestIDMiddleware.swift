import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// Gives every response an `X-Request-Id`: the caller's, when it sent a sane one, else a new one.
/// The same id is put in the request's log metadata.
public struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let requestID: String
        if let incoming = request.headers[.requestID], Self.isAcceptable(incoming) {
            requestID = incoming
        } else {
            requestID = Self.generate()
        }
        var context = context
        context.logger[metadataKey: "request_id"] = .string(requestID)
        var response = try await next(request, context)
        response.headers[.requestID] = requestID
        return response
    }

    /// Up to 128 visible ASCII characters; anything else is replaced, so logs stay clean.
    static func isAcceptable(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.count <= 128 && value.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    /// 32 hex digits: a random per-process prefix and a counter, unique without a syscall per request.
    static func generate() -> String {
        RequestIDSequence.prefix + String(RequestIDSequence.counter.add(1, ordering: .relaxed).newValue, radix: 16).leftPadded(to: 16)
    }
}

/// The process-wide source of generated request ids.
enum RequestIDSequence {
    static let prefix = String(UInt64.random(in: .min ... .max), radix: 16).leftPadded(to: 16)
    static let counter = Atomic<UInt64>(0)
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
