import NIOCore
import NIOHTTP1

extension HTTPHeaders {
    /// The fields of a header section ``HTTPResponseParser`` has checked: `name: value` lines
    /// ending in CR LF or LF, values without their surrounding whitespace.
    init(headerBlock: ByteBuffer) {
        self.init()
        headerBlock.withUnsafeReadableBytes { bytes in
            var lineStart = 0
            while lineStart < bytes.count {
                let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
                var end = lineEnd
                if end > lineStart, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                if let colon = bytes[lineStart..<end].firstIndex(of: UInt8(ascii: ":")) {
                    var valueStart = colon + 1
                    var valueEnd = end
                    while valueStart < valueEnd, bytes[valueStart] == 0x20 || bytes[valueStart] == 0x09 { valueStart += 1 }
                    while valueEnd > valueStart, bytes[valueEnd - 1] == 0x20 || bytes[valueEnd - 1] == 0x09 { valueEnd -= 1 }
                    add(
                        name: String(decoding: UnsafeRawBufferPointer(rebasing: bytes[lineStart..<colon]), as: UTF8.self),
                        value: String(decoding: UnsafeRawBufferPointer(rebasing: bytes[valueStart..<valueEnd]), as: UTF8.self))
                }
                lineStart = lineEnd + 1
            }
        }
    }
}
