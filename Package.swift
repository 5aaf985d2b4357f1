// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "scaleplan",
    products: [
        .executable(name: "scaleplan", targets: ["scaleplan"]),
        .library(name: "ScalingLaws", targets: ["ScalingLaws"]),
        .library(name: "Fitting", targets: ["Fitting"]),
        .library(name: "Planning", targets: ["Planning"]),
        .library(name: "Reporting", targets: ["Reporting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // LAPACK (Debian: liblapack-dev), declared by hand: see Sources/CLAPACK/clapack.h.
        .systemLibrary(name: "CLAPACK", path: "Sources/CLAPACK",
                       providers: [.apt(["liblapack-dev"])]),
        .target(name: "LinearAlgebra", dependencies: ["CLAPACK"], exclude: ["README.md"]),
        .target(name: "ScalingLaws", dependencies: [.product(name: "CSV", package: "CSV.swift")], exclude: ["README.md"]),
        .target(name: "Fitting", dependencies: ["ScalingLaws", "LinearAlgebra"], exclude: ["README.md"]),
        .target(name: "Planning", dependencies: ["ScalingLaws", .product(name: "TOMLKit", package: "TOMLKit")],
                exclude: ["README.md"]),
        .target(name: "Reporting", dependencies: ["ScalingLaws", "Fitting", "Planning"], exclude: ["README.md"]),
        .executableTarget(name: "scaleplan", dependencies: [
            "ScalingLaws", "Fitting", "Planning", "Reporting",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"]),
        .testTarget(name: "ScalingLawsTests", dependencies: ["ScalingLaws"]),
        .testTarget(name: "FittingTests", dependencies: ["Fitting", "ScalingLaws", "LinearAlgebra"]),
        .testTarget(name: "PlanningTests", dependencies: ["Planning", "ScalingLaws"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting", "Fitting", "Planning", "ScalingLaws"]),
        .testTarget(name: "CLITests", dependencies: ["scaleplan"]),
    ]
)
