import Foundation

/// A report for a planning document: a title and sections (headings, paragraphs, tables,
/// figures, code blocks), written as `report.md` beside one SVG file per figure, or as one
/// self-contained `report.html` with the figures inline (`ReportDocument+HTML.swift`).
///
/// Writing never overwrites a file scaleplan did not write: the directory keeps a manifest,
/// `.scaleplan-report`, listing each file written with a hash of its contents. A file that
/// is missing from the manifest, or that was edited since, is a conflict; the write is then
/// refused before anything is touched, unless `force` is set.
public struct ReportDocument: Sendable {
    public enum Section: Sendable {
        /// A heading; level 2 is a section, 3 a subsection (the title is the only level 1).
        case heading(String, level: Int = 2)
        /// A paragraph of Markdown, written as given.
        case paragraph(String)
        case table(Table)
        /// A figure written as `name` (e.g. `loss-compute.svg`) and shown with `caption`.
        case figure(name: String, caption: String, svg: String)
        /// Verbatim text (a command and its output) in a fenced block.
        case code(String)
        case bullets([String])
    }

    /// How the report is written: Markdown with SVG files beside it, or one HTML page.
    public enum Format: String, Sendable, CaseIterable {
        case markdown, html
    }

    public static let markdownName = "report.md"
    public static let htmlName = "report.html"
    public static let manifestName = ".scaleplan-report"

    public var title: String
    public var sections: [Section]

    public init(title: String, sections: [Section] = []) {
        self.title = title
        self.sections = sections
    }

    public mutating func append(_ section: Section) { sections.append(section) }

    /// The report as GitHub-flavoured Markdown; figures are linked by their file names.
    public func markdown() -> String {
        var blocks = ["# " + title.singleLine]
        for section in sections {
            switch section {
            case let .heading(text, level):
                blocks.append(String(repeating: "#", count: min(6, max(2, level))) + " " + text.singleLine)
            case let .paragraph(text): blocks.append(text)
            case let .table(table): blocks.append(table.render(.markdown).trimmingCharacters(in: .newlines))
            case let .figure(name, caption, _):
                let alt = caption.singleLine.replacingOccurrences(of: "[", with: "\\[").replacingOccurrences(of: "]", with: "\\]")
                blocks.append("![\(alt)](\(name))")
            case let .code(text):
                // A fence longer than any run of backticks inside, so the block cannot end early.
                let longest = text.split(whereSeparator: { $0 != "`" }).map(\.count).max() ?? 0
                let fence = String(repeating: "`", count: max(3, longest + 1))
                blocks.append(fence + "\n" + text.trimmingCharacters(in: .newlines) + "\n" + fence)
            case let .bullets(items): blocks.append(items.map { "- " + $0.singleLine }.joined(separator: "\n"))
            }
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// Every file of the report in `format`, the page first, as (name, contents).
    public func files(_ format: Format = .markdown) -> [(name: String, contents: String)] {
        if format == .html { return [(Self.htmlName, html())] }
        var files = [(Self.markdownName, markdown())]
        for case let .figure(name, _, svg) in sections { files.append((name, svg)) }
        return files
    }

    /// Writes the report's files in `format` into `directory` (created if missing) and returns their
    /// names. Throws `ReportWriteError` without writing anything when a file name is not a
    /// plain file name, appears twice, or would overwrite a file scaleplan did not write (or
    /// that was edited since) and `force` is false.
    @discardableResult
    public func write(to directory: String, format: Format = .markdown, force: Bool = false) throws -> [String] {
        // Figure names are checked in either format, so a report that works as HTML also
        // works as Markdown.
        try Self.validate(names: files(.markdown).map(\.name))
        let files = files(format)
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ReportWriteError.notADirectory(directory)
        }
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ReportWriteError.cannotWrite(path: directory, reason: error.localizedDescription)
        }
        let manifestPath = (directory as NSString).appendingPathComponent(Self.manifestName)
        var manifest = ReportManifest(contentsOf: manifestPath)
        if !force {
            let conflicts = files.compactMap { file -> ReportWriteError.Conflict? in
                let path = (directory as NSString).appendingPathComponent(file.name)
                guard let existing = manager.contents(atPath: path) else {
                    return manager.fileExists(atPath: path) ? .notWrittenByScaleplan(file.name) : nil
                }
                guard let recorded = manifest.hashes[file.name] else { return .notWrittenByScaleplan(file.name) }
                return recorded == ReportManifest.hash(existing) ? nil : .editedSinceWritten(file.name)
            }
            if !conflicts.isEmpty { throw ReportWriteError.wouldOverwrite(directory: directory, conflicts) }
        }
        for file in files {
            let path = (directory as NSString).appendingPathComponent(file.name)
            let data = Data(file.contents.utf8)
            do { try data.write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
                throw ReportWriteError.cannotWrite(path: path, reason: error.localizedDescription)
            }
            manifest.hashes[file.name] = ReportManifest.hash(data)
        }
        // Entries for files that are gone are dropped; the rest (ours from earlier reports) kept.
        manifest.hashes = manifest.hashes.filter { manager.fileExists(atPath: (directory as NSString).appendingPathComponent($0.key)) }
        do { try Data(manifest.text.utf8).write(to: URL(fileURLWithPath: manifestPath), options: .atomic) } catch {
            throw ReportWriteError.cannotWrite(path: manifestPath, reason: error.localizedDescription)
        }
        return files.map(\.name)
    }

    /// File names are plain names inside the directory: letters, digits, `.`, `-`, `_`; not
    /// hidden; not the manifest; each used once.
    static func validate(names: [String]) throws {
        var seen: Set<String> = []
        for name in names {
            let allowed = name.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
                || $0 == "." || $0 == "-" || $0 == "_" }
            guard !name.isEmpty, allowed, !name.hasPrefix("."), name != manifestName else {
                throw ReportWriteError.invalidFileName(name)
            }
            guard seen.insert(name).inserted else { throw ReportWriteError.duplicateFileName(name) }
        }
    }
}
