import Foundation
import TOMLKit

/// User hardware profiles in TOML: the same keys as the JSON file, one `[[profiles]]` table
/// per accelerator (see `data/my-hardware.toml`):
///
///     [[profiles]]
///     slug = "my-gpu"
///     price_usd_per_gpu_hour = 2.1
///     [profiles.peak_dense_flops]
///     bf16 = 4e14
///
/// The document is turned into the JSON object model and decoded by the one JSON decoder, so
/// both formats accept exactly the same profiles and report errors the same way. (TOMLKit's
/// own `Decodable` support does not read a TOML integer as a `Double`: `memory_gb = 80` would
/// be refused.)
extension HardwareFile {
    public static func decodeTOML(_ text: String, origin: String) throws -> [HardwareProfile] {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let at = error.source.begin
            throw PlanningError.invalidInput("\(origin):\(at.line):\(at.column): \(error.description)")
        }
        let object = foundationObject(table)
        let data = try JSONSerialization.data(withJSONObject: object)
        return try decode(data, origin: origin)
    }

    /// A TOML value as a JSON-compatible Foundation object: integers become numbers like
    /// floats; dates and times (which no hardware key takes) become their TOML text.
    private static func foundationObject(_ value: TOMLValueConvertible) -> Any {
        if let table = value.table {
            var out: [String: Any] = [:]
            for (key, member) in table { out[key] = foundationObject(member) }
            return out
        }
        if let array = value.array { return array.map(foundationObject) }
        if let string = value.string { return string }
        if let int = value.int { return Double(int) }
        if let double = value.double { return double }
        if let bool = value.bool { return bool }
        return value.debugDescription
    }
}
