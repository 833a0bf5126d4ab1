import Configuration

/// One environment variable the server reads. The table of them (``all``) is the one place their
/// defaults are written: the reader falls back to a default's text exactly as if it had been set,
/// `connect serve --help` prints the table, and docs/OPERATIONS.md is checked against it.
public struct ConfigurationVariable: Sendable {
    /// What an unset variable means.
    public enum Default: Sendable {
        /// This text, read as if it had been set.
        case value(String)
        /// No text: the reader decides (an unset API key is the offline model), described here.
        case described(String)
    }

    /// The variable's name, as set in the environment or a `.env` file.
    public let name: String
    public let defaultValue: Default
    /// What it sets, for `--help` and the operations guide.
    public let meaning: String
    /// A secret (or a URL that may hold a password): also read from the file `NAME_FILE` names,
    /// and shown as `<REDACTED>` wherever configuration is logged.
    public let isSecret: Bool
    /// The whole numbers a numeric variable accepts.
    let range: ClosedRange<Int>?

    init(_ name: String, _ defaultValue: Default, range: ClosedRange<Int>? = nil, isSecret: Bool = false, _ meaning: String) {
        self.name = name
        self.defaultValue = defaultValue
        self.range = range
        self.isSecret = isSecret
        self.meaning = meaning
    }

    /// The default as `--help` and the guide show it.
    public var shownDefault: String {
        switch defaultValue {
        case .value(let text): text
        case .described(let text): text
        }
    }

    /// Its key for swift-configuration (`DB_POOL_SIZE` is `db.pool.size`, which the environment
    /// provider encodes back to `DB_POOL_SIZE`).
    var key: ConfigKey { ConfigKey(name.lowercased().split(separator: "_").map(String.init)) }

    /// A whole number in `range`, `defaultValue` when unset.
    static func int(_ name: String, _ defaultValue: String, in range: ClosedRange<Int>, _ meaning: String) -> Self {
        Self(name, .value(defaultValue), range: range, meaning)
    }

    /// `true` or `false`, `defaultValue` when unset.
    static func flag(_ name: String, _ defaultValue: Bool, _ meaning: String) -> Self {
        Self(name, .value(defaultValue ? "true" : "false"), meaning)
    }

    /// Text, `defaultValue` when unset.
    static func text(_ name: String, _ defaultValue: String, _ meaning: String) -> Self {
        Self(name, .value(defaultValue), meaning)
    }

    /// Text whose absence the reader interprets (described by `unset`).
    static func optional(_ name: String, unset: String, _ meaning: String) -> Self {
        Self(name, .described(unset), meaning)
    }

    /// A secret, also read from `NAME_FILE`.
    static func secret(_ name: String, _ defaultValue: Default, _ meaning: String) -> Self {
        Self(name, defaultValue, isSecret: true, meaning)
    }
}
