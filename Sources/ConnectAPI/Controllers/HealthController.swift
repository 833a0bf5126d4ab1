import ConnectCore
import Foundation
import Hummingbird
import NIOHTTP1
import Synchronization

/// `GET /api/health/live` (liveness, touches nothing) and `GET /api/health` (readiness: checks
/// PostgreSQL and both Redis instances; 200 `ok` or 503 `degraded`).
public struct HealthController<Context: RequestContext>: Sendable {
    let dependencies: PlatformDependencies
    /// Probes that shared one check get the same bytes: the body is encoded once per check.
    private let lastBody = EncodedHealthBody()

    public init(dependencies: PlatformDependencies) {
        self.dependencies = dependencies
    }

    public func addRoutes(to group: RouterGroup<Context>) {
        group.get("health/live", use: live)
        group.get("health", use: readiness)
    }

    @Sendable func live(_ request: Request, context: Context) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                 body: .init(byteBuffer: LiveBody.buffer))
    }

    @Sendable func readiness(_ request: Request, context: Context) async throws -> Response {
        let answer = await Self.readinessAnswer(dependencies: dependencies, lastBody: lastBody)
        return Response(
            status: .init(code: Int(answer.status.code)),
            headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: .init(byteBuffer: answer.body))
    }

    /// Runs the readiness check (or joins the one in flight) and encodes its answer, once per
    /// check when `lastBody` is shared by the probes. Used by the route and by the probes answered
    /// on the event loop (``ReadinessAnswers``).
    static func readinessAnswer(dependencies: PlatformDependencies, lastBody: EncodedHealthBody) async -> ReadinessAnswer {
        let report = await dependencies.health.check()
        let body: ByteBuffer
        if let cached = lastBody.body(for: report.checkedAt) {
            body = cached
        } else {
            // A struct of strings and numbers: encoding cannot fail.
            let encoded = try? JSONEncoder.apiWithMilliseconds.encode(Schemas.HealthReport(report, dependencies: dependencies))
            body = ByteBuffer(bytes: encoded ?? Data())
            lastBody.store(body, for: report.checkedAt)
        }
        return ReadinessAnswer(status: report.isHealthy ? .ok : .serviceUnavailable, body: body)
    }
}

/// The last encoded readiness body and the check it belongs to.
final class EncodedHealthBody: Sendable {
    private let last = Mutex<(checkedAt: Date, body: ByteBuffer)?>(nil)

    func body(for checkedAt: Date) -> ByteBuffer? {
        last.withLock { $0?.checkedAt == checkedAt ? $0?.body : nil }
    }

    func store(_ body: ByteBuffer, for checkedAt: Date) {
        last.withLock { $0 = (checkedAt, body) }
    }
}

/// The fixed body of `GET /api/health/live`.
enum LiveBody {
    static let buffer = ByteBuffer(string: #"{"status":"ok"}"#)
}

extension ISO8601DateFormatter {
    /// `2026-11-22T12:14:03.123Z`.
    nonisolated(unsafe) static let withFractionalSeconds: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()
}
