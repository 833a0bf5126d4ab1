import NIOCore
import NIOPosix

/// The event loops the harness's connections live on by default: a group of its own, one loop
/// per core, started on first use and kept for the process.
///
/// Not NIO's singleton: when the generator and the server under test share a process (the
/// tests, an in-process bench), a generator saturating the loops it shares would starve the
/// server's own channels (its Redis connections live on the singleton's loops) and measure its
/// own backlog. Separate threads leave the sharing to the kernel's scheduler, as between two
/// processes.
public enum LoadGeneratorLoops {
    /// The harness's default group.
    public static let group: MultiThreadedEventLoopGroup = MultiThreadedEventLoopGroup(
        numberOfThreads: System.coreCount)
}
