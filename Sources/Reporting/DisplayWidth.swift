extension String {
    /// Columns this string takes in a monospaced terminal.
    ///
    /// `count` counts grapheme clusters (what a reader calls characters), which is already
    /// right for `α`, `β`, `−` or `é` written with a combining accent: one column each, though
    /// two or three bytes in UTF-8. It is wrong for East Asian wide characters and emoji, which
    /// take two columns, and for zero-width characters (a lone zero-width space), which take
    /// none. This follows Unicode's East Asian Width property (UAX #11) for the common ranges.
    var displayWidth: Int {
        reduce(0) { $0 + $1.displayWidth }
    }
}

extension Character {
    var displayWidth: Int {
        let scalars = unicodeScalars
        guard let first = scalars.first else { return 0 }
        if scalars.allSatisfy(\.isZeroWidth) { return 0 }
        // An emoji presentation selector makes even a narrow base (☺ U+263A) wide.
        if scalars.contains("\u{FE0F}") || first.isWide { return 2 }
        return 1
    }
}

extension Unicode.Scalar {
    /// East Asian Wide (W) and Fullwidth (F) ranges, and emoji shown as pictures.
    var isWide: Bool {
        switch value {
        case 0x1100...0x115F,    // Hangul Jamo initial consonants
             0x2E80...0x303E,    // CJK radicals, Kangxi, CJK symbols and punctuation
             0x3041...0x33FF,    // Hiragana, Katakana, Bopomofo, CJK compatibility
             0x3400...0x4DBF,    // CJK Unified Ideographs Extension A
             0x4E00...0x9FFF,    // CJK Unified Ideographs
             0xA000...0xA4CF,    // Yi
             0xAC00...0xD7A3,    // Hangul syllables
             0xF900...0xFAFF,    // CJK compatibility ideographs
             0xFE30...0xFE4F,    // CJK compatibility forms
             0xFF00...0xFF60,    // Fullwidth forms
             0xFFE0...0xFFE6,    // Fullwidth signs
             0x1F300...0x1F64F,  // Miscellaneous symbols and pictographs, emoticons
             0x1F900...0x1F9FF,  // Supplemental symbols and pictographs
             0x20000...0x3FFFD:  // CJK Extensions B and later
            return true
        default:
            return false
        }
    }

    /// Combining marks, format characters (zero-width space, joiners) and controls.
    var isZeroWidth: Bool {
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return true
        default: return false
        }
    }
}
