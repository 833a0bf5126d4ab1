/// A 4xx or 5xx page.
struct ErrorPageView {
    var status: Int
    var message: String
}
