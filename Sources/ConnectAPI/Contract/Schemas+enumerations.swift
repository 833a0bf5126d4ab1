import ConnectCore

// The contract's enumerations from and to the domain's. Each switch is exhaustive, so a case added
// on either side without the other fails the build.

extension Schemas.OrganizationType {
    init(_ kind: Organization.Kind) {
        switch kind {
        case .company: self = .company
        case .researchInstitute: self = .researchInstitute
        case .university: self = .university
        case .publicInstitution: self = .publicInstitution
        }
    }
}

extension Schemas.ProgramStatus {
    init(_ status: FundingProgram.Status) {
        switch status {
        case .active: self = .active
        case .expired: self = .expired
        case .archived: self = .archived
        }
    }
}

extension Schemas.Eligibility {
    init(_ eligibility: Eligibility) {
        switch eligibility {
        case .fully: self = .fully
        case .conditionally: self = .conditionally
        case .ineligible: self = .ineligible
        }
    }
}

extension Schemas.AnswerSource {
    init(_ source: AnswerSource) {
        switch source {
        case .ai: self = .ai
        case .local: self = .local
        case .fallback: self = .fallback
        }
    }
}

extension Schemas.UserRole {
    init(_ role: UserAccount.Role) {
        switch role {
        case .user: self = .user
        case .admin: self = .admin
        }
    }
}

extension Schemas.JobStatus {
    init(_ status: JobRecord.Status) {
        switch status {
        case .queued: self = .queued
        case .running: self = .running
        case .succeeded: self = .succeeded
        case .failed: self = .failed
        case .dead: self = .dead
        }
    }
}

extension Schemas.FeedbackServiceType {
    init(_ service: FeedbackRepository.Service) {
        switch service {
        case .matchExplanation: self = .matchExplanation
        case .qaChat: self = .qaChat
        }
    }

    /// The domain's service.
    var domain: FeedbackRepository.Service {
        switch self {
        case .matchExplanation: .matchExplanation
        case .qaChat: .qaChat
        }
    }
}

extension Schemas.FeedbackRating {
    init(_ rating: FeedbackRepository.Rating) {
        switch rating {
        case .helpful: self = .helpful
        case .notHelpful: self = .notHelpful
        }
    }

    /// The domain's rating.
    var domain: FeedbackRepository.Rating {
        switch self {
        case .helpful: .helpful
        case .notHelpful: .notHelpful
        }
    }
}

extension Schemas.AIMonitoringStats.BreakerPayload.StatePayload {
    init(_ state: CircuitBreaker.State) {
        switch state {
        case .closed: self = .closed
        case .open: self = .open
        case .halfOpen: self = .halfOpen
        }
    }
}
