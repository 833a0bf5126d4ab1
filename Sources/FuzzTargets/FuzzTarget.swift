/// What the project parses by hand, as fuzz targets: each takes arbitrary bytes and stops the
/// process (a finding) only when an invariant breaks; refusing an input is fine. libFuzzer
/// drives them in `connect-fuzz` (`make fuzz`); the saved corpus and every crash found are
/// replayed by `FuzzRegressionTests` in `make test`.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The load client's HTTP/1.1 response parser, against NIOHTTP1's decoder.
    case httpResponse = "http-response"
    /// Scenario files: YAML through ``ScenarioLoader``.
    case scenario
    /// The load client's JSON reader and JSON paths.
    case jsonPath = "json-path"
    /// RESP replies through hiredis's reader and our conversion.
    case resp
    /// PostgreSQL text values and array literals into Swift values.
    case postgresText = "postgres-text"
    /// The strict JSON check of request bodies, against Foundation's parser.
    case strictJSON = "strict-json"

    /// Runs one input.
    public func run(_ data: UnsafeRawBufferPointer) {
        switch self {
        case .httpResponse: HTTPResponseFuzzing.run(data)
        case .scenario: ScenarioFuzzing.run(data)
        case .jsonPath: JSONPathFuzzing.run(data)
        case .resp: RESPFuzzing.run(data)
        case .postgresText: PostgresTextFuzzing.run(data)
        case .strictJSON: StrictJSONFuzzing.run(data)
        }
    }

    /// Runs one input.
    public func run(_ data: [UInt8]) {
        data.withUnsafeBytes { run($0) }
    }
}

/// A broken invariant: the finding libFuzzer saves the input for.
func violated(_ invariant: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError("fuzz invariant violated: \(invariant())", file: file, line: line)
}
