import Foundation

/// User hardware profiles (`--hardware-file`), in JSON (the format of `data/hardware.json`) or
/// TOML (`HardwareFile+TOML.swift`, example `data/my-hardware.toml`), told apart by extension:
///
///     {"profiles": [{"slug": "my-gpu", "name": "…", "peak_dense_flops": {"bf16": 4e14},
///                    "memory_gb": 96, "memory_bandwidth_gb_per_s": 4000,
///                    "price_usd_per_gpu_hour": 2.1, "board_power_w": 700,
///                    "sources": {"price": "our contract"}}]}
///
/// Only `slug`, `peak_dense_flops` and `price_usd_per_gpu_hour` are required. An unknown key is
/// an error (a misspelt `memory_gbs` would otherwise be silently ignored). A user profile with
/// a built-in slug replaces the built-in one.
public enum HardwareFile {
    struct Document: Codable { var profiles: [HardwareProfile] }

    /// The keys a profile may have (`HardwareProfile.CodingKeys`).
    static let profileKeys = ["slug", "name", "peak_dense_flops", "memory_gb", "memory_bandwidth_gb_per_s",
                              "price_usd_per_gpu_hour", "board_power_w", "sources"]

    public static func decode(_ data: Data, origin: String) throws -> [HardwareProfile] {
        try checkKeys(data, origin: origin)
        do {
            return try JSONDecoder().decode(Document.self, from: data).profiles
        } catch let error as PlanningError {
            throw PlanningError.invalidInput("\(origin): \(error.description)")
        } catch let DecodingError.keyNotFound(key, context) {
            throw PlanningError.invalidInput("\(origin): \(path(context)) missing key '\(key.stringValue)'")
        } catch let DecodingError.typeMismatch(type, context), let DecodingError.valueNotFound(type, context) {
            throw PlanningError.invalidInput("\(origin): \(path(context)) expected \(type == Double.self ? "a number" : type == String.self ? "a string" : "\(type)")")
        } catch {
            throw PlanningError.invalidInput("\(origin): not a hardware file (expected {\"profiles\": [...]} in JSON, or [[profiles]] tables in TOML)")
        }
    }

    /// Reads `path` as TOML when it ends in `.toml`, as JSON when it ends in `.json`.
    public static func read(path: String) throws -> [HardwareProfile] {
        let format = (path as NSString).pathExtension.lowercased()
        guard format == "json" || format == "toml" else {
            throw PlanningError.invalidInput("\(path): a hardware file must end in .json or .toml (the extension says how to read it)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PlanningError.invalidInput("\(path): cannot read the hardware file (does it exist?)")
        }
        guard format == "toml" else { return try decode(data, origin: path) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PlanningError.invalidInput("\(path): not UTF-8 text (TOML files are UTF-8)")
        }
        return try decodeTOML(text, origin: path)
    }

    /// Unknown keys at the top level and in each profile, named with the profile they are in.
    private static func checkKeys(_ data: Data, origin: String) throws {
        guard let document = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return }
        for key in document.keys.sorted() where key != "profiles" {
            throw PlanningError.invalidInput("\(origin): unknown key '\(key)' at the top level (expected only 'profiles')")
        }
        guard let profiles = document["profiles"] as? [Any] else { return }
        for (i, element) in profiles.enumerated() {
            guard let profile = element as? [String: Any] else { continue }
            for key in profile.keys.sorted() where !profileKeys.contains(key) {
                let slug = (profile["slug"] as? String).map { " ('\($0)')" } ?? ""
                throw PlanningError.invalidInput("\(origin): profiles[\(i)]\(slug): unknown key '\(key)' (known: \(profileKeys.joined(separator: ", ")))")
            }
        }
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

    /// `profiles[0].memory_gb:` (TOML: the first `[[profiles]]` table), or nothing at the top.
    private static func path(_ context: DecodingError.Context) -> String {
        var p = ""
        for key in context.codingPath {
            if let i = key.intValue { p += "[\(i)]" } else { p += (p.isEmpty ? "" : ".") + key.stringValue }
        }
        return p.isEmpty ? "" : p + ":"
    }
}
