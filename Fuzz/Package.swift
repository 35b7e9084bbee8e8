// swift-tools-version:6.0
// libFuzzer targets for every file reader of LSTMKit (issue 17). A package of its own, so that `swift build` and
// `swift test` of the root package never compile a fuzzer. Build and run with Scripts/fuzz.sh, which passes
// `-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library` (libFuzzer supplies `main`).
import PackageDescription

/// One executable per reader: Sources/<name>/<name>.swift exports `LLVMFuzzerTestOneInput`.
let readers: [(name: String, apps: Bool)] = [
    ("safetensors", false), ("checkpoint", true), ("pytorch", false), ("timeseries-csv", false),
    ("labeled-csv", false), ("ts", false), ("text", false), ("gzip", false), ("wav", false), ("midi", false),
    ("conll", false), ("parallel", false), ("treebank", false), ("tar", false), ("search-space", false),
    ("vocabulary", false),
]

let package = Package(
    name: "LSTMKitFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "LSTMKit", path: "..")],
    targets: [
        .target(name: "FuzzSupport", path: "Sources/FuzzSupport"),
    ] + readers.map { reader in
        .executableTarget(
            name: "fuzz-\(reader.name)",
            dependencies: ["FuzzSupport", .product(name: "LSTMKit", package: "LSTMKit")]
                + (reader.apps ? [.product(name: "LSTMKitApps", package: "LSTMKit")] : []),
            path: "Sources/\(reader.name)"
        )
    }
)
