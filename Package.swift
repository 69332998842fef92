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
        .testTarget(
            name: "GoujiKitTests",
            dependencies: ["GoujiKit"],
            path: "Tests/GoujiKitTests"
        ),
    ],
    swiftLanguageModes: [.v6]
)
