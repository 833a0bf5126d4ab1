/// A kind of user (new visitor, power user): each iteration picks one by weight and runs its
/// steps, tagged `persona:NAME`.
struct Persona: Sendable, Equatable {
    let name: String
    let weight: Double
    let steps: [Step]
}
