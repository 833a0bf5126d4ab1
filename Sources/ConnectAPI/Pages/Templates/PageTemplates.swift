/// The pages' Mustache templates and their stylesheet and script, compiled into the binary so no
/// resource bundle has to ship beside `connect` (one file per template: `PageTemplates+name.swift`).
enum PageTemplates {
    /// Every template by the name pages render it with.
    static let all: [(name: String, text: String)] = [
        ("layout", layout),
        ("programs", programs),
        ("program", program),
        ("sign-in", signIn),
        ("dashboard", dashboard),
        ("match", match),
        ("match-card", matchCard),
        ("error", error),
        ("pagination", pagination),
        ("explanation", explanation),
    ]
}
