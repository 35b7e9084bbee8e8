// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "LSTMKit",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "LSTMKit", targets: ["LSTMKit"]),
        .executable(name: "lstm", targets: ["lstm"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // OpenBLAS through pkg-config on Linux; on Apple platforms Kernels/BLAS.swift uses Accelerate instead.
        .systemLibrary(
            name: "CBLAS",
            path: "Sources/CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(
            name: "LSTMKit",
            dependencies: [.target(name: "CBLAS", condition: .when(platforms: [.linux]))],
            path: "Sources/LSTMKit"
        ),
        .executableTarget(
            name: "lstm",
            dependencies: [
                "LSTMKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/lstm"
        ),
        // Micro-benchmarks: a separate executable so the library never depends on benchmark code.
        .executableTarget(
            name: "lstmkit-bench",
            dependencies: ["LSTMKit", .target(name: "CBLAS", condition: .when(platforms: [.linux]))],
            path: "Benchmarks/lstmkit-bench"
        ),
        .testTarget(
            name: "LSTMKitTests",
            dependencies: ["LSTMKit"],
            path: "Tests/LSTMKitTests",
            resources: [.copy("Fixtures")]
        ),
    ]
)
