import Hummingbird
import NIOCore

/// The request context of the simulator's routes: Hummingbird's basics plus the connection,
/// which a hanging request closes when it is let go.
public struct SimulatorRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}
