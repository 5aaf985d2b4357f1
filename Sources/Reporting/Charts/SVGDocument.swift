import Foundation

/// A tiny SVG builder: elements with ordered attributes, text children, and the XML escaping
/// that keeps any label (a file name with `&`, a unit like `<1%`) from breaking the document.
public struct SVGElement: Sendable {
    public var name: String
    public var attributes: [(String, String)]
    public var children: [SVGNode]

    public init(_ name: String, _ attributes: [(String, String)] = [], children: [SVGNode] = []) {
        self.name = name
        self.attributes = attributes
        self.children = children
    }

    /// An element holding only text (escaped when written).
    public init(_ name: String, _ attributes: [(String, String)] = [], text: String) {
        self.init(name, attributes, children: [.text(text)])
    }

    public mutating func append(_ child: SVGElement) { children.append(.element(child)) }
    public mutating func append(contentsOf elements: [SVGElement]) { children += elements.map(SVGNode.element) }

    /// The element as XML, children indented one level per depth.
    func xml(depth: Int = 0) -> String {
        let indent = String(repeating: "  ", count: depth)
        let attrs = attributes.map { " \($0.0)=\"\(XML.escapeAttribute($0.1))\"" }.joined()
        if children.isEmpty { return "\(indent)<\(name)\(attrs)/>" }
        // Text content is written inline so no whitespace creeps into labels.
        if children.contains(where: \.isText) {
            return "\(indent)<\(name)\(attrs)>" + children.map { $0.inlineXML }.joined() + "</\(name)>"
        }
        let inner = children.map { $0.xml(depth: depth + 1) }.joined(separator: "\n")
        return "\(indent)<\(name)\(attrs)>\n\(inner)\n\(indent)</\(name)>"
    }
}

public enum SVGNode: Sendable {
    case element(SVGElement)
    case text(String)

    var isText: Bool { if case .text = self { return true } else { return false } }

    func xml(depth: Int) -> String {
        switch self {
        case let .element(e): return e.xml(depth: depth)
        case let .text(s): return XML.escapeText(s)
        }
    }

    var inlineXML: String {
        switch self {
        case let .element(e): return e.xml(depth: 0)
        case let .text(s): return XML.escapeText(s)
        }
    }
}

/// A whole SVG picture of `width` × `height` user units (CSS pixels).
public struct SVGDocument: Sendable {
    public var width: Double
    public var height: Double
    /// Shown as the picture's `<title>` (what screen readers and browser tooltips say).
    public var title: String?
    public var root: SVGElement

    public init(width: Double, height: Double, title: String? = nil) {
        self.width = width
        self.height = height
        self.title = title
        root = SVGElement("svg", [
            ("xmlns", "http://www.w3.org/2000/svg"), ("version", "1.1"),
            ("width", SVG.number(width)), ("height", SVG.number(height)),
            ("viewBox", "0 0 \(SVG.number(width)) \(SVG.number(height))"),
            ("font-family", SVG.fontFamily),
        ])
        if let title { root.append(SVGElement("title", text: title)) }
    }

    public mutating func append(_ element: SVGElement) { root.append(element) }
    public mutating func append(contentsOf elements: [SVGElement]) { root.append(contentsOf: elements) }

    /// The document with its XML declaration.
    public func render() -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root.xml() + "\n"
    }
}

/// XML 1.0 escaping.
enum XML {
    /// Text content: `&`, `<`, `>` escaped; characters XML 1.0 forbids (most C0 controls,
    /// U+FFFE, U+FFFF) dropped, since no escape can carry them.
    static func escapeText(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars where isAllowed(scalar) {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Attribute values in double quotes: also `"`, and tab and line breaks as character
    /// references (a parser would otherwise normalise them to spaces).
    static func escapeAttribute(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars where isAllowed(scalar) {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            case "\t": out += "&#9;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }
}

/// Shared drawing constants and helpers.
enum SVG {
    static let fontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif"

    /// A coordinate with at most two decimals and no trailing zeros (`12.5`, `300`).
    static func number(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let rounded = (v * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var s = String(format: "%.2f", rounded)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }

    /// Estimated width of `text` at `fontSize`, from DejaVu Sans advance widths rounded up
    /// (digits 0.64 em, capitals 0.7, most lower case 0.6, narrow letters and punctuation
    /// 0.3, spaces 0.32). Used only to size margins, legends and label spacing.
    static func textWidth(_ text: String, fontSize: Double) -> Double {
        let ems = text.reduce(0.0) { sum, ch in
            if ch == " " { return sum + 0.32 }
            if "iljtfr.,:;'|!()[]".contains(ch) { return sum + 0.34 }
            if ch.isNumber { return sum + 0.64 }
            if ch.isUppercase || "mw—×∝".contains(ch) { return sum + 0.72 }
            return sum + 0.6
        }
        return ems * fontSize
    }
}
