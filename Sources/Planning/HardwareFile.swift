import Foundation

/// User hardware profiles in JSON (`--hardware-file`), the format of `data/hardware.json`:
///
///     {"profiles": [{"slug": "my-gpu", "name": "…", "peak_dense_flops": {"bf16": 4e14},
///                    "memory_gb": 96, "memory_bandwidth_gb_per_s": 4000,
///                    "price_usd_per_gpu_hour": 2.1, "sources": {"price": "our contract"}}]}
///
/// Only `slug`, `peak_dense_flops` and `price_usd_per_gpu_hour` are required. A user profile
/// with a built-in slug replaces the built-in one.
public enum HardwareFile {
    struct Document: Codable { var profiles: [HardwareProfile] }

    public static func decode(_ data: Data, origin: String) throws -> [HardwareProfile] {
        do {
            return try JSONDecoder().decode(Document.self, from: data).profiles
        } catch let error as PlanningError {
            throw PlanningError.invalidInput("\(origin): \(error.description)")
        } catch let DecodingError.keyNotFound(key, context) {
            throw PlanningError.invalidInput("\(origin): \(path(context)) missing \"\(key.stringValue)\"")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw PlanningError.invalidInput("\(origin): \(path(context)) \(context.debugDescription)")
        } catch {
            throw PlanningError.invalidInput("\(origin): not a hardware file (expected {\"profiles\": [...]}, JSON)")
        }
    }

    public static func read(path: String) throws -> [HardwareProfile] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PlanningError.invalidInput("\(path): cannot read the hardware file (does it exist?)")
        }
        return try decode(data, origin: path)
    }

    /// Built-in profiles with `user` ones added (same slug: the user's wins).
    public static func merged(_ user: [HardwareProfile], over builtIn: [HardwareProfile] = HardwareCatalog.builtIn) -> [HardwareProfile] {
        let userSlugs = Set(user.map { $0.slug.lowercased() })
        return builtIn.filter { !userSlugs.contains($0.slug.lowercased()) } + user
    }

    public static func encode(_ profiles: [HardwareProfile]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(Document(profiles: profiles))
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let p = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return p.isEmpty ? "" : "at \(p):"
    }
}
