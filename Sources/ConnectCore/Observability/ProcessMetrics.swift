import Foundation

/// The process's own figures in the Prometheus client libraries' standard names, read from
/// `/proc/self` at scrape time (procfs answers from memory, no disk I/O):
/// `process_resident_memory_bytes`, `process_virtual_memory_bytes`, `process_cpu_seconds_total`,
/// `process_open_fds`, `process_max_fds`, `process_threads`, `process_start_time_seconds`.
/// Off Linux, or when procfs is not mounted, the exposition is empty.
public enum ProcessMetrics {
    /// The figures as Prometheus text, with `HELP` and `TYPE` lines.
    public static func exposition() -> String {
        guard let stat = read("/proc/self/stat"), let fields = statFields(stat) else { return "" }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        // Fields after the command name, numbered as in proc(5) from 3 (state).
        func field(_ number: Int) -> Double? { fields.count > number - 3 ? Double(fields[number - 3]) : nil }
        var lines: [(String, String, String, Double)] = []
        if let user = field(14), let system = field(15), ticks > 0 {
            lines.append(("process_cpu_seconds_total", "counter", "User and system CPU time spent, in seconds.", (user + system) / ticks))
        }
        if let virtual = field(23) {
            lines.append(("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.", virtual))
        }
        if let resident = field(24) {
            lines.append(("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", resident * pageSize))
        }
        if let threads = field(20) {
            lines.append(("process_threads", "gauge", "Number of OS threads in the process.", threads))
        }
        if let started = field(22), ticks > 0, let boot = bootTime() {
            lines.append(("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch, in seconds.", boot + started / ticks))
        }
        if let open = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            lines.append(("process_open_fds", "gauge", "Number of open file descriptors.", Double(open.count)))
        }
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 {
            lines.append(("process_max_fds", "gauge", "Maximum number of open file descriptors.", Double(limit.rlim_cur)))
        }
        return lines.map { name, type, help, value in
            "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n\(name) \(number(value))\n"
        }.joined()
    }

    /// The fields of `/proc/self/stat` after the command name (which may hold spaces and parentheses).
    static func statFields(_ stat: String) -> [Substring]? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
    }

    private static func bootTime() -> Double? {
        guard let text = read("/proc/stat") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    private static func read(_ path: String) -> String? {
        try? String(contentsOfFile: path, encoding: .utf8)
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
