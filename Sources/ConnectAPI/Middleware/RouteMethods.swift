import HTTPTypes
import Hummingbird
import Synchronization

/// The methods each route path is served with, so a request with another method on a known path
/// is answered 405 with `Allow`, not 404. Filled once the router's routes are all added.
///
/// Every unknown path asks (the router's 404 comes here first), so the table is kept ready for
/// the question: paths grouped by their number of components, each group in the router's order of
/// preference, each path's methods sorted once.
public final class RouteMethods: Sendable {
    /// One served path and its methods, sorted.
    private struct Entry: Sendable {
        let path: RouterPath
        /// Each component's text where it is literal, `nil` for a capture.
        let literals: [String?]
        let methods: [HTTPRequest.Method]

        init(path: RouterPath, methods: [HTTPRequest.Method]) {
            self.path = path
            self.literals = path.components.map { RouteMethods.isLiteral($0) ? $0.description : nil }
            self.methods = methods
        }

        func matches(_ components: [Substring]) -> Bool {
            for (index, component) in components.enumerated() {
                if let literal = literals[index] {
                    guard literal == component else { return false }
                } else {
                    guard path.components[index] ~= component else { return false }
                }
            }
            return true
        }
    }

    /// Served paths by their number of components, best first within each count.
    private let table = Mutex<[Int: [Entry]]>([:])

    public init() {}

    /// Records the routes of `router`.
    public func install(_ routes: [Router<some RequestContext>.RouteDescription]) {
        var byPath: [String: (path: RouterPath, methods: [HTTPRequest.Method])] = [:]
        for route in routes {
            byPath[route.path.description, default: (route.path, [])].methods.append(route.method)
        }
        var byCount: [Int: [Entry]] = [:]
        for (path, methods) in byPath.values {
            byCount[path.components.count, default: []].append(Entry(path: path, methods: methods.sorted { $0.rawValue < $1.rawValue }))
        }
        for count in byCount.keys {
            byCount[count]?.sort { Self.isPreferred($0.path, over: $1.path) }
        }
        table.withLock { $0 = byCount }
    }

    /// The methods served at `path`, sorted; empty when no route matches it. Where several
    /// routes match, the router's choice counts: literal components before captures, from the left
    /// (`/api/matches/generate` before `/api/matches/{id}`).
    public func methods(for path: String) -> [HTTPRequest.Method] {
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let candidates = table.withLock({ $0[components.count] }) else { return [] }
        return candidates.first { $0.matches(components) }?.methods ?? []
    }

    /// Whether the router takes `path` before `other` where both match: the first component where
    /// one is literal text and the other is not decides.
    private static func isPreferred(_ path: RouterPath, over other: RouterPath) -> Bool {
        for (element, otherElement) in zip(path.components, other.components) {
            let (literal, otherLiteral) = (isLiteral(element), isLiteral(otherElement))
            if literal != otherLiteral { return literal }
        }
        return false
    }

    /// Whether a path component is literal text: equality with text holds for a literal only,
    /// never for a capture.
    private static func isLiteral(_ element: RouterPath.Element) -> Bool {
        element == element.description
    }
}
