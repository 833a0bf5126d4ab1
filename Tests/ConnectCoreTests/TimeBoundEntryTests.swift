import Foundation
import Testing

@testable import ConnectCore

/// A cached value with a time limit: served before it, a miss from it on.
@Suite struct TimeBoundEntryTests {
    @Test func aValueIsServedUntilItsInstant() throws {
        let now = Date(timeIntervalSince1970: 1_796_000_000.5)
        let value = Array("{\"대시보드\":1}".utf8)
        let later = TimeBoundEntry.encode(value, validUntil: now.addingTimeInterval(0.002))
        #expect(TimeBoundEntry.value(later, at: now).map(Array.init) == value)
        #expect(TimeBoundEntry.value(later, at: now.addingTimeInterval(0.002)) == nil)
        #expect(TimeBoundEntry.value(TimeBoundEntry.encode(value, validUntil: now), at: now) == nil)
        #expect(TimeBoundEntry.value(TimeBoundEntry.encode(value, validUntil: nil), at: .distantFuture).map(Array.init) == value)
        #expect(TimeBoundEntry.value(Array(later.prefix(7)), at: now) == nil)
        #expect(TimeBoundEntry.value(TimeBoundEntry.encode([], validUntil: nil), at: now).map(Array.init) == [])
    }
}
