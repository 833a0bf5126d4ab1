/// One page of a longer listing, with the total it was cut from.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var page: Int
    public var limit: Int
    public var total: Int

    public init(items: [Item], page: Int, limit: Int, total: Int) {
        self.items = items
        self.page = page
        self.limit = limit
        self.total = total
    }

    /// Pages needed for `total` rows (0 when there are none).
    public var totalPages: Int { total == 0 ? 0 : (total + limit - 1) / limit }
}
