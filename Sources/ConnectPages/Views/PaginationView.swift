/// Where a listing is (`2 / 5`) and the addresses of its neighbouring pages.
struct PaginationView {
    var position: String
    var previousURL: String?
    var nextURL: String?

    /// Nil when everything fits on one page.
    init?(page: Int, totalPages: Int, url: (Int) -> String) {
        guard totalPages > 1 else { return nil }
        position = "\(page) / \(totalPages)"
        previousURL = page > 1 ? url(min(page - 1, totalPages)) : nil
        nextURL = page < totalPages ? url(page + 1) : nil
    }
}
