/// Row counts after seeding, printed by `connect seed` and compared by the idempotency test.
public struct SeedSummary: Sendable, Equatable, CustomStringConvertible {
    public var programs: Int
    public var organizations: Int
    public var users: Int
    public var matches: Int

    public var description: String {
        "\(programs) programs, \(organizations) organizations, \(users) users, \(matches) matches"
    }
}
