// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "LSTMKit",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "LSTMKit", targets: ["LSTMKit"]),
        .library(name: "LSTMKitOneDNN", targets: ["LSTMKitOneDNN"]),
        .library(name: "LSTMKitApps", targets: ["LSTMKitApps"]),
        .library(name: "LSTMKitMPI", targets: ["LSTMKitMPI"]),
        .executable(name: "lstm", targets: ["lstm"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // YAML for `lstm search --space FILE.yaml`.
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        // The message runtime of TensorBoard's event files (Logging/Proto; the generated Swift is committed).
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        // HTML for `lstm report` (the SVG charts in it are LSTMKitApps/Report's own).
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
        // `swift package generate-documentation` (the DocC API reference, Scripts/check-docs.sh). A command
        // plugin: nothing of it is built by `swift build` or `swift test`.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // OpenBLAS through pkg-config on Linux; on Apple platforms Kernels/BLAS.swift uses Accelerate instead.
        .systemLibrary(
            name: "CBLAS",
            path: "Sources/CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // zlib, to read the gzip-compressed datasets.
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // kissfft (Debian libkissfft-dev, BSD-3-Clause), the real FFT of the audio features. On Apple platforms
        // the features use the reference DFT instead (Audio/RealFFT.swift says which one ran). No pkgConfig: its
        // -D flags are prohibited for SwiftPM, and the header is found under /usr/include/kissfft.
        .systemLibrary(
            name: "CKissFFT",
            path: "Sources/CKissFFT",
            providers: [.apt(["libkissfft-dev"])]
        ),
        // oneDNN 2.6 (Debian libdnnl-dev, no pkg-config file), used only by LSTMKitOneDNN.
        .systemLibrary(
            name: "CDNNL",
            path: "Sources/CDNNL",
            providers: [.apt(["libdnnl-dev"])]
        ),
        // Open MPI (Debian libopenmpi-dev, pkg-config ompi-c), used only by LSTMKitMPI (data-parallel training).
        .systemLibrary(
            name: "CMPI",
            path: "Sources/CMPI",
            pkgConfig: "ompi-c",
            providers: [.apt(["libopenmpi-dev"])]
        ),
        // LSTMKit's native kernels for the per-step work of the fused LSTM and GRU (C, AVX-512, AVX2 + FMA and
        // NEON from one source; no compiler flags: per-function target attributes and a run-time CPU check).
        .target(
            name: "CRecurrent",
            path: "Sources/CRecurrent",
            linkerSettings: [.linkedLibrary("pthread", .when(platforms: [.linux]))]
        ),
        .target(
            name: "LSTMKit",
            dependencies: [
                "CRecurrent",
                .target(name: "CBLAS", condition: .when(platforms: [.linux])),
                "CZlib",
                .target(name: "CKissFFT", condition: .when(platforms: [.linux])),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Sources/LSTMKit",
            exclude: ["Logging/Proto/tensorboard.proto", "Export/Proto/onnx.proto", "Export/Proto/SOURCE.md"]
        ),
        // The oneDNN backend (`implementation: .oneDNN`), in its own target so that LSTMKit and the `lstm`
        // executable do not link libdnnl. On Apple platforms it builds without oneDNN and always declines.
        .target(
            name: "LSTMKitOneDNN",
            dependencies: ["LSTMKit", .target(name: "CDNNL", condition: .when(platforms: [.linux]))],
            path: "Sources/LSTMKitOneDNN"
        ),
        // Data-parallel training over MPI (`LSTMKit.Communicator` for `GradientSynchronizer`), in its own target
        // so that LSTMKit does not link MPI. On Apple platforms it builds without MPI and cannot initialize.
        .target(
            name: "LSTMKitMPI",
            dependencies: ["LSTMKit", .target(name: "CMPI", condition: .when(platforms: [.linux]))],
            path: "Sources/LSTMKitMPI"
        ),
        // The applications above the model core: one Task per application, its typed config and checkpoint
        // schema, the examples. The CLI only parses options into these configs and prints their reports.
        .target(
            name: "LSTMKitApps",
            dependencies: ["LSTMKit", .product(name: "Plot", package: "Plot")],
            path: "Sources/LSTMKitApps"
        ),
        .executableTarget(
            name: "lstm",
            dependencies: [
                "LSTMKit",
                "LSTMKitApps",
                "LSTMKitMPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Sources/lstm"
        ),
        // Micro-benchmarks: a separate executable so the library never depends on benchmark code.
        .executableTarget(
            name: "lstmkit-bench",
            dependencies: ["LSTMKit", "LSTMKitOneDNN", .target(name: "CBLAS", condition: .when(platforms: [.linux]))],
            path: "Benchmarks/lstmkit-bench"
        ),
        // Helpers shared by the test targets (expectClose, randomTensor, expectGradientsMatch).
        .target(
            name: "LSTMKitTestSupport",
            dependencies: ["LSTMKit"],
            path: "Tests/LSTMKitTestSupport"
        ),
        .testTarget(
            name: "LSTMKitTests",
            dependencies: ["LSTMKit", "LSTMKitTestSupport"],
            path: "Tests/LSTMKitTests",
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "LSTMKitOneDNNTests",
            dependencies: ["LSTMKitOneDNN", "LSTMKit", "LSTMKitTestSupport"],
            path: "Tests/LSTMKitOneDNNTests"
        ),
        .testTarget(
            name: "LSTMKitAppsTests",
            dependencies: ["LSTMKitApps", "LSTMKit", "LSTMKitTestSupport"],
            path: "Tests/LSTMKitAppsTests"
        ),
        // Tests of the `lstm` command: argument parsing, data loading through the CLI, error messages.
        .testTarget(
            name: "lstmTests",
            dependencies: ["lstm", "LSTMKit", "LSTMKitApps", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Tests/lstmTests"
        ),
    ]
)
