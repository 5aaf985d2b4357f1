import Foundation

extension NSNumber {
    /// JSONSerialization returns `true`/`false` as NSNumber too; they carry the Objective-C
    /// type code of `char` ("c"), which no JSON number gets. (`value is Bool` cannot tell:
    /// on Linux it is also true for the numbers 0 and 1.)
    public var isJSONBoolean: Bool { objCType.pointee == CChar(UInt8(ascii: "c")) }
}
