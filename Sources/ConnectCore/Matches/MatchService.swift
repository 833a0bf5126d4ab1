import Foundation

/// An organization's matches as its members use them: listed through the match-list cache,
/// summed up on its members' dashboards (cached beside the lists), viewed, saved, explained and
/// regenerated. The one place that knows which changes make an organization's cached lists and
/// dashboards stale — a first view (directly or through its explanation), saving or unsaving a
/// match or a program (when that changed the match or the member's saved programs), a profile
/// change, a new generation — and drops them.
public struct MatchService: Sendable {
    private let matches: MatchRepository
    private let saved: SavedProgramRepository
    private let explanations: ExplanationService
    /// Encoded match-list pages and dashboards per organization (`cache:matches`).
    private let lists: RedisCache
    /// Rebuilds of a page in flight, per organization, page and cache generation: the requests
    /// that miss it at once share one read (writes keep invalidating busy organizations' lists).
    let rebuilds = SingleFlight<String, [UInt8]>()

    public init(matches: MatchRepository, saved: SavedProgramRepository, explanations: ExplanationService, lists: RedisCache) {
        self.matches = matches
        self.saved = saved
        self.explanations = explanations
        self.lists = lists
    }

    /// One page of the organization's matches as `encode` writes it: from the cache when it holds
    /// the page, else read, encoded and cached.
    /// - Returns: the encoded page and whether it came from the cache.
    public func listPage(
        organizationID: UUID, status: MatchStatusFilter?, page: Int, limit: Int, encode: (Page<MatchRecord>) throws -> [UInt8]
    ) async throws -> (bytes: [UInt8], cached: Bool) {
        let entry = "\(status?.rawValue ?? "all")|\(page)|\(limit)"
        let cached = await lists.get(owner: organizationID, entry: entry)
        if let bytes = cached.bytes { return (bytes, true) }
        func read() async throws -> [UInt8] {
            try encode(try await matches.list(organizationID: organizationID, status: status, page: page, limit: limit))
        }
        // Only a read that knows the generation joins others: one that started before a write
        // it must see (its generation is older) never answers a request made after it.
        guard let generation = cached.generation else { return (try await read(), false) }
        do {
            let (bytes, _) = try await rebuilds.run(key: "\(organizationID)|\(entry)|\(generation)") {
                let bytes = try await read()
                await lists.set(owner: organizationID, entry: entry, bytes: bytes, generation: generation)
                return bytes
            }
            return (bytes, false)
        } catch is CancellationError where !Task.isCancelled {
            // The request that led the shared read was cancelled, not this one: read for itself.
            return (try await read(), false)
        }
    }

    /// A member's dashboard as `build` encodes it: from the cache while nothing it shows changed
    /// and none of its deadlines passed (`build` says until when its deadlines hold), else built
    /// and cached.
    /// - Returns: the encoded dashboard and whether it came from the cache.
    public func dashboard(
        organizationID: UUID, userID: UUID, build: () async throws -> (bytes: [UInt8], validUntil: Date?)
    ) async throws -> (bytes: [UInt8], cached: Bool) {
        let entry = "dashboard|\(userID)"
        let cached = await lists.get(owner: organizationID, entry: entry)
        if let stored = cached.bytes, let bytes = TimeBoundEntry.value(stored, at: Date()) { return (Array(bytes), true) }
        let built = try await build()
        await lists.set(
            owner: organizationID, entry: entry, bytes: TimeBoundEntry.encode(built.bytes, validUntil: built.validUntil),
            generation: cached.generation)
        return (built.bytes, false)
    }

    /// One page of the organization's matches, read as it is now (the browser pages).
    public func list(organizationID: UUID, status: MatchStatusFilter?, page: Int, limit: Int) async throws -> Page<MatchRecord> {
        try await matches.list(organizationID: organizationID, status: status, page: page, limit: limit)
    }

    /// How many matches the organization has: all, new, viewed and saved.
    public func counts(organizationID: UUID) async throws -> (total: Int, new: Int, viewed: Int, saved: Int) {
        try await matches.counts(organizationID: organizationID)
    }

    /// The organization's nearest deadlines among its matches.
    public func upcomingDeadlines(organizationID: UUID, limit: Int) async throws -> [UpcomingDeadline] {
        try await matches.upcomingDeadlines(organizationID: organizationID, limit: limit)
    }

    /// A match without marking it viewed.
    public func find(_ id: UUID, organizationID: UUID) async throws -> MatchRecord? {
        try await matches.find(id, organizationID: organizationID)
    }

    /// A match, marked viewed; `nil` when the organization has no such match.
    public func view(_ id: UUID, organizationID: UUID) async throws -> MatchRecord? {
        guard let viewed = try await matches.view(id, organizationID: organizationID) else { return nil }
        if viewed.firstView { await lists.invalidate(owner: organizationID) }
        return viewed.record
    }

    /// A match's explanation (marking the match viewed); `nil` when the organization has no such match.
    public func explain(matchID: UUID, organizationID: UUID, userID: UUID, language: AnswerLanguage) async throws -> ExplanationService.Result? {
        guard let result = try await explanations.explain(matchID: matchID, organizationID: organizationID, userID: userID, language: language)
        else { return nil }
        if result.firstView { await lists.invalidate(owner: organizationID) }
        return result
    }

    /// Saves or unsaves a match (mirrored into the user's saved programs); `nil` when the
    /// organization has no such match. Drops the cached lists and dashboards when the match or
    /// the user's saved programs changed.
    public func setSaved(_ id: UUID, organizationID: UUID, userID: UUID, saved: Bool) async throws -> MatchRecord? {
        guard let outcome = try await matches.setSaved(id, organizationID: organizationID, userID: userID, saved: saved) else { return nil }
        if outcome.changed { await lists.invalidate(owner: organizationID) }
        return outcome.record
    }

    /// Saves a program for the user (and marks the organization's match of it saved); `false`
    /// when there is no such program.
    public func saveProgram(_ programID: UUID, userID: UUID, organizationID: UUID?) async throws -> Bool {
        guard let changed = try await saved.save(programID: programID, userID: userID, organizationID: organizationID) else { return false }
        if changed, let organizationID { await lists.invalidate(owner: organizationID) }
        return true
    }

    /// Unsaves a program for the user (and the organization's match of it).
    public func unsaveProgram(_ programID: UUID, userID: UUID, organizationID: UUID?) async throws {
        if try await saved.unsave(programID: programID, userID: userID, organizationID: organizationID), let organizationID {
            await lists.invalidate(owner: organizationID)
        }
    }

    /// The organization's profile changed.
    public func profileChanged(organizationID: UUID) async {
        await lists.invalidate(owner: organizationID)
    }

    /// A generation replaced the organization's matches: the lists go, and the best `prewarm`
    /// matches get their explanations written ahead of their first request.
    /// - Returns: how many explanations were written.
    @discardableResult
    public func regenerated(organizationID: UUID, prewarm: Int) async -> Int {
        await lists.invalidate(owner: organizationID)
        return await explanations.prewarm(organizationID: organizationID, count: prewarm)
    }
}
