/// The platform's version, reported by `/api/health` and `connect --version`.
public enum ConnectVersion {
    public static let current = "0.1.0"
}
