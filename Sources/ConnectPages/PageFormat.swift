import ConnectAPI
import ConnectCore
import Foundation

/// Money, dates and deadlines written for people, in Korean or English (Korea's time zone).
struct PageFormat: Sendable {
    let language: AnswerLanguage
    let now: Date

    private static let seoul = TimeZone(identifier: "Asia/Seoul") ?? .gmt

    /// `5억 원`, `3,000만 원` / `₩500 million`, `₩1.2 billion`.
    func budget(_ won: Int64?) -> String? {
        guard let won, won > 0 else { return nil }
        let value = Double(won)
        if language == .korean {
            if won >= 100_000_000 { return "\(Self.trim(value / 100_000_000))억 원" }
            if won >= 10_000 { return "\(Self.grouped(won / 10_000))만 원" }
            return "\(Self.grouped(won)) 원"
        }
        if won >= 1_000_000_000 { return "₩\(Self.trim(value / 1_000_000_000)) billion" }
        if won >= 1_000_000 { return "₩\(Self.trim(value / 1_000_000)) million" }
        return "₩\(Self.grouped(won))"
    }

    /// `2026-05-31` in Korea's calendar.
    func day(_ date: Date?) -> String? {
        guard let date else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.seoul
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        guard let year = parts.year, let month = parts.month, let day = parts.day else { return nil }
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// `2026-05-31 (D-12)` / `2026-05-31 (12 days left)`.
    func deadline(_ date: Date?) -> String? {
        guard let date, let text = day(date) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.seoul
        let days = calendar.dateComponents([.day], from: calendar.startOfDay(for: now), to: calendar.startOfDay(for: date)).day ?? 0
        if language == .korean {
            return days >= 0 ? "\(text) (D-\(days))" : "\(text) (마감)"
        }
        switch days {
        case ..<0: return "\(text) (closed)"
        case 0: return "\(text) (today)"
        case 1: return "\(text) (1 day left)"
        default: return "\(text) (\(days) days left)"
        }
    }

    /// `TRL 5–8`, `TRL 3+`, or nil when the program sets no range.
    func trlRange(min: Int?, max: Int?) -> String? {
        switch (min, max) {
        case let (low?, high?): return "TRL \(low)–\(high)"
        case let (low?, nil): return "TRL \(low)+"
        case let (nil, high?): return "TRL ≤\(high)"
        default: return nil
        }
    }

    private static func trim(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    }

    private static func grouped(_ value: Int64) -> String {
        let digits = Array(String(value))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }
}
