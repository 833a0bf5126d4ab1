/// W3C trace context for `--traceparent`: a new trace per request, sampled, so the target's
/// tracing records it and a slow request in a run can be found in the traces by its id.
enum TraceParent {
    /// A `traceparent` value (`00-TRACEID-SPANID-01`) and its trace id.
    static func make() -> (header: String, traceID: String) {
        var generator = SystemRandomNumberGenerator()
        let trace = hex(generator.next() as UInt64 | 1) + hex(generator.next() as UInt64)
        let span = hex(generator.next() as UInt64 | 1)
        return ("00-\(trace)-\(span)-01", trace)
    }

    /// 16 lowercase hex digits.
    private static func hex(_ value: UInt64) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: 16) { buffer in
            for index in 0..<16 { buffer[index] = digits[Int((value >> UInt64(60 - 4 * index)) & 0xF)] }
            return 16
        }
    }
}

/// One of the slowest requests of a run that carried a `traceparent`: where to look in the traces.
public struct TracedRequest: Sendable {
    /// How long it took.
    public var duration: Duration
    /// The request's `name` tag, else its method and path.
    public var name: String
    /// The W3C trace id it was sent with.
    public var traceID: String

    /// `812.31ms  explanation  trace 4bf92f…`, as the run prints it.
    public var line: String { "\(SummaryReport.milliseconds(duration.inSeconds * 1000))  \(name)  trace \(traceID)" }
}
