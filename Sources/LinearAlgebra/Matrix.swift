/// A dense matrix of `Double`, stored column-major as LAPACK expects.
///
/// A value type: copies are cheap until written (the storage is an `Array`), and it is
/// `Sendable`, so bootstrap workers can each own theirs.
public struct Matrix: Sendable, Equatable, CustomStringConvertible {
    public let rows: Int
    public let columns: Int
    /// Column-major elements: element (i, j) is at `i + j * rows`.
    public var elements: [Double]

    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.elements = Array(repeating: value, count: rows * columns)
    }

    /// A matrix from column-major elements.
    public init(rows: Int, columns: Int, columnMajor elements: [Double]) {
        precondition(elements.count == rows * columns, "expected \(rows * columns) elements, got \(elements.count)")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from rows, the way one writes it down: `Matrix([[1, 2], [3, 4]])`.
    public init(_ rowsOfElements: [[Double]]) {
        let m = rowsOfElements.count
        let n = rowsOfElements.first?.count ?? 0
        precondition(rowsOfElements.allSatisfy { $0.count == n }, "rows of unequal length")
        self.init(rows: m, columns: n)
        for i in 0..<m { for j in 0..<n { self[i, j] = rowsOfElements[i][j] } }
    }

    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    /// A diagonal matrix with `values` on its diagonal.
    public static func diagonal(_ values: [Double]) -> Matrix {
        var m = Matrix(rows: values.count, columns: values.count)
        for (i, v) in values.enumerated() { m[i, i] = v }
        return m
    }

    public subscript(row: Int, column: Int) -> Double {
        get { elements[row + column * rows] }
        set { elements[row + column * rows] = newValue }
    }

    public var isSquare: Bool { rows == columns }

    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for j in 0..<columns { for i in 0..<rows { t[j, i] = self[i, j] } }
        return t
    }

    public var diagonal: [Double] { (0..<min(rows, columns)).map { self[$0, $0] } }

    public func column(_ j: Int) -> [Double] { Array(elements[(j * rows)..<((j + 1) * rows)]) }

    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.columns == rhs.rows, "cannot multiply \(lhs.rows)x\(lhs.columns) by \(rhs.rows)x\(rhs.columns)")
        var out = Matrix(rows: lhs.rows, columns: rhs.columns)
        for j in 0..<rhs.columns {
            for k in 0..<lhs.columns {
                let b = rhs[k, j]
                if b == 0 { continue }
                for i in 0..<lhs.rows { out[i, j] += lhs[i, k] * b }
            }
        }
        return out
    }

    public static func * (lhs: Matrix, rhs: [Double]) -> [Double] {
        precondition(lhs.columns == rhs.count, "cannot multiply \(lhs.rows)x\(lhs.columns) by a vector of \(rhs.count)")
        var out = [Double](repeating: 0, count: lhs.rows)
        for j in 0..<lhs.columns {
            let b = rhs[j]
            for i in 0..<lhs.rows { out[i] += lhs[i, j] * b }
        }
        return out
    }

    public var description: String {
        (0..<rows).map { i in (0..<columns).map { j in "\(self[i, j])" }.joined(separator: "\t") }
            .joined(separator: "\n")
    }
}
