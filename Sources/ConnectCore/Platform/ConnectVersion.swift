/// The platform's version, reported by `/api/health` and `connect --version`.
public enum ConnectVersion {
    public static let current = "0.1.0"
    /// The service name in health output.
    public static let serviceName = "Connect Platform"
}
