import ConnectCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Synchronization

/// Gives every response an `X-Request-Id`: the caller's, when it sent a sane one, else a new one.
/// The same id is put in the request's log metadata, and the request's task runs with its
/// ``RequestLogContext``, so every line logged for it, in any layer, carries the id.
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
        var response = try await RequestLogContext.$current.withValue(RequestLogContext(requestID: requestID)) {
            try await next(request, context)
        }
        response.headers[.requestID] = requestID
        return response
    }

    /// Up to 128 visible ASCII characters; anything else is replaced, so logs stay clean.
    static func isAcceptable(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.count <= 128 && value.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    /// 32 hex digits: a random per-process prefix and a counter, unique without a syscall per
    /// request, written straight into the string's storage (every response carries one).
    static func generate() -> String {
        let prefix = RequestIDSequence.prefix
        let counter = RequestIDSequence.counter.add(1, ordering: .relaxed).newValue
        return String(unsafeUninitializedCapacity: 32) { buffer in
            RequestIDSequence.writeHex(prefix, into: buffer, at: 0)
            RequestIDSequence.writeHex(counter, into: buffer, at: 16)
            return 32
        }
    }
}

/// The process-wide source of generated request ids.
enum RequestIDSequence {
    static let prefix = UInt64.random(in: .min ... .max)
    static let counter = Atomic<UInt64>(0)

    /// Writes `value` as 16 lowercase hex digits, zero-padded, at `offset`.
    static func writeHex(_ value: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        let digits: StaticString = "0123456789abcdef"
        for index in 0..<16 {
            let nibble = Int((value >> UInt64(60 - 4 * index)) & 0xF)
            buffer[offset + index] = digits.utf8Start[nibble]
        }
    }
}
