/// A metric's name and tag set; a non-empty tag set names a k6 sub-metric, e.g.
/// `http_req_duration{status:200}`.
public struct MetricKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The metric's name, e.g. `http_req_duration`.
    public let name: String
    /// The tags, sorted by name.
    public let tags: [Tag]

    /// One tag of a sub-metric.
    public struct Tag: Hashable, Sendable {
        /// The tag's name.
        public let name: String
        /// The tag's value.
        public let value: String
    }

    /// A tag set sorted once, for recording one sample under several metric names.
    public struct Tags: Sendable {
        let sorted: [Tag]

        /// - Parameter tags: the tags, in any order.
        public init(_ tags: [String: String]) {
            sorted = tags.map { Tag(name: $0.key, value: $0.value) }.sorted { $0.name < $1.name }
        }
    }

    /// - Parameters:
    ///   - name: the metric's name.
    ///   - tags: the sub-metric's tags (none for the metric itself).
    public init(_ name: String, tags: [String: String] = [:]) {
        self.name = name
        self.tags = tags.isEmpty ? [] : Tags(tags).sorted
    }

    /// - Parameters:
    ///   - name: the metric's name.
    ///   - tags: the sub-metric's tags, already sorted.
    public init(_ name: String, tags: Tags) {
        self.name = name
        self.tags = tags.sorted
    }

    public var description: String {
        tags.isEmpty ? name : "\(name){\(tags.map { "\($0.name):\($0.value)" }.joined(separator: ","))}"
    }

    public static func < (lhs: MetricKey, rhs: MetricKey) -> Bool {
        lhs.name != rhs.name ? lhs.name < rhs.name : lhs.description < rhs.description
    }
}
