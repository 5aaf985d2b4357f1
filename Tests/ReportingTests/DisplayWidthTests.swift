import Testing
@testable import Reporting

@Suite struct DisplayWidthTests {
    /// Columns counted by hand: Greek letters and the minus sign are narrow (one column,
    /// though two or three UTF-8 bytes); CJK ideographs are wide (two columns).
    @Test(arguments: [
        ("α", 1), ("β", 1), ("−28%", 4), ("e\u{301}", 1), ("日本", 4), ("a\u{200B}b", 2), ("", 0),
        ("⚠\u{FE0F}", 2),
    ])
    func widths(text: String, columns: Int) {
        #expect(text.displayWidth == columns)
    }

    @Test func utf8BytesAreNotColumns() {
        #expect("α".utf8.count == 2 && "α".displayWidth == 1)
        #expect("−".utf8.count == 3 && "−".displayWidth == 1)
    }
}
