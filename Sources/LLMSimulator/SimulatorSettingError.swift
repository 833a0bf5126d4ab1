/// A simulator setting that cannot be used (a latency that does not parse, an error rate above
/// one), with a message that names the setting.
public struct SimulatorSettingError: Error, CustomStringConvertible, Equatable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
