/// `--segment`'s value: `I/N` (1 ≤ I ≤ N), or `auto/N` inside a Kubernetes Indexed Job, where
/// each pod's `JOB_COMPLETION_INDEX` (0-based) names its segment, so one pod template serves all N.
public enum SegmentArgument {
    /// The segment (1-based index, count), or nil when `text` is neither form or out of range.
    public static func parse(_ text: String, environment: [String: String]) -> (index: Int, count: Int)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let count = Int(parts[1]), count >= 1 else { return nil }
        let index: Int?
        if parts[0] == "auto" {
            index = environment["JOB_COMPLETION_INDEX"].flatMap { Int($0) }.map { $0 + 1 }
        } else {
            index = Int(parts[0])
        }
        guard let index, (1...count).contains(index) else { return nil }
        return (index, count)
    }
}
