import NIOCore
import NIOHTTP1

extension HTTPHeaders {
    /// The fields of a header section ``HTTPResponseParser`` has checked: `name: value` lines
    /// ending in CR LF, values without their surrounding whitespace.
    package init(headerBlock: ByteBuffer) {
        self.init()
        headerBlock.withUnsafeReadableBytes { bytes in
            _ = HTTPResponseParser.forEachLine(in: bytes) { line in
                guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return nil }
                let value = HTTPResponseParser.trimmed(UnsafeRawBufferPointer(rebasing: line[(colon + 1)...]))
                add(
                    name: String(decoding: UnsafeRawBufferPointer(rebasing: line[..<colon]), as: UTF8.self),
                    value: String(decoding: value, as: UTF8.self))
                return nil
            }
        }
    }
}
