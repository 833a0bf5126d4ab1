import Histogram

/// A trend in a summary file: exact count, sum, minimum and maximum in microseconds, and the
/// histogram's non-empty buckets as `[valueMicroseconds, count]` pairs. Decoding replays the pairs
/// into an empty histogram of the same layout, so counts and every percentile come back exactly.
extension Trend: Codable {
    private enum CodingKeys: String, CodingKey {
        case count, sumMicroseconds, minMicroseconds, maxMicroseconds, buckets
    }

    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        for pair in try container.decode([[UInt64]].self, forKey: .buckets) {
            guard pair.count == 2, pair[0] <= Self.highestTrackableMicroseconds else {
                throw DecodingError.dataCorruptedError(
                    forKey: .buckets, in: container, debugDescription: "expected [valueMicroseconds, count] pairs up to 1 h")
            }
            histogram.record(pair[0], count: pair[1])
        }
        let count = try container.decode(UInt64.self, forKey: .count)
        guard histogram.totalCount == count else {
            throw DecodingError.dataCorruptedError(
                forKey: .count, in: container, debugDescription: "count \(count) but the buckets hold \(histogram.totalCount)")
        }
        sumMicroseconds = try container.decode(Double.self, forKey: .sumMicroseconds)
        guard count > 0 else { return }
        minMicroseconds = try container.decode(UInt64.self, forKey: .minMicroseconds)
        maxMicroseconds = try container.decode(UInt64.self, forKey: .maxMicroseconds)
        guard histogram.valuesAreEquivalent(minMicroseconds, histogram.min),
            maxMicroseconds == histogram.maxRecorded
        else {
            throw DecodingError.dataCorruptedError(
                forKey: .minMicroseconds, in: container, debugDescription: "minimum or maximum outside the buckets")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(count, forKey: .count)
        try container.encode(sumMicroseconds, forKey: .sumMicroseconds)
        if count > 0 {
            try container.encode(minMicroseconds, forKey: .minMicroseconds)
            try container.encode(maxMicroseconds, forKey: .maxMicroseconds)
        }
        try container.encode(buckets, forKey: .buckets)
    }

    /// The non-empty buckets as `[value, count]`. A bucket is recorded at its lowest value, except
    /// that the minimum and the maximum are recorded as themselves: the histogram clamps
    /// percentiles to them, so a replay must restore both exactly.
    var buckets: [[UInt64]] {
        guard count > 0 else { return [] }
        var pairs: [[UInt64]] = []
        for bucket in histogram.recordedValues() {
            var extremes: [UInt64] = []
            for value in [minMicroseconds, maxMicroseconds]
            where histogram.valuesAreEquivalent(value, bucket.value) && !extremes.contains(value) {
                extremes.append(value)
            }
            guard let first = extremes.first else {
                pairs.append([histogram.lowestEquivalentForValue(bucket.value), bucket.count])
                continue
            }
            pairs.append([first, bucket.count - UInt64(extremes.count - 1)])
            for value in extremes.dropFirst() { pairs.append([value, 1]) }
        }
        return pairs
    }
}
