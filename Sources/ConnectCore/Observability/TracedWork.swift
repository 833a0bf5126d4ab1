/// Whether the current task serves a traced request or job: only then do statements, commands
/// and model calls become spans (background polls and batch writes would otherwise each start
/// a trace of their own).
public enum TracedWork {
    /// Set by the request's and the job's span for the work inside them.
    @TaskLocal public static var active = false
}
