/// A scenario file that cannot be used: where (file, line, column) and why.
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, as given on the command line.
    public let file: String
    /// The line, from 1 (0 when the problem is not tied to one, e.g. an unreadable file).
    public let line: Int
    /// The column, from 1 (0 when unknown).
    public let column: Int
    /// What is wrong.
    public let reason: String

    /// - Parameters:
    ///   - file: the file.
    ///   - line: the line, from 1.
    ///   - column: the column, from 1.
    ///   - reason: what is wrong.
    public init(file: String, line: Int, column: Int = 0, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
    }

    /// `file:line:column: reason`, the form editors and compilers use.
    public var description: String {
        switch (line, column) {
        case (0, _): "\(file): \(reason)"
        case (_, 0): "\(file):\(line): \(reason)"
        default: "\(file):\(line):\(column): \(reason)"
        }
    }
}
