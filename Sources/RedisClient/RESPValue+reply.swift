import CHiredis

extension RESPValue {
    /// The value of a reply hiredis decoded (a copy: the reply can be freed after).
    init(reply: UnsafeMutablePointer<redisReply>) {
        let node = reply.pointee
        func text() -> [UInt8] {
            guard let pointer = node.str else { return [] }
            return Array(UnsafeRawBufferPointer(start: pointer, count: Int(node.len)))
        }
        switch node.type {
        case REDIS_REPLY_STRING:
            self = .bulkString(text())
        case REDIS_REPLY_STATUS:
            self = .simpleString(String(decoding: text(), as: UTF8.self))
        case REDIS_REPLY_ERROR:
            self = .error(String(decoding: text(), as: UTF8.self))
        case REDIS_REPLY_INTEGER:
            self = .integer(node.integer)
        case REDIS_REPLY_ARRAY:
            var elements: [RESPValue] = []
            elements.reserveCapacity(Int(node.elements))
            for index in 0..<Int(node.elements) {
                if let element = node.element[index] { elements.append(RESPValue(reply: element)) }
            }
            self = .array(elements)
        default:
            self = .null
        }
    }
}
