/// `/sign-in`: the e-mail typed so far, where to go after, and what went wrong.
struct SignInView {
    var email: String
    var next: String
    var error: String?
}
