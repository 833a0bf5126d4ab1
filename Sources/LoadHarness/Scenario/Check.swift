/// A named check on a response, counted in the `checks` rate (sub-metric `checks{check:NAME}`);
/// a failed check does not fail the request or stop the iteration, as in k6.
struct Check: Sendable, Equatable {
    let name: String
    let condition: Condition
}
