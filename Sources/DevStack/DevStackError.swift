/// Why the local stack could not be brought up or down.
public enum DevStackError: Error, CustomStringConvertible, Sendable {
    case missingProgram(String)
    case missingPackages([String])
    case commandFailed(String, Int32, String)
    case notReady(String)

    public var description: String {
        switch self {
        case .missingProgram(let name):
            return "\(name) is not installed (run as root to have it installed, or install it with apt-get)"
        case .missingPackages(let packages):
            return "missing Debian packages: \(packages.joined(separator: " ")); run `sudo apt-get install \(packages.joined(separator: " "))` or run as root"
        case .commandFailed(let command, let status, let output):
            return "`\(command)` exited with \(status):\n\(output.suffix(2000))"
        case .notReady(let what):
            return "\(what) did not become ready in time"
        }
    }
}
