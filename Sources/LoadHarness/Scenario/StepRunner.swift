/// Runs a list of steps for a VU (or a setup repetition): renders each request, sends it,
/// records checks and custom metrics, captures variables, pauses for think times.
struct StepRunner: Sendable {
    /// Why a step list stopped early.
    enum Stop: Error {
        /// The run is being cancelled (end of gracefulStop, abortOnFail, Ctrl-C).
        case cancelled
        /// A step could not be sent or, in setup, a check failed.
        case failed(String)
    }

    let file: String
    /// In setup, a failed check stops the run (there is no test without logged-in users).
    let failOnCheck: Bool
    let errors: RunErrors

    /// Runs `steps`; `send` sends a request and records its built-in metrics.
    func run(
        _ steps: [Step], variables: inout Variables, tags: [String: String], metrics: MetricsSink,
        send: (HTTPRequest) async -> HTTPResult
    ) async throws(Stop) {
        for step in steps {
            if Task.isCancelled { throw .cancelled }
            switch step {
            case .think(let think):
                try await pause(think)
            case .group(let group):
                guard roll(group.probability) else { continue }
                var groupTags = tags
                groupTags["group"] = tags["group"].map { "\($0)::\(group.name)" } ?? group.name
                for _ in 0..<Int.random(in: group.loop) {
                    try await run(group.steps, variables: &variables, tags: groupTags, metrics: metrics, send: send)
                }
            case .request(let request):
                guard roll(request.probability) else { continue }
                try await run(request, variables: &variables, tags: tags, metrics: metrics, send: send)
            }
        }
    }

    private func run(
        _ step: RequestStep, variables: inout Variables, tags: [String: String], metrics: MetricsSink,
        send: (HTTPRequest) async -> HTTPResult
    ) async throws(Stop) {
        var requestTags = tags
        requestTags["name"] = step.name
        let rendered: HTTPRequest
        do {
            rendered = try step.request.render(variables, extraTags: requestTags).request
        } catch {
            let message = "\(file):\(step.line): step '\(step.name)': \(error.reason)"
            errors.record(message)
            throw .failed(message)
        }
        var result = await send(rendered)
        // Abandoned at the end of the run: no checks, captures or metrics from it.
        if result.error?.kind == .cancelled { throw .cancelled }
        var response = ResponseView(result)
        if let retry = step.retry {
            var attempts = 1
            while attempts < retry.attempts, !retry.until.holds(for: response) {
                do { try await Task.sleep(for: retry.every) } catch { throw .cancelled }
                result = await send(rendered)
                if result.error?.kind == .cancelled { throw .cancelled }
                response = ResponseView(result)
                attempts += 1
            }
        }
        var failedCheck: String?
        for check in step.checks {
            let passed = check.condition.holds(for: response)
            metrics.add(rate: BuiltinMetric.checks, passed, tags: ["check": check.name])
            if !passed, failedCheck == nil { failedCheck = check.name }
        }
        for capture in step.captures {
            if let value = capture.selector.select(response) { variables.local[capture.variable] = value }
        }
        for rule in step.metrics { rule.record(response, tags: rendered.tags, into: metrics) }
        if failOnCheck, let failedCheck {
            let detail = result.error.map { "\($0)" } ?? "status \(result.status): \(String(response.bodyText.prefix(200)))"
            throw .failed("\(file):\(step.line): step '\(step.name)' check '\(failedCheck)' failed (\(detail))")
        }
        if let think = step.think { try await pause(think) }
    }

    private func pause(_ think: ThinkTime) async throws(Stop) {
        do {
            try await Task.sleep(for: think.pick())
        } catch {
            throw .cancelled
        }
    }

    private func roll(_ probability: Double) -> Bool {
        probability >= 1 || Double.random(in: 0..<1) < probability
    }
}
