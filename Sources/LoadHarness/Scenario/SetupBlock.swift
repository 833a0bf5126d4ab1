/// Steps run before the test, `count` times (`{{index}}` is 0…count−1); each repetition's
/// captures form one record. VU n works with record (n − 1) mod count, so with ten logged-in
/// users every VU has a token and real ids, like k6's `setup()` data.
struct SetupBlock: Sendable, Equatable {
    let name: String
    let count: Int
    let steps: [Step]
}
