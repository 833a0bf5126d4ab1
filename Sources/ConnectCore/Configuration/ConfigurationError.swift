/// A configuration variable whose value cannot be used.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public var variable: String
    public var reason: String

    public var description: String { "\(variable): \(reason)" }
}
