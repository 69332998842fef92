// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Gouji",
    products: [
        .executable(name: "gouji", targets: ["gouji"]),
        .library(name: "GoujiKit", targets: ["GoujiKit"]),
    ],
    targets: [
        // The system zlib (inflate, crc32) for .docx/.xlsx; no third-party package.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "GoujiKit", dependencies: ["CZlib"], path: "Sources/GoujiKit"),
        .executableTarget(name: "gouji", dependencies: ["GoujiKit"], path: "Sources/gouji"),
        // libFuzzer targets (Scripts/fuzz.sh builds them with -sanitize=fuzzer); built plainly, each
        // runs the files it is given through the same function.
        .executableTarget(name: "fuzz-reader", dependencies: ["GoujiKit"], path: "Sources/Fuzz/fuzz-reader"),
        .executableTarget(name: "fuzz-extractor", dependencies: ["GoujiKit"], path: "Sources/Fuzz/fuzz-extractor"),
        .executableTarget(name: "fuzz-rules", dependencies: ["GoujiKit"], path: "Sources/Fuzz/fuzz-rules"),
        .testTarget(
            name: "GoujiKitTests",
            dependencies: ["GoujiKit"],
            path: "Tests/GoujiKitTests"
        ),
    ],
    swiftLanguageModes: [.v6]
)
