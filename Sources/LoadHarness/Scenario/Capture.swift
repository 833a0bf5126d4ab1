/// Stores a value of a response in a variable for the following steps (and, in setup, in the
/// VU's record), e.g. `token: {json: token}` or `matchIds: {json: "matches[*].id"}`.
struct Capture: Sendable, Equatable {
    let variable: String
    let selector: ResponseSelector
}
