import Foundation

/// Finds the project's data folders (`migrations/`, `seed/`) when no path is given: in the
/// working directory or its parents, then beside the executable (`.build/release/connect`).
enum ProjectPaths {
    static func locate(_ folder: String, environmentVariable: String) throws -> String {
        if let explicit = ProcessInfo.processInfo.environment[environmentVariable], !explicit.isEmpty { return explicit }
        var candidates: [URL] = []
        var directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        for _ in 0..<4 {
            candidates.append(directory)
            directory.deleteLastPathComponent()
        }
        var executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(executable)
            executable.deleteLastPathComponent()
        }
        for candidate in candidates {
            let path = candidate.appendingPathComponent(folder).path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { return path }
        }
        throw ValidationErrorMessage("cannot find the \(folder)/ folder; run from the project folder or set \(environmentVariable)")
    }
}

/// An error whose description is shown to the user as is.
struct ValidationErrorMessage: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
