import HTTPTypes
import Hummingbird
import Synchronization

/// The methods each route path is served with, so a request with another method on a known path
/// is answered 405 with `Allow`, not 404. Filled once the router's routes are all added.
public final class RouteMethods: Sendable {
    private let table = Mutex<[(path: RouterPath, methods: [HTTPRequest.Method])]>([])

    public init() {}

    /// Records the routes of `router`.
    public func install(_ routes: [Router<some RequestContext>.RouteDescription]) {
        var byPath: [String: (path: RouterPath, methods: [HTTPRequest.Method])] = [:]
        for route in routes {
            byPath[route.path.description, default: (route.path, [])].methods.append(route.method)
        }
        table.withLock { $0 = Array(byPath.values) }
    }

    /// The methods served at `path`, sorted; empty when no route matches it. Where several
    /// routes match, the router's choice counts: literal components before captures, from the left
    /// (`/api/matches/generate` before `/api/matches/{id}`).
    public func methods(for path: String) -> [HTTPRequest.Method] {
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        let best = table.withLock { table in
            table.filter { entry in
                entry.path.components.count == components.count
                    && zip(entry.path.components, components).allSatisfy { element, component in element ~= component }
            }
            .max { Self.literals(of: $0.path).lexicographicallyPrecedes(Self.literals(of: $1.path)) { !$0 && $1 } }
        }
        return (best?.methods ?? []).sorted { $0.rawValue < $1.rawValue }
    }

    /// Whether each component of `path` is literal text.
    private static func literals(of path: RouterPath) -> [Bool] {
        // Equality with text holds for a literal component only, never for a capture.
        path.components.map { $0 == $0.description }
    }
}
