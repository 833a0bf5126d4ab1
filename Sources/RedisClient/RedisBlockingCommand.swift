/// Which commands make the server hold the connection until something happens (`BLPOP`,
/// `XREADGROUP … BLOCK`, `WAIT`). Pipelined behind one, every other caller's command would wait
/// as long, so ``RedisPool`` runs them on a connection of their own.
enum RedisBlockingCommand {
    private static let names: Set<String> = [
        "BLPOP", "BRPOP", "BRPOPLPUSH", "BLMOVE", "BLMPOP", "BZPOPMIN", "BZPOPMAX", "BZMPOP", "WAIT", "WAITAOF",
        "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "MONITOR",
    ]

    private static let initials: Set<UInt8> = Set("bwspmx".utf8)

    /// Whether `arguments` (the name first) is a command that can block.
    static func blocks(_ arguments: [any RedisArgument]) -> Bool {
        guard let first = arguments.first else { return false }
        let given = (first as? String) ?? String(decoding: first.redisBytes, as: UTF8.self)
        // Most commands (GET, SET, HSET, INCR, EVALSHA…) are ruled out by their first letter.
        guard given.utf8.count <= 10, let initial = given.utf8.first, Self.initials.contains(initial | 0x20) else { return false }
        let name = given.uppercased()
        if names.contains(name) { return true }
        guard name == "XREAD" || name == "XREADGROUP" else { return false }
        return arguments.dropFirst().contains { String(decoding: $0.redisBytes, as: UTF8.self).uppercased() == "BLOCK" }
    }
}
