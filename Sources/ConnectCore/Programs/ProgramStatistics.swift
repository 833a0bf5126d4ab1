/// Counts over the program catalogue.
public struct ProgramStatistics: Sendable, Equatable {
    public var totalPrograms: Int
    public var activePrograms: Int
    public var totalAgencies: Int
    /// Programs per agency code.
    public var byAgency: [String: Int]
}
