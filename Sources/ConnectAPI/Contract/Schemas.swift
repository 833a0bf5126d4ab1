import Hummingbird

/// The request and response types of the API: generated at build time from `openapi.yaml` (the
/// contract) by swift-openapi-generator. The files beside this one build them from the domain's
/// types and read the domain's values out of them; a contract change the code does not follow is a
/// build error.
typealias Schemas = Components.Schemas

// Answers a handler returns as they are, encoded with the context's encoder.
extension Schemas.ProgramStats: ResponseEncodable {}
extension Schemas.MatchEnvelope: ResponseEncodable {}
extension Schemas.OrganizationEnvelope: ResponseEncodable {}
extension Schemas.Session: ResponseEncodable {}
extension Schemas.UserEnvelope: ResponseEncodable {}
extension Schemas.Dashboard: ResponseEncodable {}
extension Schemas.JobAccepted: ResponseEncodable {}
extension Schemas.Job: ResponseEncodable {}
extension Schemas.SaveResult: ResponseEncodable {}
extension Schemas.SavedPrograms: ResponseEncodable {}
extension Schemas.Feedback: ResponseEncodable {}
extension Schemas.AIMonitoringStats: ResponseEncodable {}
